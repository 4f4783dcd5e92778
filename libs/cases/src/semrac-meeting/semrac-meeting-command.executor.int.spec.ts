import { DEFAULT_ACCESS_SETTINGS, writePolicyOf } from '@app/access';
import { CommandStreams } from '@app/common';
import { EventStore } from '@app/event-store';
import { scratchPostgres, scratchEventStore } from '@app/event-store-testing';
import { aReferral } from '../case/case.builders';
import { caseStreamId } from '../case/case.events';
import { CO_CHAIRS_PRESENT, CSC_CHAIR, POLICE_CHAIR, aDiscussion } from './semrac-meeting.builders';
import { SemracMeetingCommandExecutor } from './semrac-meeting-command.executor';
import { semracMeetingStreamId } from './semrac-meeting.events';

const actor = { userId: 'chair-1', agencyId: 'bf-csc', roles: ['semrac-chair' as const] };
const executorOn = (store: EventStore) => new SemracMeetingCommandExecutor(new CommandStreams(store, writePolicyOf(DEFAULT_ACCESS_SETTINGS)));
const meetingId = '7c1f0e2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const caseId = aReferral().caseId;

/** The real store, except that the next append to a case stream fails as if the process had stopped before it. */
function stoppingBeforeTheCaseAppend(store: EventStore): EventStore & { armed: boolean } {
  const faulty = Object.create(store) as EventStore & { armed: boolean };
  faulty.armed = true;
  faulty.append = async (streamId, events, options) => {
    if (faulty.armed && streamId.startsWith('case-')) {
      faulty.armed = false;
      throw new Error('process stopped');
    }
    return store.append(streamId, events, options);
  };
  return faulty;
}

describe.each(['sqlite', 'postgres'] as const)('SEMRAC meeting executor: a discussion written to two streams (%s)', (database) => {
  let store: EventStore;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, drop: cleanup } = await scratchEventStore(database));
    await store.append(caseStreamId(caseId), [{ type: 'ReferralReceived', data: aReferral(), metadata: { actor } }]);
    const executor = executorOn(store);
    const past = new Date(Date.now() - 60_000).toISOString();
    await executor.execute(meetingId, { type: 'ScheduleMeeting', data: { scheduledFor: past, venue: 'Room 2', coChairs: [CSC_CHAIR, POLICE_CHAIR] } }, { actor, request: 1 });
    await executor.execute(meetingId, { type: 'RecordAttendance', data: { attendees: CO_CHAIRS_PRESENT } }, { actor, request: 2 });
  });

  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  const discussion = aDiscussion({ caseId, actions: [] });
  const types = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);

  it('records the discussion on the meeting and on the case, the case event caused by the meeting event', async () => {
    await executorOn(store).execute(meetingId, { type: 'RecordCaseDiscussion', data: discussion }, { actor, request: discussion });
    const [meetingEvent] = (await store.readStream(semracMeetingStreamId(meetingId))).filter((e) => e.type === 'CaseDiscussionRecorded');
    const [caseEvent] = (await store.readStream(caseStreamId(caseId))).filter((e) => e.type === 'DiscussedAtSemrac');
    expect(caseEvent.data).toEqual({ caseId, meetingId, agreedRiskLevel: 'moderate', decisions: discussion.decisions, actionIds: [], discussedAt: meetingEvent.data.discussedAt });
    expect(caseEvent.metadata).toMatchObject({ actor: { userId: actor.userId, agencyId: actor.agencyId }, causationId: meetingEvent.id });
  });

  it('finishes the case side on a retry with the same Idempotency-Key after stopping between the appends, once however often retried', async () => {
    const context = { actor, request: discussion, idempotencyKey: 'discuss-0001' };
    await expect(executorOn(stoppingBeforeTheCaseAppend(store)).execute(meetingId, { type: 'RecordCaseDiscussion', data: discussion }, context)).rejects.toThrow(
      'process stopped',
    );
    expect(await types(semracMeetingStreamId(meetingId))).toContain('CaseDiscussionRecorded');
    expect(await types(caseStreamId(caseId))).toEqual(['ReferralReceived']);

    const executor = executorOn(store);
    const retried = await executor.execute(meetingId, { type: 'RecordCaseDiscussion', data: discussion }, context);
    expect(retried.written).toBe(false);
    await executor.execute(meetingId, { type: 'RecordCaseDiscussion', data: discussion }, context);
    expect(await types(caseStreamId(caseId))).toEqual(['ReferralReceived', 'DiscussedAtSemrac']);
    expect((await types(semracMeetingStreamId(meetingId))).filter((t) => t === 'CaseDiscussionRecorded')).toHaveLength(1);
  });

  it('finishes the case side when retried without a key, then says the case was already discussed', async () => {
    await expect(
      executorOn(stoppingBeforeTheCaseAppend(store)).execute(meetingId, { type: 'RecordCaseDiscussion', data: discussion }, { actor, request: discussion }),
    ).rejects.toThrow('process stopped');
    const again = { ...discussion, discussionId: 'd-2' };
    await expect(executorOn(store).execute(meetingId, { type: 'RecordCaseDiscussion', data: again }, { actor, request: again })).rejects.toMatchObject({
      code: 'case-already-discussed',
    });
    expect(await types(caseStreamId(caseId))).toEqual(['ReferralReceived', 'DiscussedAtSemrac']);
  });

  it('writes nothing anywhere for a case that does not exist', async () => {
    const before = await store.countEvents();
    const unknown = { ...discussion, caseId: '3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f' };
    await expect(executorOn(store).execute(meetingId, { type: 'RecordCaseDiscussion', data: unknown }, { actor, request: unknown })).rejects.toMatchObject({
      code: 'case-not-found',
    });
    expect(await store.countEvents()).toBe(before);
  });
});
