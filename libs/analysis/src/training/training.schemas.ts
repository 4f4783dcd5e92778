import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { MAX_STAFF_IN_POST, MAX_TRAINING_NOTE, TRAINING_COURSE_CODES, TrainingEvent } from './training.events';

/** One schema per training event (training.events.ts): never more trained than in post. */
export const trainingEventSchemas: EventSchemas<TrainingEvent> = {
  TrainingCourseRecorded: z
    .object({
      agencyId: z.string().trim().min(1).max(100),
      course: z.enum(TRAINING_COURSE_CODES),
      heldOn: z.iso.date(),
      staffInPost: z.number().int().min(0).max(MAX_STAFF_IN_POST),
      staffTrained: z.number().int().min(0).max(MAX_STAFF_IN_POST),
      note: z.string().trim().min(1).max(MAX_TRAINING_NOTE).optional(),
      recordedBy: z.string().trim().min(1).max(200),
      recordedAt: z.iso.datetime({ offset: true }),
    })
    .refine((course) => course.staffTrained <= course.staffInPost, { path: ['staffTrained'], message: 'must not exceed staffInPost' }),
};
