import { Decider, DomainError } from '@app/common/domain';
import { MAX_STAFF_IN_POST, TrainingCourse, TrainingEvent } from './training.events';

/** A course as it is issued (training.stream.ts adds the moment, the stream's agency and who acts). */
export interface RecordTrainingCourse {
  type: 'RecordTrainingCourse';
  data: { course: TrainingCourse; heldOn: string; staffInPost: number; staffTrained: number; note?: string };
}

export interface RecordTrainingCourseCommand extends RecordTrainingCourse {
  now: string;
  /** The agency whose stream this is. */
  agencyId: string;
  actor: { userId: string; agencyId: string; roles: readonly string[] };
}

export interface TrainingState {
  courses: number;
}

/**
 * Who records: an agency's own admin, for its own agency only (the stream's rule lets admins in;
 * another agency's admin knows neither its staff nor its courses). Board members, analysts and
 * auditors read the coverage and never change it.
 */
export const trainingDecider: Decider<RecordTrainingCourseCommand, TrainingEvent, TrainingState> = {
  initialState: () => ({ courses: 0 }),

  decide(command) {
    const { actor, agencyId, now, data } = command;
    if (!actor.roles.includes('admin') || actor.agencyId !== agencyId) {
      throw new DomainError("Only the agency's own admin may record its training; nothing was written", 'forbidden', 403);
    }
    const whole = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_STAFF_IN_POST;
    if (!whole(data.staffInPost)) throw new DomainError(`staffInPost must be a whole number from 0 to ${MAX_STAFF_IN_POST}`, 'staff-in-post-invalid');
    if (!whole(data.staffTrained)) throw new DomainError('staffTrained must be a whole number of at least 0', 'staff-trained-invalid');
    if (data.staffTrained > data.staffInPost) throw new DomainError('staffTrained must not exceed staffInPost', 'trained-exceeds-in-post');
    if (data.heldOn > now.slice(0, 10)) throw new DomainError('heldOn must not be in the future', 'held-in-future');
    const note = data.note?.trim();
    return [
      {
        type: 'TrainingCourseRecorded',
        data: {
          agencyId,
          course: data.course,
          heldOn: data.heldOn,
          staffInPost: data.staffInPost,
          staffTrained: data.staffTrained,
          ...(note ? { note } : {}),
          recordedBy: actor.userId,
          recordedAt: now,
        },
      },
    ];
  },

  evolve(state, event) {
    return event.type === 'TrainingCourseRecorded' ? { courses: state.courses + 1 } : state;
  },
};
