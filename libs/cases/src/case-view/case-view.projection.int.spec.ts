import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, LeaseLostError, ProjectionCheckpointEntity, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels, readWholeLog } from '@app/event-store-testing';
import { aReferral } from '../case/case.builders';
import { caseStreamId } from '../case/case.events';
import { SIGN_CODES, VULNERABILITY_CODES } from '../shared/indicators';
import { CaseView, caseViewTargets, evolveCaseView } from './case-view';
import { CaseViewEntity } from './case-view.entity';
import { CaseViewProjection } from './case-view.projection';

const agencies = [
  { id: 'bf-csc', kind: 'children-social-care', name: "Children's Social Care" },
  { id: 'tvp', kind: 'police', name: 'Thames Valley Police' },
  { id: 'bf-school', kind: 'education', name: 'Example School' },
  { id: 'nhs-sexual-health', kind: 'health', name: 'Sexual health clinic' },
] as const;

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const some = <T>(items: readonly T[]) => items.filter(() => Math.random() < 0.15);

async function randomWorkload(store: EventStore, cases: number, referrals: number): Promise<string> {
  const caseIds = Array.from({ length: cases }, () => randomUUID());
  const opened = new Set<string>();
  let last = '';
  // Several writers at once, as in production.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = 0; i < referrals / 4; i++) {
        const caseId = pick(caseIds);
        const agency = pick(agencies);
        const referralId = randomUUID();
        const data = aReferral({
          referralId,
          caseId,
          opensCase: !opened.has(caseId),
          referringAgency: agency,
          vulnerabilities: some(VULNERABILITY_CODES),
          signs: some(SIGN_CODES),
          immediateDanger: Math.random() < 0.05,
        });
        opened.add(caseId);
        const result = await store.append(caseStreamId(caseId), [
          { type: 'ReferralReceived', data, metadata: { actor: { userId: `u-${agency.id}`, agencyId: agency.id } } },
        ]);
        if (result.position > last) last = result.position;
      }
    }),
  );
  return last;
}

const rows = async (ds: DataSource) =>
  (await ds.getRepository(CaseViewEntity).find({ order: { caseId: 'ASC' } })).map((row) => ({ ...row }));

describe.each(['sqlite', 'postgres'] as const)('case view projection (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels(database, [CaseViewEntity]));
  });

  afterEach(() => close());

  it('rebuilt from scratch, equals what it held live after a random workload', async () => {
    const live = new ProjectionRunner(store, readModels, new CaseViewProjection(), { pollIntervalMs: 20, batchSize: 37 });
    live.start();
    const last = await randomWorkload(store, 40, 400);
    await live.waitFor(last, 20_000);
    await live.stop();
    const liveRows = await rows(readModels);
    expect(liveRows.length).toBeGreaterThan(30);
    expect(liveRows.reduce((n, r) => n + r.referralCount, 0)).toBe(400);

    // The same view, computed directly from the log by the pure evolve function.
    const expected = new Map<string, CaseView | undefined>();
    for (const event of await readWholeLog(store)) {
      for (const target of caseViewTargets(event as never)) expected.set(target.caseId, evolveCaseView(expected.get(target.caseId), target.event, event));
    }
    expect(liveRows.map((r) => r.view)).toEqual([...expected.keys()].sort().map((id) => expected.get(id)));

    const rebuilt = await new ProjectionRunner(store, readModels, new CaseViewProjection()).rebuild(undefined, 150);
    expect(rebuilt).toBe(400);
    expect(await rows(readModels)).toEqual(liveRows);

    // Holding few views, the rebuild writes most of them part way and reads them back: the same rows.
    const holdingFew = Object.assign(new CaseViewProjection(), { holdAtMost: 4 });
    expect(await new ProjectionRunner(store, readModels, holdingFew).rebuild(undefined, 50)).toBe(400);
    expect(await rows(readModels)).toEqual(liveRows);

    // Holding two views in batches of seven events: views let go by one batch (written while the
    // next evolves its own) are often changed by that next batch, and come back as they are.
    const holdingTwo = Object.assign(new CaseViewProjection(), { holdAtMost: 2 });
    expect(await new ProjectionRunner(store, readModels, holdingTwo).rebuild(undefined, 7)).toBe(400);
    expect(await rows(readModels)).toEqual(liveRows);
  });
});

describe('case view rebuild on postgres, its views written beside its batches', () => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels('postgres', [CaseViewEntity]));
  });

  afterEach(() => close());

  it('fails when another runner takes the projection over while views are being written, and stores none of them', async () => {
    await randomWorkload(store, 40, 400);
    const holdingTwo = Object.assign(new CaseViewProjection(), { holdAtMost: 2 });
    const runner = new ProjectionRunner(store, readModels, holdingTwo);
    // Part way, the views' writes are held up (a lock on their table), so the rebuild waits for one.
    const locker = readModels.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    let locked: Promise<unknown> | undefined;
    const rebuilt = runner.rebuild(({ handled }) => {
      if (handled >= 100) locked ??= locker.query(`LOCK TABLE ${readModels.getMetadata(CaseViewEntity).tablePath} IN SHARE MODE`);
    }, 7);
    const failed = expect(rebuilt).rejects.toThrow(LeaseLostError);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(locked).toBeDefined();
    // Meanwhile another runner claims the projection (as a standby does when a lease lapses).
    const before = await rows(readModels);
    await readModels.getRepository(ProjectionCheckpointEntity).update({ name: 'case-view' }, { owner: 'another-runner' });
    await locker.commitTransaction();
    await locker.release();
    await failed;
    // The write that was held up found the lease gone: none of its views were stored.
    expect(await rows(readModels)).toEqual(before);
    expect(before.reduce((n, r) => n + r.referralCount, 0)).toBeLessThan(400);
  });
});
