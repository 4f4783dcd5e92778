import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { instant, someText } from '../share/share.schemas';
import { SHARE_MESSAGE_REFUSAL_REASONS, type ShareMessageRefused } from './sharing-refusal.events';

/** The schema of the refusals record's one event (sharing-refusal.events.ts). */
export const sharingRefusalEventSchemas: EventSchemas<ShareMessageRefused> = {
  ShareMessageRefused: z.object({
    messageId: someText,
    messageType: someText,
    shareId: someText,
    claimedFrom: someText,
    claimedTo: someText,
    reason: z.enum(SHARE_MESSAGE_REFUSAL_REASONS),
    detail: someText,
    source: z.object({ topic: someText, partition: z.number().int().min(0), offset: someText }),
    refusedAt: instant,
  }),
};
