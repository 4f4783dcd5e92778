import { FieldErrors, MessageContract, defineContract } from './contract';
import { text } from './fields';
import { ShareEnvelopeV1, checkShareEnvelope } from './share-envelope.v1';

/** The recipient's acknowledgement that a share arrived and was recorded; on the sender's topic, keyed by `shareId`. */
export interface ShareAcknowledgedV1 extends ShareEnvelopeV1 {
  type: 'share-acknowledged.v1';
  /** When the recipient recorded the share (ISO 8601). */
  acknowledgedAt: string;
}

function check(value: unknown, errors: FieldErrors): void {
  const message = checkShareEnvelope(value, errors, 'share-acknowledged.v1', ['acknowledgedAt']);
  if (message) text(errors, message, '', 'acknowledgedAt', { maxLength: 40, format: 'date-time' });
}

export const ShareAcknowledgedV1: MessageContract<ShareAcknowledgedV1> = defineContract<ShareAcknowledgedV1>({
  name: 'share-acknowledged',
  version: 1,
  description: "The recipient's acknowledgement of a share (sender's topic, key: shareId).",
  check,
  example: {
    messageId: '5d2c3b4e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    type: 'share-acknowledged.v1',
    shareId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    from: 'westmoor-lscb',
    to: 'brightfield-lscb',
    acknowledgedAt: '2026-11-28T10:20:02.000Z',
    signature: 'ZXhhbXBsZS1zaWduYXR1cmUtbm90LWEtcmVhbC1vbmUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
  },
});
