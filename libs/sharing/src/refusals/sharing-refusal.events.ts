/**
 * A message on this board's share topic that was refused and not applied (issue 5, federation):
 * addressed to another organisation, from one that is not a configured peer, with a signature
 * that is not the claimed sender's, or naming a share that the sender cannot act on. Stream
 * `sharing-refusals`; the message itself is also set aside on `<topic>.dlq`.
 */
export const SHARE_MESSAGE_REFUSAL_REASONS = ['not-addressed-to-this-board', 'unknown-sender', 'bad-signature', 'not-allowed'] as const;
export type ShareMessageRefusalReason = (typeof SHARE_MESSAGE_REFUSAL_REASONS)[number];

export type ShareMessageRefused = {
  type: 'ShareMessageRefused';
  data: {
    messageId: string;
    messageType: string;
    shareId: string;
    /** What the message claimed; not trusted. */
    claimedFrom: string;
    claimedTo: string;
    reason: ShareMessageRefusalReason;
    /** The rule that refused it, naming identifiers only. */
    detail: string;
    source: { topic: string; partition: number; offset: string };
    refusedAt: string;
  };
};

export const SHARING_REFUSALS_STREAM = 'sharing-refusals';
