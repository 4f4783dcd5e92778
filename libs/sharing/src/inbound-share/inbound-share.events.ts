import type { LawfulBasis, SubjectInformed } from '../shared/lawful-basis';
import type { ActorRef } from '../shared/peer';
import type { ContentSummary, ShareContent } from '../shared/share-content';
import type { TlpLabel } from '../shared/tlp';
import type { OnwardFrom } from '../share/share.events';

/**
 * A share received from a peer, stream `inbound-share-{shareId}` at the recipient: recorded
 * (its content sealed by the event store under a key of its own, subject
 * `inbound-share:{shareId}`: sharing.personal-data.ts), acknowledged to the sender, linked to local
 * records, and, on the sender's revocation, made unreadable: the key is destroyed (an erasure)
 * while the record that the share existed and was revoked remains.
 */

/** The data subject whose key seals a received share's content. */
export const inboundShareSubject = (shareId: string) => `inbound-share:${shareId}`;

export type ShareReceived = {
  type: 'ShareReceived';
  data: {
    shareId: string;
    /** The sending peer, and this board (the recipient). */
    from: { id: string; name: string; kind: 'board' | 'police'; topic: string };
    to: string;
    messageId: string;
    label: TlpLabel;
    purpose: string;
    lawfulBasis: LawfulBasis;
    subjectInformed: SubjectInformed;
    handlingConditions?: string;
    sentBy: { requestedBy: ActorRef; approvedBy: ActorRef };
    onward?: OnwardFrom;
    sentAt: string;
    receivedAt: string;
    contentSummary: ContentSummary;
    /** Sealed in the store; reads as erased once the share is revoked. */
    content: ShareContent;
  };
};

export type InboundShareLinked = {
  type: 'InboundShareLinked';
  data: { shareId: string; to: { kind: 'case' | 'poi'; id: string }; note?: string; linkedBy: ActorRef; linkedAt: string };
};

/** The sender revoked the share: its content key is destroyed here; the confirmation goes back. */
export type InboundShareRevoked = {
  type: 'InboundShareRevoked';
  data: { shareId: string; sender: string; senderTopic: string; recipient: string; reason: string; revokedAt: string; contentDestroyedAt: string };
};

export type InboundShareEvent = ShareReceived | InboundShareLinked | InboundShareRevoked;

export const INBOUND_SHARE_EVENT_TYPES: readonly InboundShareEvent['type'][] = ['ShareReceived', 'InboundShareLinked', 'InboundShareRevoked'];

export const inboundShareStreamId = (shareId: string) => `inbound-share-${shareId}`;

export const INBOUND_LINK_KINDS = ['case', 'poi'] as const;
