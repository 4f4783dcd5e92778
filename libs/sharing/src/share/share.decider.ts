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
    const { shareId, now, actor } = command;

    if (command.type === 'RequestShare' || command.type === 'DecideNotToShare') {
      if (state.state !== 'none') throw new DomainError(`Share ${shareId} already exists`, 'share-exists', 409);
      const peer = command.peer;
      if (!peer) throw new DomainError(`peerId: ${command.peerId} is not a configured peer of this board`, 'unknown-peer');
      const contentSummary = summariseContent(command.data.content);
      if (!command.data.content.caseSummary && contentSummary.chronologyEntries === 0 && contentSummary.intelligenceItemIds.length === 0) {
        throw new DomainError('content: choose something to share: the case summary, chronology entries or intelligence items', 'content-required');
      }
      if (command.type === 'DecideNotToShare') {
        return [
          {
            type: 'DecidedNotToShare',
            data: {
              shareId,
              peer: { id: peer.id, name: peer.name, kind: peer.kind },
              purpose: required(command.data.purpose, 'purpose'),
              contentSummary,
              reason: required(command.data.reason, 'reason'),
              decidedBy: actor,
              decidedAt: now,
            },
          },
        ];
      }
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
            shareId,
            from: command.from,
            peer: { id: peer.id, name: peer.name, kind: peer.kind, topic: peer.topic },
            label: d.label,
            purpose: required(d.purpose, 'purpose'),
            lawfulBasis: { code: d.lawfulBasis.code, ...(basisText ? { text: basisText } : {}) },
            subjectInformed: d.subjectInformed.informed ? { informed: true } : { informed: false, reasonNotInformed },
            ...(conditions ? { handlingConditions: conditions } : {}),
            content: d.content,
            contentSummary,
            requestedBy: actor,
            requestedAt: now,
            ...(d.previousShareId ? { previousShareId: d.previousShareId } : {}),
            ...(d.onwardFrom ? { onwardFrom: d.onwardFrom } : {}),
          },
        },
      ];
    }

    if (state.state === 'none') throw new DomainError(`No share ${shareId}`, 'share-not-found', 404);
    const request = state.request;
    switch (command.type) {
      case 'ApproveShare':
      case 'RefuseShare': {
        if (state.state !== 'requested' || !request) throw new DomainError(`Share ${shareId} has already been decided (${state.state})`, 'share-already-decided', 409);
        if (request.requestedBy.userId === actor.userId) {
          throw new DomainError('A share is decided by a sharing officer other than the person who requested it; nothing was written', 'self-approval', 403);
        }
        if (command.type === 'RefuseShare') {
          return [{ type: 'ShareRefused', data: { shareId, refusedBy: actor, reason: required(command.reason, 'reason'), refusedAt: now } }];
        }
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
      case 'RevokeShare': {
        if (state.state === 'revoked' || state.state === 'revocation-confirmed') throw new DomainError(`Share ${shareId} has already been revoked`, 'share-already-revoked', 409);
        if (state.state !== 'sent' && state.state !== 'acknowledged') throw new DomainError(`Share ${shareId} was never sent (${state.state}): nothing to revoke`, 'share-not-sent', 409);
        return [
          {
            type: 'ShareRevoked',
            data: { shareId, from: request!.from, to: request!.peer.id, topic: request!.peer.topic, reason: required(command.reason, 'reason'), revokedBy: actor, revokedAt: now },
          },
        ];
      }
      case 'RecordAcknowledgement': {
        if (command.by !== request?.peer.id) throw new DomainError(`Share ${shareId} was not sent to ${command.by}`, 'not-the-recipient', 403);
        // Only a sent share waits for its acknowledgement; a late one after revocation changes nothing.
        if (state.state !== 'sent') return [];
        return [{ type: 'ShareAcknowledged', data: { shareId, by: command.by, acknowledgedAt: command.acknowledgedAt, recordedAt: now } }];
      }
      case 'RecordRevocationConfirmed': {
        if (command.by !== request?.peer.id) throw new DomainError(`Share ${shareId} was not sent to ${command.by}`, 'not-the-recipient', 403);
        if (state.state !== 'revoked') return [];
        return [{ type: 'ShareRevocationConfirmed', data: { shareId, by: command.by, confirmedAt: command.confirmedAt, recordedAt: now } }];
      }
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
