import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { eventOf } from '@app/common/domain';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { TrainingCoverageEntity } from './training-coverage.entity';
import { trainingEventSchemas } from './training.schemas';

/** The projection's name: its checkpoint, and what `ProjectionsService.rebuild` is given. */
export const TRAINING_COVERAGE_PROJECTION = 'training-coverage';

const rowKey = (agencyId: string, month: string, course: string) => `${agencyId}\u0000${month}\u0000${course}`;

/** Whether a staff figure (day held, log position) is later than another: the latest one is the agency's figure. */
const later = (on: string, position: string, than: { staffInPostOn: string; staffInPostPosition: string }) =>
  on > than.staffInPostOn || (on === than.staffInPostOn && position > than.staffInPostPosition);

/**
 * Courses held, staff trained and staff in post per agency, month and course (actions 1.3, 3.3).
 * One read and one write per batch; the same rows whether built event by event or rebuilt.
 */
@Injectable()
@ReadModelProjection()
export class TrainingCoverageProjection implements Projection {
  readonly name = TRAINING_COVERAGE_PROJECTION;
  readonly version = 1;
  readonly entities = [TrainingCoverageEntity];
  readonly eventTypes = ['TrainingCourseRecorded'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const recorded = events.map((e) => ({ recorded: e, event: eventOf(trainingEventSchemas, e) })).filter((x) => x.event !== undefined);
    if (recorded.length === 0) return;
    const rows = new Map<string, TrainingCoverageEntity>();
    for (const agencies of inChunks([...new Set(recorded.map((x) => x.event!.data.agencyId))], 200)) {
      for (const row of await manager.findBy(TrainingCoverageEntity, { agencyId: In(agencies) })) rows.set(rowKey(row.agencyId, row.month, row.course), row);
    }
    const touched = new Set<string>();
    for (const { recorded: stored, event } of recorded) {
      const { agencyId, course, heldOn, staffInPost, staffTrained } = event!.data;
      const month = heldOn.slice(0, 7);
      const key = rowKey(agencyId, month, course);
      const row = rows.get(key) ?? Object.assign(new TrainingCoverageEntity(), { agencyId, month, course, coursesHeld: 0, staffTrained: 0, staffInPost: 0, staffInPostOn: '', staffInPostPosition: '' });
      row.coursesHeld += 1;
      row.staffTrained += staffTrained;
      if (later(heldOn, stored.position, row)) Object.assign(row, { staffInPost, staffInPostOn: heldOn, staffInPostPosition: stored.position });
      rows.set(key, row);
      touched.add(key);
    }
    await upsertRows(manager, TrainingCoverageEntity, [...touched].map((key) => rows.get(key)!), ['agencyId', 'month', 'course']);
  }
}
