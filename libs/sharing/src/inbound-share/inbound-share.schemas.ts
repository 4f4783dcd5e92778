import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { actorRef, contentSummary, instant, lawfulBasis, onwardFrom, peerRef, shareContent, shareId, someText, subjectInformed, tlpLabel } from '../share/share.schemas';
import { INBOUND_LINK_KINDS, type InboundShareEvent } from './inbound-share.events';

/** One schema per event of a received share (inbound-share.events.ts). */
export const inboundShareEventSchemas: EventSchemas<InboundShareEvent> = {
  ShareReceived: z.object({
    shareId,
    from: peerRef,
    to: someText,
    messageId: someText,
    label: tlpLabel,
    purpose: someText,
    lawfulBasis,
    subjectInformed,
    handlingConditions: someText.optional(),
    sentBy: z.object({ requestedBy: actorRef, approvedBy: actorRef }),
    onward: onwardFrom.optional(),
    sentAt: instant,
    receivedAt: instant,
    contentSummary,
    content: shareContent,
  }),
  InboundShareLinked: z.object({
    shareId,
    to: z.object({ kind: z.enum(INBOUND_LINK_KINDS), id: someText }),
    note: someText.optional(),
    linkedBy: actorRef,
    linkedAt: instant,
  }),
  InboundShareRevoked: z.object({
    shareId,
    sender: someText,
    senderTopic: someText,
    recipient: someText,
    reason: someText,
    revokedAt: instant,
    contentDestroyedAt: instant,
  }),
};
