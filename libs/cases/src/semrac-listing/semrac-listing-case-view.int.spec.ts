import { DEFAULT_ACCESS_SETTINGS, writePolicyOf } from '@app/access';
import { CommandStreams } from '@app/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels, readWholeLog } from '@app/event-store-testing';
import { aReferral } from '../case/case.builders';
import { caseStreamId } from '../case/case.events';
import { CaseView, caseViewTargets, evolveCaseView } from '../case-view/case-view';
import { CaseViewEntity } from '../case-view/case-view.entity';
import { CaseViewProjection } from '../case-view/case-view.projection';
import { DEFAULT_CASES_SETTINGS } from '../cases.settings';
import { aMissingEpisodeReport } from '../missing-episode/missing-episode.builders';
import { missingEpisodeStreamId } from '../missing-episode/missing-episode.events';
import { SemracListingCaseEntity } from './semrac-listing.entity';
import { SemracListingProcessManager } from './semrac-listing.process-manager';

const HOUR = 3_600_000;
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const iso = (ms: number) => new Date(ms).toISOString();
const worker = { actor: { userId: 'sw-1', agencyId: 'bf-csc' } };

/** Referrals, then missing episodes across the cases from several writers, some returned (some after more than 24 hours). */
async function workload(store: EventStore, cases: number, episodes: number): Promise<void> {
  const caseIds = Array.from({ length: cases }, () => randomUUID());
  for (const caseId of caseIds) {
    await store.append(caseStreamId(caseId), [{ type: 'ReferralReceived', data: aReferral({ caseId, referralId: randomUUID() }), metadata: worker }]);
  }
  const start = Date.now() - 400 * 24 * HOUR;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = 0; i < episodes / 4; i++) {
        const caseId = pick(caseIds);
        const episodeId = randomUUID();
        const lastSeen = start + Math.random() * 390 * 24 * HOUR;
        const data = aMissingEpisodeReport({ caseId, episodeId, lastSeenAt: iso(lastSeen), concerning: Math.random() < 0.1 });
        await store.append(missingEpisodeStreamId(episodeId), [{ type: 'MissingEpisodeReported', data, metadata: worker }]);
        if (Math.random() < 0.8) {
          const returnedAt = lastSeen + Math.random() * 30 * HOUR;
          await store.append(missingEpisodeStreamId(episodeId), [
            {
              type: 'ChildReturned',
              data: { caseId, episodeId, returnedAt: iso(returnedAt), whereFound: 'Town centre', interviewDueAt: iso(returnedAt + 72 * HOUR) },
              metadata: worker,
            },
          ]);
        }
      }
    }),
  );
}

describe.each(['sqlite', 'postgres'] as const)('case view with missing episodes and SEMRAC listings (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels(database, [CaseViewEntity, SemracListingCaseEntity]));
  });

  afterEach(() => close());

  it('rebuilt from scratch, equals what it held live; the listing process manager rebuilt lists nothing more', async () => {
    const views = new ProjectionRunner(store, readModels, new CaseViewProjection(), { pollIntervalMs: 20, batchSize: 31 });
    const listing = new ProjectionRunner(store, readModels, new SemracListingProcessManager(new CommandStreams(store, writePolicyOf(DEFAULT_ACCESS_SETTINGS)), DEFAULT_CASES_SETTINGS), { pollIntervalMs: 20, batchSize: 17 });
    views.start();
    listing.start();
    await workload(store, 12, 80);
    // The process manager appends listings as it goes: wait until both have read everything, listings included.
    for (let last = ''; ; ) {
      const all = await readWholeLog(store);
      if (all[all.length - 1].position === last) break;
      last = all[all.length - 1].position;
      await listing.waitFor(last, 20_000);
      await views.waitFor(last, 20_000);
    }
    await views.stop();
    await listing.stop();

    const all = await readWholeLog(store);
    const listings = all.filter((e) => e.type === 'ListedForSemrac');
    expect(listings.length).toBeGreaterThan(0);
    const rows = async () => (await readModels.getRepository(CaseViewEntity).find({ order: { caseId: 'ASC' } })).map((row) => ({ ...row }));
    const liveRows = await rows();
    expect(liveRows).toHaveLength(12);

    const expected = new Map<string, CaseView | undefined>();
    for (const event of all) {
      for (const target of caseViewTargets(event as never)) expected.set(target.caseId, evolveCaseView(expected.get(target.caseId), target.event, event));
    }
    expect(liveRows.map((r) => r.view)).toEqual([...expected.keys()].sort().map((id) => expected.get(id)));
    for (const { view } of liveRows) {
      // Episodes live in their own streams: the view's revision is still the case stream's (the next If-Match).
      expect(view.revision).toBe((await store.readStream(caseStreamId(view.caseId))).length - 1);
      expect(view.semrac.listings).toHaveLength(listings.filter((l) => l.data.caseId === view.caseId).length);
      expect(view.missing?.episodes ?? 0).toBe(all.filter((e) => e.type === 'MissingEpisodeReported' && e.data.caseId === view.caseId).length);
    }

    const listingRows = async () => (await readModels.getRepository(SemracListingCaseEntity).find({ order: { caseId: 'ASC' } })).map((row) => ({ ...row }));
    const liveListingRows = await listingRows();
    await new ProjectionRunner(store, readModels, new CaseViewProjection()).rebuild(undefined, 97);
    await new ProjectionRunner(store, readModels, new SemracListingProcessManager(new CommandStreams(store, writePolicyOf(DEFAULT_ACCESS_SETTINGS)), DEFAULT_CASES_SETTINGS)).rebuild(undefined, 53);
    expect(await rows()).toEqual(liveRows);
    expect(await listingRows()).toEqual(liveListingRows);
    expect(await store.countEvents()).toBe(all.length);
  });
});
