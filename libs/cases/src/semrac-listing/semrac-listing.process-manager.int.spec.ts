import { DEFAULT_ACCESS_SETTINGS, writePolicyOf } from '@app/access';
import { CommandStreams } from '@app/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, PostgresEventStore, ProjectionCheckpointEntity, ProjectionRunner, RecordedEvent, SqliteEventStore } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { aReferral } from '../case/case.builders';
import { caseStreamId } from '../case/case.events';
import { DEFAULT_CASES_SETTINGS } from '../cases.settings';
import { aMissingEpisodeReport } from '../missing-episode/missing-episode.builders';
import { missingEpisodeStreamId } from '../missing-episode/missing-episode.events';
import { SemracListingCaseEntity } from './semrac-listing.entity';
import { SemracListingProcessManager } from './semrac-listing.process-manager';
import { SemracOpenEpisodeSweep } from './semrac-listing.sweep';
import { SEMRAC_LISTING_USER, listingEventId } from './semrac-listing.writer';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const worker = { actor: { userId: 'sw-1', agencyId: 'bf-csc' } };

describe.each(['sqlite', 'postgres'] as const)('SEMRAC listing process manager (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let cleanup: () => Promise<void>;
  let caseId: string;

  const pm = () => new SemracListingProcessManager(new CommandStreams(store, writePolicyOf(DEFAULT_ACCESS_SETTINGS)), DEFAULT_CASES_SETTINGS);
  const listings = async () => (await store.readStream(caseStreamId(caseId))).filter((e) => e.type === 'ListedForSemrac');
  const report = async (lastSeen: number, overrides: Record<string, unknown> = {}) => {
    const episodeId = randomUUID();
    const data = { ...aMissingEpisodeReport({ caseId, episodeId, lastSeenAt: iso(lastSeen) }), ...overrides };
    await store.append(missingEpisodeStreamId(episodeId), [{ type: 'MissingEpisodeReported', data, metadata: worker }]);
    return episodeId;
  };
  const returned = (episodeId: string, at: number) =>
    store.append(missingEpisodeStreamId(episodeId), [
      {
        type: 'ChildReturned',
        data: { caseId, episodeId, returnedAt: iso(at), whereFound: 'Town centre', interviewDueAt: iso(at + 72 * HOUR) },
        metadata: worker,
      },
    ]);
  /** Everything the process manager reads, in log order. */
  const log = async () => {
    const types = new Set(pm().eventTypes);
    return (await store.readAll({ limit: 10_000 })).filter((e) => types.has(e.type));
  };
  const catchUp = async () => {
    const runner = new ProjectionRunner(store, readModels, pm(), { pollIntervalMs: 20 });
    runner.start();
    const all = await store.readAll({ limit: 10_000 });
    await runner.waitFor(all[all.length - 1].position, 10_000);
    await runner.stop();
  };

  beforeEach(async () => {
    const entities = { entities: [SemracListingCaseEntity, ProjectionCheckpointEntity], synchronize: true };
    if (database === 'sqlite') {
      const db = scratchSqlite();
      store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
      readModels = await db.dataSource('read-models.sqlite', entities);
      cleanup = db.drop;
    } else {
      const events = await scratchPostgres();
      const models = await scratchPostgres();
      store = await PostgresEventStore.create({ dataSource: await events.dataSource(), schema: events.schema });
      readModels = await models.dataSource(entities);
      cleanup = async () => (await events.drop(), await models.drop());
    }
    caseId = randomUUID();
    const referral = aReferral({ caseId, referralId: randomUUID(), referringAgency: { id: 'bf-csc', kind: 'children-social-care', name: "Children's Social Care" } });
    await store.append(caseStreamId(caseId), [{ type: 'ReferralReceived', data: referral, metadata: worker }]);
  });

  afterEach(async () => {
    await store.close();
    await readModels.destroy();
    await cleanup();
  });

  it('lists a third episode within 90 days exactly once, across a crash before the checkpoint, a restart and a full rebuild', async () => {
    await report(T0);
    await report(T0 + 30 * DAY);
    await report(T0 + 90 * DAY);
    const batch = await log();

    // The listing is appended, then the process dies before its table and checkpoint commit.
    await expect(
      readModels.transaction(async (manager) => {
        await pm().apply(batch, manager);
        throw new Error('crash before the checkpoint');
      }),
    ).rejects.toThrow('crash before the checkpoint');
    expect(await listings()).toHaveLength(1);
    expect(await readModels.getRepository(SemracListingCaseEntity).count()).toBe(0);

    // The same batch again, as the restarted runner delivers it: nothing more is written.
    await readModels.transaction((manager) => pm().apply(batch, manager));
    // A runner from the start (no checkpoint was stored) reads the listing back too.
    await catchUp();
    const [listing] = await listings();
    expect(await listings()).toHaveLength(1);
    expect(listing.data).toMatchObject({ caseId, rule: 'missing-repeatedly', triggeredBy: batch[2].id, detail: { episodeIds: batch.map((e) => e.data.episodeId) } });
    expect(listing.id).toBe(listingEventId({ key: batch[2].id, rule: 'missing-repeatedly' }));
    expect(listing.metadata).toMatchObject({ actor: { userId: SEMRAC_LISTING_USER, agencyId: 'bf-csc' }, reason: expect.stringContaining('missing-repeatedly') });

    // SEMRAC discusses the child; a full rebuild then replays the trigger on a case no longer listed.
    await store.append(caseStreamId(caseId), [
      {
        type: 'DiscussedAtSemrac',
        data: { caseId, meetingId: randomUUID(), agreedRiskLevel: 'moderate', decisions: ['Refer to RHI service'], actionIds: [], discussedAt: iso(Date.now()) },
        metadata: worker,
      },
    ]);
    await new ProjectionRunner(store, readModels, pm()).rebuild(undefined, 2);
    expect(await listings()).toHaveLength(1);
    const row = await readModels.getRepository(SemracListingCaseEntity).findOneByOrFail({ caseId });
    expect(row.facts.listedRules).toEqual([]);
    expect(row.facts.episodes).toHaveLength(3);
  });

  it('does not list a third episode on day 91', async () => {
    await report(T0);
    await report(T0 + 30 * DAY);
    await report(T0 + 91 * DAY);
    await catchUp();
    expect(await listings()).toEqual([]);
  });

  it('lists once per rule until discussed: over 24 hours (not exactly 24), concerning on update, risk moderate (not mild)', async () => {
    const exactly = await report(T0);
    await returned(exactly, T0 + 24 * HOUR);
    await catchUp();
    expect(await listings()).toEqual([]);

    // Spread out, so no window of 90 days holds three of them.
    const longer = await report(T0 + 100 * DAY);
    await returned(longer, T0 + 100 * DAY + 24 * HOUR + 1);
    const marked = await report(T0 + 200 * DAY);
    await store.append(missingEpisodeStreamId(marked), [
      { type: 'MissingEpisodeUpdated', data: { caseId, episodeId: marked, concerning: true, note: 'Seen with a POI', updatedAt: iso(Date.now()) }, metadata: worker },
    ]);
    const assessed = (band: string) => ({
      type: 'RiskAssessed',
      data: { caseId, assessmentId: randomUUID(), band, score: 12, assessedAt: iso(Date.now()) },
      metadata: worker,
    });
    await store.append(caseStreamId(caseId), [assessed('mild')]);
    await store.append(caseStreamId(caseId), [assessed('moderate'), assessed('significant')]);
    await catchUp();

    const found = await listings();
    expect(found.map((l) => l.data.rule)).toEqual(['missing-over-threshold', 'missing-concerning', 'risk-band']);
    expect(found[0].data.detail).toMatchObject({ episodeIds: [longer] });
    expect(found[2].data.detail).toMatchObject({ band: 'moderate' });
  });

  it('lists a child still missing after more than 24 hours once, from the sweep, and not again on the return', async () => {
    const lastSeen = Date.now() - 30 * HOUR;
    const open = await report(lastSeen);
    await catchUp();
    const sweep = new SemracOpenEpisodeSweep(new CommandStreams(store, writePolicyOf(DEFAULT_ACCESS_SETTINGS)), readModels.getRepository(SemracListingCaseEntity), DEFAULT_CASES_SETTINGS);

    expect(await sweep.sweep(new Date(lastSeen + 24 * HOUR))).toBe(0);
    expect(await sweep.sweep(new Date(lastSeen + 24 * HOUR + 1))).toBe(1);
    // Another process sweeping before the listing reached the table: the same listing, not another.
    expect(await sweep.sweep()).toBe(0);
    expect(await listings()).toHaveLength(1);

    await catchUp();
    expect(await sweep.sweep()).toBe(0);
    await returned(open, Date.now());
    await catchUp();
    const [listing] = await listings();
    expect(await listings()).toHaveLength(1);
    expect(listing.data).toMatchObject({ rule: 'missing-over-threshold', detail: { episodeIds: [open] } });
    expect((await readModels.getRepository(SemracListingCaseEntity).findOneByOrFail({ caseId })).openSince).toBeNull();
  });

  it('keeps listing in order while practitioners change the case at the same time', async () => {
    const changes = Array.from({ length: 10 }, (_, i) =>
      store.append(caseStreamId(caseId), [{ type: 'CaseFlagSet', data: { caseId, flag: 'care-leaver', note: `n${i}` }, metadata: worker }]),
    );
    await Promise.all([report(T0, { concerning: true }), ...changes]);
    await catchUp();
    const found: RecordedEvent[] = await listings();
    expect(found.map((l) => l.data.rule)).toEqual(['missing-concerning']);
  });
});
