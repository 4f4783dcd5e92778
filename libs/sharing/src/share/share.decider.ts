import { Decider, DomainError } from '@app/common/domain';
import { LawfulBasis, SubjectInformed } from '../shared/lawful-basis';
import { ActorRef, SharingPeer } from '../shared/peer';
import { ShareContent, summariseContent } from '../shared/share-content';
import { TlpLabel, widens } from '../shared/tlp';
import { OnwardFrom, ShareEvent, ShareRequested, ShareState } from './share.events';

export interface ShareRequest {
  label: TlpLabel;
  purpose: string;
  lawfulBasis: LawfulBasis;
  subjectInformed: SubjectInformed;
  handlingConditions?: string;
  content: ShareContent;
  previousShareId?: string;
  onwardFrom?: OnwardFrom;
}

export type ShareCommand =
  | {
      type: 'RequestShare';
      /** This board's id. */
      from: string;
      /** The configured peer named in the request; undefined when no such peer is configured. */
      peer: SharingPeer | undefined;
      peerId: string;
      data: ShareRequest;
    }
  | { type: 'DecideNotToShare'; peer: SharingPeer | undefined; peerId: string; data: { purpose: string; content: ShareContent; reason: string } }
  | { type: 'ApproveShare' }
  | { type: 'RefuseShare'; reason: string }
  | { type: 'RevokeShare'; reason: string }
  | { type: 'RecordAcknowledgement'; by: string; acknowledgedAt: string }
  | { type: 'RecordRevocationConfirmed'; by: string; confirmedAt: string };

/** Who and when: what every command carries besides its data (who may issue it is the stream's rule, share.stream.ts). */
export type ShareCommandEnvelope = ShareCommand & { shareId: string; now: string; actor: ActorRef };

export interface ShareStateView {
  state: ShareState | 'none';
  requestedBy?: ActorRef;
  request?: ShareRequested['data'];
}

const initialState = (): ShareStateView => ({ state: 'none' });

/**
 * One outbound share: requested to a configured peer with an allowed label, decided by a
 * sharing officer who is not the requester, sent on approval only, revoked with a reason.
 * Onward sharing of received content never widens its label, and RED is never passed on.
 */
export const shareDecider: Decider<ShareCommandEnvelope, ShareEvent, ShareStateView> = {
  initialState,

  decide(command, state) {
    switch (command.type) {
      case 'RequestShare':
        return requestShare(command, state);
      case 'DecideNotToShare':
        return decideNotToShare(command, state);
    }

    if (state.state === 'none') throw new DomainError(`No share ${command.shareId}`, 'share-not-found', 404);
    switch (command.type) {
      case 'ApproveShare':
        return approveShare(command, state);
      case 'RefuseShare':
        return refuseShare(command, state);
      case 'RevokeShare':
        return revokeShare(command, state);
      case 'RecordAcknowledgement':
        return recordAcknowledgement(command, state);
      case 'RecordRevocationConfirmed':
        return recordRevocationConfirmed(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ShareRequested':
        return { state: 'requested', requestedBy: event.data.requestedBy, request: event.data };
      case 'ShareApproved':
        return { ...state, state: 'approved' };
      case 'ShareRefused':
        return { ...state, state: 'refused' };
      case 'ShareSent':
        return { ...state, state: 'sent' };
      case 'ShareAcknowledged':
        return { ...state, state: 'acknowledged' };
      case 'ShareRevoked':
        return { ...state, state: 'revoked' };
      case 'ShareRevocationConfirmed':
        return { ...state, state: 'revocation-confirmed' };
      case 'DecidedNotToShare':
        return { state: 'not-shared', requestedBy: event.data.decidedBy };
      default:
        return state;
    }
  },
};

type ShareCommandOf<T extends ShareCommand['type']> = Extract<ShareCommandEnvelope, { type: T }>;

/** Requested or declined, a new share names a configured peer and something to share. */
function newShare(command: ShareCommandOf<'RequestShare' | 'DecideNotToShare'>, state: ShareStateView) {
  if (state.state !== 'none') throw new DomainError(`Share ${command.shareId} already exists`, 'share-exists', 409);
  const peer = command.peer;
  if (!peer) throw new DomainError(`peerId: ${command.peerId} is not a configured peer of this board`, 'unknown-peer');
  const contentSummary = summariseContent(command.data.content);
  if (!command.data.content.caseSummary && contentSummary.chronologyEntries === 0 && contentSummary.intelligenceItemIds.length === 0) {
    throw new DomainError('content: choose something to share: the case summary, chronology entries or intelligence items', 'content-required');
  }
  return { peer, contentSummary };
}

/** To a configured peer, with a label it may receive; received content passed on never widens its label (checkOnward). */
function requestShare(command: ShareCommandOf<'RequestShare'>, state: ShareStateView): ShareEvent[] {
  const { peer, contentSummary } = newShare(command, state);
  const d = command.data;
  if (!peer.allowedLabels.includes(d.label)) {
    throw new DomainError(`label: ${d.label} may not be sent to ${peer.id}; allowed: ${peer.allowedLabels.join(', ')}`, 'label-not-allowed-for-peer');
  }
  if (d.onwardFrom) checkOnward(d.onwardFrom, d.label);
  const basisText = d.lawfulBasis.text?.trim();
  if (d.lawfulBasis.code === 'other' && !basisText) throw new DomainError('lawfulBasis.text: state the basis when it is "other"', 'lawful-basis-text-required');
  const reasonNotInformed = d.subjectInformed.reasonNotInformed?.trim();
  if (!d.subjectInformed.informed && !reasonNotInformed) {
    throw new DomainError('subjectInformed.reasonNotInformed: say why the subject was not told', 'reason-not-informed-required');
  }
  const conditions = d.handlingConditions?.trim();
  return [
    {
      type: 'ShareRequested',
      data: {
        shareId: command.shareId,
        from: command.from,
        peer: { id: peer.id, name: peer.name, kind: peer.kind, topic: peer.topic },
        label: d.label,
        purpose: required(d.purpose, 'purpose'),
        lawfulBasis: { code: d.lawfulBasis.code, ...(basisText ? { text: basisText } : {}) },
        subjectInformed: d.subjectInformed.informed ? { informed: true } : { informed: false, reasonNotInformed },
        ...(conditions ? { handlingConditions: conditions } : {}),
        content: d.content,
        contentSummary,
        requestedBy: command.actor,
        requestedAt: command.now,
        ...(d.previousShareId ? { previousShareId: d.previousShareId } : {}),
        ...(d.onwardFrom ? { onwardFrom: d.onwardFrom } : {}),
      },
    },
  ];
}

function decideNotToShare(command: ShareCommandOf<'DecideNotToShare'>, state: ShareStateView): ShareEvent[] {
  const { peer, contentSummary } = newShare(command, state);
  return [
    {
      type: 'DecidedNotToShare',
      data: {
        shareId: command.shareId,
        peer: { id: peer.id, name: peer.name, kind: peer.kind },
        purpose: required(command.data.purpose, 'purpose'),
        contentSummary,
        reason: required(command.data.reason, 'reason'),
        decidedBy: command.actor,
        decidedAt: command.now,
      },
    },
  ];
}

/** A share is decided once, by a sharing officer who is not the person who requested it. */
function requestToDecide({ shareId, actor }: ShareCommandOf<'ApproveShare' | 'RefuseShare'>, state: ShareStateView): ShareRequested['data'] {
  const request = state.request;
  if (state.state !== 'requested' || !request) throw new DomainError(`Share ${shareId} has already been decided (${state.state})`, 'share-already-decided', 409);
  if (request.requestedBy.userId === actor.userId) {
    throw new DomainError('A share is decided by a sharing officer other than the person who requested it; nothing was written', 'self-approval', 403);
  }
  return request;
}

/** Sent on approval only: the approval and the sending are one decision. */
function approveShare(command: ShareCommandOf<'ApproveShare'>, state: ShareStateView): ShareEvent[] {
  const request = requestToDecide(command, state);
  const { shareId, actor, now } = command;
  return [
    { type: 'ShareApproved', data: { shareId, approvedBy: actor, approvedAt: now } },
    {
      type: 'ShareSent',
      data: {
        shareId,
        from: request.from,
        to: request.peer.id,
        topic: request.peer.topic,
        label: request.label,
        purpose: request.purpose,
        lawfulBasis: request.lawfulBasis,
        subjectInformed: request.subjectInformed,
        ...(request.handlingConditions ? { handlingConditions: request.handlingConditions } : {}),
        requestedBy: request.requestedBy,
        approvedBy: actor,
        ...(request.onwardFrom ? { onwardFrom: request.onwardFrom } : {}),
        content: request.content,
        sentAt: now,
      },
    },
  ];
}

function refuseShare(command: ShareCommandOf<'RefuseShare'>, state: ShareStateView): ShareEvent[] {
  requestToDecide(command, state);
  const { shareId, actor, now } = command;
  return [{ type: 'ShareRefused', data: { shareId, refusedBy: actor, reason: required(command.reason, 'reason'), refusedAt: now } }];
}

/** Revoked with a reason, once, and only what was sent. */
function revokeShare(command: ShareCommandOf<'RevokeShare'>, state: ShareStateView): ShareEvent[] {
  const { shareId, actor, now } = command;
  if (state.state === 'revoked' || state.state === 'revocation-confirmed') throw new DomainError(`Share ${shareId} has already been revoked`, 'share-already-revoked', 409);
  if (state.state !== 'sent' && state.state !== 'acknowledged') throw new DomainError(`Share ${shareId} was never sent (${state.state}): nothing to revoke`, 'share-not-sent', 409);
  const request = state.request!;
  return [
    {
      type: 'ShareRevoked',
      data: { shareId, from: request.from, to: request.peer.id, topic: request.peer.topic, reason: required(command.reason, 'reason'), revokedBy: actor, revokedAt: now },
    },
  ];
}

/** Only the peer the share was sent to answers for it. */
function checkRecipient({ shareId, by }: ShareCommandOf<'RecordAcknowledgement' | 'RecordRevocationConfirmed'>, state: ShareStateView): void {
  if (by !== state.request?.peer.id) throw new DomainError(`Share ${shareId} was not sent to ${by}`, 'not-the-recipient', 403);
}

function recordAcknowledgement(command: ShareCommandOf<'RecordAcknowledgement'>, state: ShareStateView): ShareEvent[] {
  checkRecipient(command, state);
  // Only a sent share waits for its acknowledgement; a late one after revocation changes nothing.
  if (state.state !== 'sent') return [];
  return [{ type: 'ShareAcknowledged', data: { shareId: command.shareId, by: command.by, acknowledgedAt: command.acknowledgedAt, recordedAt: command.now } }];
}

function recordRevocationConfirmed(command: ShareCommandOf<'RecordRevocationConfirmed'>, state: ShareStateView): ShareEvent[] {
  checkRecipient(command, state);
  if (state.state !== 'revoked') return [];
  return [{ type: 'ShareRevocationConfirmed', data: { shareId: command.shareId, by: command.by, confirmedAt: command.confirmedAt, recordedAt: command.now } }];
}

/** DOMAIN.md: "Onward sharing never widens the label; RED is never forwarded." */
export function checkOnward(onward: OnwardFrom, label: TlpLabel): void {
  if (onward.originalLabel === 'RED') {
    throw new DomainError('A share labelled RED is for its named recipients only and is never forwarded; nothing was written', 'red-not-forwarded');
  }
  if (widens(label, onward.originalLabel)) {
    throw new DomainError(`label: onward sharing never widens the label: ${label} is wider than the received ${onward.originalLabel}; nothing was written`, 'label-widened');
  }
}

function required(value: string | undefined, field: string): string {
  const text = value?.trim();
  if (!text) throw new DomainError(`${field} is required`, `${field}-required`);
  return text;
}
