import { FieldErrors } from './contract';
import { JsonRecord, object, oneOf, text } from './fields';

/**
 * What every cross-border share message carries (share-sent.v1, share-acknowledged.v1,
 * share-revoked.v1, share-revocation-confirmed.v1): its own id and type, the share, the sending
 * and the receiving organisation, and the sender's Ed25519 signature over the rest.
 */
export interface ShareEnvelopeV1 {
  /** UUID: a redelivery has the same id and is applied once. */
  messageId: string;
  /** The message's contract type, e.g. `share-sent.v1`: what a consumer of the topic dispatches on. */
  type: string;
  /** The share (UUID chosen by the sending board), the same at both ends. */
  shareId: string;
  /** The sending organisation's id (a board or a police force). */
  from: string;
  /** The organisation the message is addressed to: each consumes only what is addressed to it. */
  to: string;
  /**
   * Base64 Ed25519 signature by `from`'s key over the canonical JSON of the message without this
   * field (keys sorted, no spaces): the recipient verifies it with the public key it configured
   * for that peer, so a message claiming to be from a peer is refused unless that peer signed it.
   */
  signature: string;
}

export const SHARE_ENVELOPE_FIELDS = ['messageId', 'type', 'shareId', 'from', 'to', 'signature'] as const;

/** TLP 2.0, least to most restrictive. */
export const SHARE_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type ShareLabel = (typeof SHARE_LABELS)[number];

const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

/** Checks the envelope fields of a share message of `type`; answers the record for the rest of the checks. */
export function checkShareEnvelope(value: unknown, errors: FieldErrors, type: string, fields: readonly string[]): JsonRecord | undefined {
  const message = object(errors, '', value, [...SHARE_ENVELOPE_FIELDS, ...fields]);
  if (!message) return undefined;
  text(errors, message, '', 'messageId', { maxLength: 36, format: 'uuid' });
  oneOf(errors, message, '', 'type', [type]);
  text(errors, message, '', 'shareId', { maxLength: 36, format: 'uuid' });
  text(errors, message, '', 'from', { maxLength: 100, format: 'reference' });
  text(errors, message, '', 'to', { maxLength: 100, format: 'reference' });
  text(errors, message, '', 'signature', { maxLength: 88 });
  if (typeof message.signature === 'string' && message.signature.trim() !== '' && !SIGNATURE.test(message.signature)) {
    errors.add('signature', 'must be a base64 Ed25519 signature (64 bytes)');
  }
  return message;
}
