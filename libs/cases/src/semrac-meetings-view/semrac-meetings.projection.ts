import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { deterministicUuid } from '@app/common';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { SEMRAC_MEETING_EVENT_TYPES, SemracMeetingEvent } from '../semrac-meeting/semrac-meeting.events';
import { SemracMeetingView, evolveSemracMeetingView } from './semrac-meeting-view';
import {
  SEMRAC_MEETING_ENTITIES,
  SemracAttendanceEntity,
  SemracDiscussionEntity,
  SemracMeetingActionEntity,
  SemracMeetingEntity,
} from './semrac-meetings.entity';

/** SEMRAC meetings: the meeting, its attendance, the cases discussed and the actions with their status history. */
@Injectable()
@ReadModelProjection()
export class SemracMeetingsProjection implements Projection {
  readonly name = 'semrac-meetings';
  readonly version = 1;
  readonly entities = SEMRAC_MEETING_ENTITIES;
  readonly eventTypes = SEMRAC_MEETING_EVENT_TYPES;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const meetingIds = [...new Set(events.map((e) => String(e.data.meetingId)))];
    // One read and one write per table per batch.
    const views = new Map<string, SemracMeetingView | undefined>(await loadSemracMeetings(manager, meetingIds));
    for (const recorded of events) {
      const meetingId = String(recorded.data.meetingId);
      views.set(meetingId, evolveSemracMeetingView(views.get(meetingId), { type: recorded.type, data: recorded.data } as SemracMeetingEvent, recorded));
    }
    const rows = [...views.values()].filter((view): view is SemracMeetingView => view !== undefined).map(semracMeetingRows);
    await upsertRows(manager, SemracMeetingEntity, rows.map((r) => r.meeting), ['meetingId']);
    await upsertRows(manager, SemracAttendanceEntity, rows.flatMap((r) => r.attendance), ['attendeeId']);
    await upsertRows(manager, SemracDiscussionEntity, rows.flatMap((r) => r.discussions), ['discussionId']);
    await upsertRows(manager, SemracMeetingActionEntity, rows.flatMap((r) => r.actions), ['actionId']);
  }
}

/** The meetings' views as stored, by id; meetings with no rows are left out. */
export async function loadSemracMeetings(manager: EntityManager, meetingIds: string[]): Promise<Map<string, SemracMeetingView>> {
  const views = new Map<string, SemracMeetingView>();
  for (const ids of inChunks(meetingIds, 500)) {
    // One after another: inside the runner's transaction they share one connection.
    const meetings = await manager.findBy(SemracMeetingEntity, { meetingId: In(ids) });
    const attendance = await manager.find(SemracAttendanceEntity, { where: { meetingId: In(ids) }, order: { position: 'ASC' } });
    const discussions = await manager.find(SemracDiscussionEntity, { where: { meetingId: In(ids) }, order: { position: 'ASC' } });
    const actions = await manager.find(SemracMeetingActionEntity, { where: { meetingId: In(ids) }, order: { position: 'ASC' } });
    for (const m of meetings) {
      views.set(m.meetingId, {
        meetingId: m.meetingId,
        status: m.status as SemracMeetingView['status'],
        revision: m.revision,
        scheduledFor: m.scheduledFor,
        venue: m.venue,
        coChairs: m.coChairs,
        scheduledAt: m.scheduledAt,
        ...(m.closedAt ? { closedAt: m.closedAt } : {}),
        ...(m.closingNote ? { closingNote: m.closingNote } : {}),
        updatedAt: m.updatedAt,
        attendance: attendance
          .filter((a) => a.meetingId === m.meetingId)
          .map(({ agencyId, agencyName, attendance: how, name, role, recordedAt }) => ({ agencyId, agencyName, attendance: how, name, role, recordedAt })),
        discussions: discussions
          .filter((d) => d.meetingId === m.meetingId)
          .map(({ discussionId, caseId, summary, agreedRiskLevel, decisions, actionIds, discussedAt, recordedBy }) => ({
            discussionId,
            caseId,
            summary,
            agreedRiskLevel,
            decisions,
            actionIds,
            discussedAt,
            recordedBy,
          })),
        actions: actions
          .filter((a) => a.meetingId === m.meetingId)
          .map(({ actionId, discussionId, caseId, description, ownerAgencyId, ownerAgencyName, ownerPerson, dueDate, status, history }) => ({
            actionId,
            discussionId,
            caseId,
            description,
            ownerAgencyId,
            ownerAgencyName,
            ownerPerson,
            dueDate,
            status,
            history,
          })),
      });
    }
  }
  return views;
}

function semracMeetingRows(view: SemracMeetingView) {
  const { meetingId } = view;
  return {
    meeting: {
      meetingId,
      status: view.status,
      scheduledFor: view.scheduledFor,
      venue: view.venue,
      coChairs: view.coChairs,
      scheduledAt: view.scheduledAt,
      closedAt: view.closedAt ?? null,
      closingNote: view.closingNote ?? null,
      revision: view.revision,
      updatedAt: view.updatedAt,
    } satisfies SemracMeetingEntity,
    attendance: view.attendance.map(
      (a, position): SemracAttendanceEntity => ({
        attendeeId: deterministicUuid('semrac-attendee', meetingId, a.agencyId, a.name.trim().toLowerCase()),
        meetingId,
        position,
        ...a,
      }),
    ),
    discussions: view.discussions.map((d, position): SemracDiscussionEntity => ({ ...d, meetingId, position })),
    actions: view.actions.map((a, position): SemracMeetingActionEntity => ({ ...a, meetingId, position })),
  };
}

