import { FieldErrors, MessageContract, defineContract } from './contract';
import { text } from './fields';
import { ShareEnvelopeV1, checkShareEnvelope } from './share-envelope.v1';

/**
 * The sender withdraws a share, with its reason; on the recipient's topic, keyed by `shareId`.
 * The recipient must make the content unreadable and confirm (share-revocation-confirmed.v1).
 */
export interface ShareRevokedV1 extends ShareEnvelopeV1 {
  type: 'share-revoked.v1';
  reason: string;
  revokedAt: string;
}

function check(value: unknown, errors: FieldErrors): void {
  const message = checkShareEnvelope(value, errors, 'share-revoked.v1', ['reason', 'revokedAt']);
  if (!message) return;
  text(errors, message, '', 'reason', { maxLength: 2000 });
  text(errors, message, '', 'revokedAt', { maxLength: 40, format: 'date-time' });
}

export const ShareRevokedV1: MessageContract<ShareRevokedV1> = defineContract<ShareRevokedV1>({
  name: 'share-revoked',
  version: 1,
  description: 'The sender revokes a share, with its reason (recipient topic, key: shareId).',
  check,
  example: {
    messageId: '6e3d4c5f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
    type: 'share-revoked.v1',
    shareId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    from: 'brightfield-lscb',
    to: 'westmoor-lscb',
    reason: 'Shared in error: the chronology entries concern another child.',
    revokedAt: '2026-11-28T15:00:00.000Z',
    signature: 'ZXhhbXBsZS1zaWduYXR1cmUtbm90LWEtcmVhbC1vbmUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
  },
});
