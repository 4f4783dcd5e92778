import { deciderSpec } from '@app/common-testing';
import { RecordTrainingCourseCommand, trainingDecider } from './training.decider';
import { TrainingCourseRecorded } from './training.events';
import { trainingStream } from './training.stream';

const spec = deciderSpec(trainingDecider);
const NOW = '2026-11-28T10:00:00.000Z';
const admin = { userId: 'admin-1', agencyId: 'bf-school', roles: ['admin'] };

function record(data: Partial<RecordTrainingCourseCommand['data']> = {}, more: Partial<RecordTrainingCourseCommand> = {}): RecordTrainingCourseCommand {
  return { type: 'RecordTrainingCourse', now: NOW, agencyId: 'bf-school', actor: admin, data: { course: 'cse-awareness', heldOn: '2026-10-14', staffInPost: 120, staffTrained: 34, ...data }, ...more };
}
const recorded = (data: Partial<TrainingCourseRecorded['data']> = {}): TrainingCourseRecorded => ({
  type: 'TrainingCourseRecorded',
  data: { agencyId: 'bf-school', course: 'cse-awareness', heldOn: '2026-10-14', staffInPost: 120, staffTrained: 34, recordedBy: 'admin-1', recordedAt: NOW, ...data },
});

describe('training decider', () => {
  it('records a course with who recorded it, for which agency and when', () => {
    spec.given([]).when(record()).then([recorded()]);
    spec.given([recorded()]).when(record({ course: 'cse-advanced', note: '  With the LSCB trainer ' })).then([recorded({ course: 'cse-advanced', note: 'With the LSCB trainer' })]);
    spec.given([]).when(record({ staffInPost: 0, staffTrained: 0 })).then([recorded({ staffInPost: 0, staffTrained: 0 })]);
  });

  it('never records more staff trained than in post, nor a course not yet held', () => {
    spec.given([]).when(record({ staffInPost: 10, staffTrained: 11 })).thenRefuses('trained-exceeds-in-post');
    spec.given([]).when(record({ staffInPost: 10, staffTrained: 10 })).then([recorded({ staffInPost: 10, staffTrained: 10 })]);
    spec.given([]).when(record({ staffInPost: 100_001, staffTrained: 0 })).thenRefuses('staff-in-post-invalid');
    spec.given([]).when(record({ staffTrained: -1 })).thenRefuses('staff-trained-invalid');
    spec.given([]).when(record({ heldOn: '2026-11-29' })).thenRefuses('held-in-future');
  });

  it("lets only the agency's own admin record its training", () => {
    spec.given([]).when(record({}, { actor: { ...admin, roles: ['practitioner'] } })).thenRefuses('forbidden');
    spec.given([]).when(record({}, { actor: { ...admin, agencyId: 'bf-health' } })).thenRefuses('forbidden');
  });

  it('is declared for admins only: no read-only role may record', () => {
    expect(trainingStream.commands.RecordTrainingCourse.roles).toEqual(['admin']);
    expect(trainingStream.streamId('bf-school')).toBe('training-bf-school');
  });

  it('refuses, in the schema, a stored event with more trained than in post', () => {
    expect(trainingStream.events.TrainingCourseRecorded.safeParse(recorded({ staffInPost: 3, staffTrained: 4 }).data).success).toBe(false);
    expect(trainingStream.events.TrainingCourseRecorded.safeParse(recorded().data).success).toBe(true);
  });
});
