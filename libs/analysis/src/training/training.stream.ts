import { defineStream } from '@app/common';
import { RecordTrainingCourse, RecordTrainingCourseCommand, TrainingState, trainingDecider } from './training.decider';
import { TrainingEvent } from './training.events';
import { trainingEventSchemas } from './training.schemas';

/**
 * CSE training of one agency (strategy actions 1.3 and 3.3): `training-{agencyId}`, one stream per
 * agency over all periods (a handful of courses a year). Its admin records; the decider keeps each
 * admin to their own agency.
 */
export const trainingStream = defineStream<RecordTrainingCourse, TrainingEvent, TrainingState, RecordTrainingCourseCommand>({
  kind: 'training',
  decider: trainingDecider,
  envelope: (command, { id, now, context: { actor } }) => ({
    ...command,
    now,
    agencyId: id,
    actor: { userId: actor.userId, agencyId: actor.agencyId, roles: actor.roles ?? [] },
  }),
  events: trainingEventSchemas,
  commands: {
    RecordTrainingCourse: { roles: ['admin'] },
  },
});
