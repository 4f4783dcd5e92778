import type { LawfulBasis, SubjectInformed } from '../shared/lawful-basis';
import type { ActorRef } from '../shared/peer';
import type { ContentSummary } from '../shared/share-content';
import type { TlpLabel } from '../shared/tlp';
import type { OnwardFrom, ShareEvent, ShareState } from '../share/share.events';

/** An outbound share as the sending board sees it: its state and who did what, when, why (never its content). */
export interface OutboundShareView {
  shareId: string;
  state: ShareState;
  /** The share stream's revision: send it as If-Match with the next decision. */
  revision: number;
  peer: { id: string; name: string; kind: 'board' | 'police' };
  label?: TlpLabel;
  purpose: string;
  lawfulBasis?: LawfulBasis;
  subjectInformed?: SubjectInformed;
  handlingConditions?: string;
  contentSummary: ContentSummary;
  requestedBy?: ActorRef;
  requestedAt?: string;
  previousShareId?: string;
  onwardFrom?: OnwardFrom;
  approvedBy?: ActorRef;
  approvedAt?: string;
  refusal?: { by: ActorRef; reason: string; at: string };
  decisionNotToShare?: { by: ActorRef; reason: string; at: string };
  sentAt?: string;
  acknowledgedAt?: string;
  revocation?: { by: ActorRef; reason: string; at: string; confirmedAt?: string };
  updatedAt: string;
}

/** Pure: the view after one more event of the share's stream. */
export function evolveOutboundShareView(view: OutboundShareView | undefined, event: ShareEvent, source: { revision: number; recordedAt: string }): OutboundShareView | undefined {
  const at = { revision: source.revision, updatedAt: source.recordedAt };
  if (event.type === 'ShareRequested') {
    const d = event.data;
    return {
      shareId: d.shareId,
      state: 'requested',
      ...at,
      peer: { id: d.peer.id, name: d.peer.name, kind: d.peer.kind },
      label: d.label,
      purpose: d.purpose,
      lawfulBasis: d.lawfulBasis,
      subjectInformed: d.subjectInformed,
      ...(d.handlingConditions ? { handlingConditions: d.handlingConditions } : {}),
      contentSummary: d.contentSummary,
      requestedBy: d.requestedBy,
      requestedAt: d.requestedAt,
      ...(d.previousShareId ? { previousShareId: d.previousShareId } : {}),
      ...(d.onwardFrom ? { onwardFrom: d.onwardFrom } : {}),
    };
  }
  if (event.type === 'DecidedNotToShare') {
    const d = event.data;
    return {
      shareId: d.shareId,
      state: 'not-shared',
      ...at,
      peer: d.peer,
      purpose: d.purpose,
      contentSummary: d.contentSummary,
      decisionNotToShare: { by: d.decidedBy, reason: d.reason, at: d.decidedAt },
    };
  }
  if (!view) return view;
  switch (event.type) {
    case 'ShareApproved':
      return { ...view, ...at, state: 'approved', approvedBy: event.data.approvedBy, approvedAt: event.data.approvedAt };
    case 'ShareRefused':
      return { ...view, ...at, state: 'refused', refusal: { by: event.data.refusedBy, reason: event.data.reason, at: event.data.refusedAt } };
    case 'ShareSent':
      return { ...view, ...at, state: 'sent', sentAt: event.data.sentAt };
    case 'ShareAcknowledged':
      return { ...view, ...at, state: 'acknowledged', acknowledgedAt: event.data.acknowledgedAt };
    case 'ShareRevoked':
      return { ...view, ...at, state: 'revoked', revocation: { by: event.data.revokedBy, reason: event.data.reason, at: event.data.revokedAt } };
    case 'ShareRevocationConfirmed':
      return { ...view, ...at, state: 'revocation-confirmed', revocation: { ...view.revocation!, confirmedAt: event.data.confirmedAt } };
    default:
      return view;
  }
}
