import type { ActorRef } from '../shared/peer';
import type { TlpLabel } from '../shared/tlp';
import type { InboundShareEvent, ShareReceived } from '../inbound-share/inbound-share.events';
import type { ShareRequested } from '../share/share.events';

/** A received share as the inbox shows it: who sent it, on what basis, with which label and conditions (its content is read separately). */
export interface InboundShareView
  extends Pick<
    ShareReceived['data'],
    'shareId' | 'label' | 'purpose' | 'lawfulBasis' | 'subjectInformed' | 'handlingConditions' | 'sentBy' | 'onward' | 'sentAt' | 'receivedAt' | 'contentSummary'
  > {
  revision: number;
  from: Omit<ShareReceived['data']['from'], 'topic'>;
  links: { kind: 'case' | 'poi'; id: string; note?: string; linkedBy: ActorRef; linkedAt: string }[];
  /** Passed on by this board (each a share of its own, GET /shares/{id}). */
  onwardShares: { shareId: string; peerId: string; label: TlpLabel; requestedAt: string }[];
  /** Set once the sender revoked it: the content is unreadable from then on. */
  revocation?: { reason: string; revokedAt: string; contentDestroyedAt: string };
  updatedAt: string;
}

/** Pure: the inbox entry after one more event of its stream. */
export function evolveInboundShareView(view: InboundShareView | undefined, event: InboundShareEvent, source: { revision: number; recordedAt: string }): InboundShareView | undefined {
  if (event.type === 'ShareReceived') {
    const d = event.data;
    return {
      shareId: d.shareId,
      revision: source.revision,
      from: { id: d.from.id, name: d.from.name, kind: d.from.kind },
      label: d.label,
      purpose: d.purpose,
      lawfulBasis: d.lawfulBasis,
      subjectInformed: d.subjectInformed,
      ...(d.handlingConditions ? { handlingConditions: d.handlingConditions } : {}),
      sentBy: d.sentBy,
      ...(d.onward ? { onward: d.onward } : {}),
      sentAt: d.sentAt,
      receivedAt: d.receivedAt,
      contentSummary: d.contentSummary,
      links: [],
      onwardShares: [],
      updatedAt: source.recordedAt,
    };
  }
  if (!view) return view;
  const next = { ...view, revision: source.revision, updatedAt: source.recordedAt };
  switch (event.type) {
    case 'InboundShareLinked': {
      const { to, note, linkedBy, linkedAt } = event.data;
      return { ...next, links: [...view.links, { ...to, ...(note ? { note } : {}), linkedBy, linkedAt }] };
    }
    case 'InboundShareRevoked': {
      const { reason, revokedAt, contentDestroyedAt } = event.data;
      return { ...next, revocation: { reason, revokedAt, contentDestroyedAt } };
    }
    default:
      return view;
  }
}

/** An onward share requested from a received one shows on the received one (its own stream's revision unchanged). */
export function withOnwardShare(view: InboundShareView, requested: ShareRequested['data']): InboundShareView {
  if (view.onwardShares.some((s) => s.shareId === requested.shareId)) return view;
  return { ...view, onwardShares: [...view.onwardShares, { shareId: requested.shareId, peerId: requested.peer.id, label: requested.label, requestedAt: requested.requestedAt }] };
}
