import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import type { ActionStatusChanged, CaseDiscussionRecorded } from '../semrac-meeting/semrac-meeting.events';
import { ActionTrackerEntity } from './action-tracker.entity';

/** The action tracker: every SEMRAC action across meetings, for "open and overdue by agency". */
@Injectable()
@ReadModelProjection()
export class ActionTrackerProjection implements Projection {
  readonly name = 'action-tracker';
  readonly version = 1;
  readonly entities = [ActionTrackerEntity];
  readonly eventTypes = ['CaseDiscussionRecorded', 'ActionStatusChanged'] as const;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const changed = events.filter((e) => e.type === 'ActionStatusChanged').map((e) => (e.data as ActionStatusChanged['data']).actionId);
    const rows = new Map<string, ActionTrackerEntity>();
    for (const ids of inChunks([...new Set(changed)], 500)) {
      for (const row of await manager.findBy(ActionTrackerEntity, { actionId: In(ids) })) rows.set(row.actionId, row);
    }
    for (const recorded of events) {
      if (recorded.type === 'CaseDiscussionRecorded') {
        const d = recorded.data as CaseDiscussionRecorded['data'];
        for (const a of d.actions) {
          rows.set(a.actionId, {
            actionId: a.actionId,
            meetingId: d.meetingId,
            caseId: d.caseId,
            description: a.description,
            ownerAgencyId: a.ownerAgencyId,
            ownerAgencyName: a.ownerAgencyName,
            ownerPerson: a.ownerPerson,
            dueDate: a.dueDate,
            status: 'open',
            statusNote: null,
            agreedAt: d.discussedAt,
            updatedAt: recorded.recordedAt,
          });
        }
      } else {
        const d = recorded.data as ActionStatusChanged['data'];
        const row = rows.get(d.actionId);
        if (row) rows.set(d.actionId, { ...row, status: d.status, statusNote: d.note ?? null, updatedAt: recorded.recordedAt });
      }
    }
    await upsertRows(manager, ActionTrackerEntity, [...rows.values()], ['actionId']);
  }
}

