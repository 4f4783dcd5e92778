import { randomUUID } from 'node:crypto';
import { EventStore, JsonObject, NewEvent, PostgresEventStore, SqliteEventStore, START } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { CaseView, caseViewTargets, evolveCaseView } from '@app/cases';
import { aChildReturned, aMissingEpisodeReported, aReferral } from '@app/cases-testing';
import { TimeTravel } from './time-travel';

const metadata = { actor: { userId: 'sw-9', agencyId: 'bf-csc' } };
const event = (e: { type: string; data: unknown }): NewEvent => ({ type: e.type, data: e.data as JsonObject, metadata });
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Every case view as the case-view projection folds the whole log. */
async function projected(store: EventStore): Promise<Map<string, CaseView | undefined>> {
  const views = new Map<string, CaseView | undefined>();
  for (const recorded of await store.readAll({ after: START, limit: 10_000 })) {
    for (const target of caseViewTargets(recorded as never)) views.set(target.caseId, evolveCaseView(views.get(target.caseId), target.event, recorded));
  }
  return views;
}

function describeReplay(adapter: string, open: () => Promise<{ store: EventStore; teardown(): Promise<void> }>) {
  describe(`time travel of a case view with other streams: ${adapter}`, () => {
    let store: EventStore;
    let teardown: () => Promise<void>;

    beforeAll(async () => ({ store, teardown } = await open()));
    afterAll(async () => teardown());

    it('folds the episodes and links appended after its first replay, in log order, and only those naming the case', async () => {
      const [caseId, otherId, strangerId, episodeId, strangersEpisodeId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      for (const id of [caseId, otherId, strangerId]) {
        await store.append(`case-${id}`, [event({ type: 'ReferralReceived', data: aReferral({ referralId: randomUUID(), caseId: id }) })]);
      }
      const travel = new TimeTravel(store);
      const first = await travel.stateAt('case', caseId);
      expect(first).not.toHaveProperty('viewSources');
      await nextMillisecond();
      const beforeEpisode = new Date().toISOString();
      await nextMillisecond();

      await store.append(`missing-episode-${episodeId}`, [event(aMissingEpisodeReported({ caseId, episodeId }))]);
      await store.append(`missing-episode-${strangersEpisodeId}`, [event(aMissingEpisodeReported({ caseId: strangerId, episodeId: strangersEpisodeId }))]);
      await store.append(`case-${otherId}`, [event({ type: 'CasesLinked', data: { caseId: otherId, linkedCaseId: caseId, kind: 'sibling' } })]);
      await store.append(`case-${caseId}`, [event({ type: 'CaseFlagSet', data: { caseId, flag: 'looked-after' } })]);
      await store.append(`missing-episode-${episodeId}`, [event(aChildReturned({ caseId, episodeId }))]);

      // On PostgreSQL the log shows an event once no older transaction in the cluster is still open: wait as a projection would.
      let views = await projected(store);
      while ((views.get(caseId)?.chronology.length ?? 0) < 5) (await nextMillisecond(), (views = await projected(store)));
      const now = await travel.stateAt('case', caseId);
      expect(now.view).toEqual(views.get(caseId));
      expect((now.view as CaseView).chronology.map((entry) => entry.type)).toEqual(['ReferralReceived', 'MissingEpisodeReported', 'CasesLinked', 'CaseFlagSet', 'ChildReturned']);
      expect(now.viewSources).toEqual({ streamIds: [`case-${otherId}`, `missing-episode-${episodeId}`].sort(), eventsApplied: 3 });
      expect((await travel.stateAt('case', otherId)).view).toEqual(views.get(otherId));
      expect((await travel.stateAt('case', strangerId)).view).toEqual(views.get(strangerId));
      // As of a moment before the episode, the view is the case stream's alone.
      expect((await travel.stateAt('case', caseId, beforeEpisode)).view).toEqual(first.view);
      // A fresh replayer indexes the whole log at once and agrees.
      expect((await new TimeTravel(store).stateAt('case', caseId)).view).toEqual(views.get(caseId));
    });
  });
}

describeReplay('sqlite', async () => {
  const db = scratchSqlite();
  const store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
  return { store, teardown: async () => (await store.close(), await db.drop()) };
});

describeReplay('postgres', async () => {
  const db = await scratchPostgres();
  const store = await PostgresEventStore.create({ dataSource: await db.dataSource(), schema: db.schema });
  return { store, teardown: async () => (await store.close(), await db.drop()) };
});
