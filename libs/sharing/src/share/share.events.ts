import type { ContentSummary, ShareContent } from '../shared/share-content';
import type { LawfulBasis, SubjectInformed } from '../shared/lawful-basis';
import type { ActorRef } from '../shared/peer';
import type { TlpLabel } from '../shared/tlp';

/**
 * An outbound share, stream `share-{shareId}` at the sending board (DOMAIN.md, "Cross-border
 * sharing"): requested, approved or refused by a sharing officer who is not the requester, sent
 * through the outbox, acknowledged by the recipient, revoked with a reason and the revocation
 * confirmed. A decision not to share is a stream of its own kind, with its reason.
 */

/** Where a share passes on content this board received (onward sharing). */
export interface OnwardFrom {
  /** The received share (`inbound-share-{id}` here). */
  originalShareId: string;
  originalFrom: string;
  originalLabel: TlpLabel;
}

export type ShareRequested = {
  type: 'ShareRequested';
  data: {
    shareId: string;
    from: string;
    peer: { id: string; name: string; kind: 'board' | 'police'; topic: string };
    label: TlpLabel;
    purpose: string;
    lawfulBasis: LawfulBasis;
    subjectInformed: SubjectInformed;
    handlingConditions?: string;
    content: ShareContent;
    contentSummary: ContentSummary;
    requestedBy: ActorRef;
    requestedAt: string;
    /** A request made again after a refusal points at the refused one. */
    previousShareId?: string;
    onwardFrom?: OnwardFrom;
  };
};

export type ShareApproved = { type: 'ShareApproved'; data: { shareId: string; approvedBy: ActorRef; approvedAt: string } };

/** The sharing officer's decision not to share, with its reason. */
export type ShareRefused = { type: 'ShareRefused'; data: { shareId: string; refusedBy: ActorRef; reason: string; refusedAt: string } };

/**
 * The share leaves: everything share-sent.v1 says, written to the outbox in this event's
 * transaction (the relay delivers it at least once).
 */
export type ShareSent = {
  type: 'ShareSent';
  data: {
    shareId: string;
    from: string;
    to: string;
    topic: string;
    label: TlpLabel;
    purpose: string;
    lawfulBasis: LawfulBasis;
    subjectInformed: SubjectInformed;
    handlingConditions?: string;
    requestedBy: ActorRef;
    approvedBy: ActorRef;
    onwardFrom?: OnwardFrom;
    content: ShareContent;
    sentAt: string;
  };
};

export type ShareAcknowledged = { type: 'ShareAcknowledged'; data: { shareId: string; by: string; acknowledgedAt: string; recordedAt: string } };

export type ShareRevoked = {
  type: 'ShareRevoked';
  data: { shareId: string; from: string; to: string; topic: string; reason: string; revokedBy: ActorRef; revokedAt: string };
};

export type ShareRevocationConfirmed = { type: 'ShareRevocationConfirmed'; data: { shareId: string; by: string; confirmedAt: string; recordedAt: string } };

/**
 * A practitioner or sharing officer considered sharing and decided not to: recorded with the
 * reason, as the law expects of a decision not to share.
 */
export type DecidedNotToShare = {
  type: 'DecidedNotToShare';
  data: {
    shareId: string;
    peer: { id: string; name: string; kind: 'board' | 'police' };
    purpose: string;
    contentSummary: ContentSummary;
    reason: string;
    decidedBy: ActorRef;
    decidedAt: string;
  };
};

export type ShareEvent = ShareRequested | ShareApproved | ShareRefused | ShareSent | ShareAcknowledged | ShareRevoked | ShareRevocationConfirmed | DecidedNotToShare;

export const SHARE_EVENT_TYPES: readonly ShareEvent['type'][] = [
  'ShareRequested',
  'ShareApproved',
  'ShareRefused',
  'ShareSent',
  'ShareAcknowledged',
  'ShareRevoked',
  'ShareRevocationConfirmed',
  'DecidedNotToShare',
];

export const shareStreamId = (shareId: string) => `share-${shareId}`;

export const SHARE_STATES = ['requested', 'approved', 'refused', 'sent', 'acknowledged', 'revoked', 'revocation-confirmed', 'not-shared'] as const;
export type ShareState = (typeof SHARE_STATES)[number];
