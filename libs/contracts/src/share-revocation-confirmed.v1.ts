import { FieldErrors, MessageContract, defineContract } from './contract';
import { text } from './fields';
import { ShareEnvelopeV1, checkShareEnvelope } from './share-envelope.v1';

/**
 * The recipient confirms that a revoked share's content is now unreadable there (its key
 * destroyed; the record that it was shared and revoked remains); on the sender's topic.
 */
export interface ShareRevocationConfirmedV1 extends ShareEnvelopeV1 {
  type: 'share-revocation-confirmed.v1';
  confirmedAt: string;
}

function check(value: unknown, errors: FieldErrors): void {
  const message = checkShareEnvelope(value, errors, 'share-revocation-confirmed.v1', ['confirmedAt']);
  if (message) text(errors, message, '', 'confirmedAt', { maxLength: 40, format: 'date-time' });
}

export const ShareRevocationConfirmedV1: MessageContract<ShareRevocationConfirmedV1> = defineContract<ShareRevocationConfirmedV1>({
  name: 'share-revocation-confirmed',
  version: 1,
  description: 'The recipient confirms a revoked share is unreadable there (sender topic, key: shareId).',
  check,
  example: {
    messageId: '7f4e5d6a-8b9c-4d0e-9f2a-3b4c5d6e7f8a',
    type: 'share-revocation-confirmed.v1',
    shareId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    from: 'westmoor-lscb',
    to: 'brightfield-lscb',
    confirmedAt: '2026-11-28T15:00:03.000Z',
    signature: 'ZXhhbXBsZS1zaWduYXR1cmUtbm90LWEtcmVhbC1vbmUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
  },
});
