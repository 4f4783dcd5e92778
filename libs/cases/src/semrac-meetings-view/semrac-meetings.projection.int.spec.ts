import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels, readWholeLog } from '@app/event-store-testing';
import { ActionTrackerEntity } from '../action-tracker/action-tracker.entity';
import { ActionTrackerProjection } from '../action-tracker/action-tracker.projection';
import { CO_CHAIRS_PRESENT, aMeetingScheduled, anAction, anAttendee } from '../semrac-meeting/semrac-meeting.builders';
import { SemracActionStatus, SemracMeetingEvent, semracMeetingStreamId } from '../semrac-meeting/semrac-meeting.events';
import { SemracMeetingView, evolveSemracMeetingView } from './semrac-meeting-view';
import { SEMRAC_MEETING_ENTITIES, SemracAttendanceEntity, SemracDiscussionEntity, SemracMeetingActionEntity, SemracMeetingEntity } from './semrac-meetings.entity';
import { SemracMeetingsProjection, loadSemracMeetings } from './semrac-meetings.projection';

const agencies = [
  { ownerAgencyId: 'bf-csc', ownerAgencyName: "Children's Social Care" },
  { ownerAgencyId: 'tvp', ownerAgencyName: 'Thames Valley Police' },
  { ownerAgencyId: 'bf-yos', ownerAgencyName: 'Youth offending service' },
] as const;
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const NEXT: Record<SemracActionStatus, SemracActionStatus[]> = {
  open: ['in-progress', 'done', 'cancelled'],
  'in-progress': ['open', 'done', 'cancelled'],
  done: ['in-progress'],
  cancelled: [],
};

/** One meeting's life, as a series of appends: scheduled, attendance, discussions, status changes, maybe closed. */
function meetingScript(meetingId: string): SemracMeetingEvent[][] {
  const at = (minutes: number) => new Date(Date.parse('2026-12-03T10:00:00.000Z') + minutes * 60_000).toISOString();
  const batches: SemracMeetingEvent[][] = [[aMeetingScheduled({ meetingId })]];
  batches.push([{ type: 'AttendanceRecorded', data: { meetingId, attendees: CO_CHAIRS_PRESENT, recordedAt: at(1) } }]);
  const statuses = new Map<string, { caseId: string; status: SemracActionStatus }>();
  for (let d = 0; d < 1 + Math.floor(Math.random() * 4); d++) {
    const caseId = randomUUID();
    const actions = Array.from({ length: Math.floor(Math.random() * 4) }, () => anAction({ actionId: randomUUID(), ...pick(agencies), dueDate: pick(['2026-12-10', '2027-01-05', '2027-03-01']) }));
    for (const a of actions) statuses.set(a.actionId, { caseId, status: 'open' });
    batches.push([
      {
        type: 'CaseDiscussionRecorded',
        data: { meetingId, discussionId: randomUUID(), caseId, summary: 'Discussed', agreedRiskLevel: pick(['mild', 'moderate', 'significant'] as const), decisions: ['Decision'], actions, discussedAt: at(10 + d) },
      },
    ]);
  }
  if (Math.random() < 0.5) {
    batches.push([{ type: 'AttendanceRecorded', data: { meetingId, attendees: [anAttendee({ attendance: 'apologies' }), anAttendee({ agencyId: 'nhs', name: 'Dr Late' })], recordedAt: at(20) } }]);
  }
  for (let i = 0; i < 6 && statuses.size > 0; i++) {
    const [actionId, action] = pick([...statuses.entries()]);
    const status = NEXT[action.status].length > 0 ? pick(NEXT[action.status]) : undefined;
    if (!status) continue;
    batches.push([{ type: 'ActionStatusChanged', data: { meetingId, actionId, caseId: action.caseId, from: action.status, status, note: 'Update', changedAt: at(60 + i) } }]);
    statuses.set(actionId, { ...action, status });
  }
  if (Math.random() < 0.6) batches.splice(batches.length - 1, 0, [{ type: 'MeetingClosed', data: { meetingId, closedAt: at(50), note: 'Closed' } }]);
  return batches;
}

async function randomWorkload(store: EventStore, meetings: number): Promise<{ last: string; meetingIds: string[] }> {
  const meetingIds = Array.from({ length: meetings }, () => randomUUID());
  let last = '';
  // Several writers at once, each working through its own meetings, interleaved in the log.
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (const meetingId of meetingIds.filter((_, i) => i % 4 === w)) {
        for (const batch of meetingScript(meetingId)) {
          const result = await store.append(
            semracMeetingStreamId(meetingId),
            batch.map((e) => ({ type: e.type, data: e.data, metadata: { actor: { userId: `u-${w}`, agencyId: 'bf-csc' } } })),
          );
          if (result.position > last) last = result.position;
        }
      }
    }),
  );
  return { last, meetingIds };
}

const tables = async (ds: DataSource) => ({
  meetings: await ds.getRepository(SemracMeetingEntity).find({ order: { meetingId: 'ASC' } }),
  attendance: await ds.getRepository(SemracAttendanceEntity).find({ order: { attendeeId: 'ASC' } }),
  discussions: await ds.getRepository(SemracDiscussionEntity).find({ order: { discussionId: 'ASC' } }),
  actions: await ds.getRepository(SemracMeetingActionEntity).find({ order: { actionId: 'ASC' } }),
  tracker: await ds.getRepository(ActionTrackerEntity).find({ order: { actionId: 'ASC' } }),
});

describe.each(['sqlite', 'postgres'] as const)('SEMRAC meetings and action tracker projections (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels(database, [...SEMRAC_MEETING_ENTITIES, ActionTrackerEntity]));
  });

  afterEach(() => close());

  it('rebuilt from scratch, equal what they held live after a random workload', async () => {
    const runners = [new SemracMeetingsProjection(), new ActionTrackerProjection()].map(
      (projection) => new ProjectionRunner(store, readModels, projection, { pollIntervalMs: 20, batchSize: 23 }),
    );
    runners.forEach((r) => r.start());
    const { last, meetingIds } = await randomWorkload(store, 30);
    await Promise.all(runners.map((r) => r.waitFor(last, 20_000)));
    await Promise.all(runners.map((r) => r.stop()));
    const live = await tables(readModels);
    expect(live.meetings).toHaveLength(30);
    expect(live.discussions.length).toBeGreaterThanOrEqual(30);

    // The meetings as the pure evolve function computes them straight from the log.
    const expected = new Map<string, SemracMeetingView | undefined>();
    for (const event of await readWholeLog(store)) {
      const id = String(event.data.meetingId);
      expected.set(id, evolveSemracMeetingView(expected.get(id), event as unknown as SemracMeetingEvent, event));
    }
    const stored = await loadSemracMeetings(readModels.manager, meetingIds);
    expect([...meetingIds].sort().map((id) => stored.get(id))).toEqual([...meetingIds].sort().map((id) => expected.get(id)));

    // Every action on the tracker stands as it does on its meeting, owner and status alike.
    const fromMeetings = [...expected.values()].flatMap((m) => m!.actions).sort((a, b) => a.actionId.localeCompare(b.actionId));
    expect(live.tracker.map((t) => [t.actionId, t.ownerAgencyId, t.dueDate, t.status])).toEqual(
      fromMeetings.map((a) => [a.actionId, a.ownerAgencyId, a.dueDate, a.status]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(live.tracker.length).toBe(live.actions.length);

    for (const projection of [new SemracMeetingsProjection(), new ActionTrackerProjection()]) {
      await new ProjectionRunner(store, readModels, projection).rebuild(undefined, 50);
    }
    expect(await tables(readModels)).toEqual(live);
  });
});
