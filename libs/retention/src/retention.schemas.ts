import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { RECORD_KIND_CODES, RETENTION_DECISIONS, RetentionEvent } from './retention.events';

/** One schema per retention event (retention.events.ts): a retained record always has its next review. */
export const retentionEventSchemas: EventSchemas<RetentionEvent> = {
  RetentionReviewed: z
    .object({
      recordKind: z.enum(RECORD_KIND_CODES),
      recordId: z.string().trim().min(1),
      decision: z.enum(RETENTION_DECISIONS),
      reason: z.string().trim().min(1),
      nextReviewOn: z.iso.date().optional(),
      reviewedAt: z.iso.datetime({ offset: true }),
    })
    .refine((review) => (review.decision === 'retain') === (review.nextReviewOn !== undefined), {
      path: ['nextReviewOn'],
      message: 'is required to retain, and absent to dispose',
    }),
};
