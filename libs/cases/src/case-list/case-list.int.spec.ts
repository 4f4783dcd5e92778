import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, PostgresEventStore, ProjectionCheckpointEntity, ProjectionRunner, ProjectionsService, SqliteEventStore } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { aReferral } from '../case/case.builders';
import { CaseEvent, caseStreamId } from '../case/case.events';
import { CaseViewEntity } from '../case-view/case-view.entity';
import { CaseViewProjection } from '../case-view/case-view.projection';
import { aRiskAssessed } from '../risk/risk.builders';
import { ListCasesHandler } from './list-cases.handler';
import { CaseListCursor, CaseListFilters, ListCasesQuery } from './list-cases.query';

const child = aReferral().child;
const referral = (caseId: string, agency: { id: string; name: string }, overrides: Partial<ReturnType<typeof aReferral>> = {}): CaseEvent => ({
  type: 'ReferralReceived',
  data: aReferral({ referralId: randomUUID(), caseId, referringAgency: { ...agency, kind: 'health' }, ...overrides }),
});
const discussed = (caseId: string, agreedRiskLevel: 'mild' | 'moderate' | 'significant', discussedAt: string): CaseEvent => ({
  type: 'DiscussedAtSemrac',
  data: { caseId, meetingId: randomUUID(), agreedRiskLevel, decisions: [], actionIds: [], discussedAt },
});
const listed = (caseId: string): CaseEvent =>
  ({ type: 'ListedForSemrac', data: { caseId, rule: 'missing-concerning', detail: { summary: 'Concerning episode' }, triggeredBy: randomUUID(), listedAt: '2026-11-25T00:00:00.000Z' } }) as CaseEvent;

/**
 * Five children, each with the history a filter should find:
 * A: referred by `bf_csc` (an underscore, a LIKE wildcard), looked after, SEMRAC agreed moderate, listed again since.
 * B: referred by `bfxcsc` and `TVP` (upper case), assessed mild, listed, then discussed: SEMRAC agreed significant.
 * C: referred by `tvp`, SEMRAC agreed moderate, then reassessed mild; a support plan names the YOS; closed.
 * D: referred by `tvp`, care leaver, listed for SEMRAC.
 * E: referred by `nhs`, nothing else.
 */
function history(ids: Record<'A' | 'B' | 'C' | 'D' | 'E', string>): Record<string, CaseEvent[]> {
  const { A, B, C, D, E } = ids;
  return {
    [A]: [referral(A, { id: 'bf_csc', name: 'CSC' }, { opensCase: true, child: { ...child, lookedAfter: true } }), discussed(A, 'moderate', '2026-11-20T10:00:00.000Z'), listed(A)],
    [B]: [
      referral(B, { id: 'bfxcsc', name: 'Other' }),
      referral(B, { id: 'TVP', name: 'Upper-case police' }, { opensCase: false }),
      aRiskAssessed({ caseId: B, assessedAt: '2026-11-01T00:00:00.000Z' }),
      listed(B),
      discussed(B, 'significant', '2026-11-20T10:00:00.000Z'),
    ],
    [C]: [
      referral(C, { id: 'tvp', name: 'Thames Valley Police' }),
      discussed(C, 'moderate', '2026-11-20T10:00:00.000Z'),
      aRiskAssessed({ caseId: C, assessmentId: randomUUID(), assessedAt: '2026-11-26T00:00:00.000Z' }),
      { type: 'SupportPlanRecorded', data: { caseId: C, planRevision: 1, objectives: ['Safe'], interventions: [{ agencyId: 'bf-yos', description: 'Mentoring', frequency: 'weekly' }], reviewDate: '2027-01-01' } },
      { type: 'CaseClosed', data: { caseId: C, reason: 'Plan complete', closedAt: '2026-11-27T00:00:00.000Z' } },
    ],
    [D]: [referral(D, { id: 'tvp', name: 'Thames Valley Police' }, { child: { ...child, careLeaver: true } }), listed(D)],
    [E]: [referral(E, { id: 'nhs', name: 'Health' })],
  };
}

describe.each(['sqlite', 'postgres'] as const)('case list (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let cleanup: () => Promise<void>;
  const ids = { A: randomUUID(), B: randomUUID(), C: randomUUID(), D: randomUUID(), E: randomUUID() };
  const name = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));

  beforeAll(async () => {
    const entities = { entities: [CaseViewEntity, ProjectionCheckpointEntity], synchronize: true };
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
    const runner = new ProjectionRunner(store, readModels, new CaseViewProjection(), { pollIntervalMs: 20, batchSize: 3 });
    runner.start();
    let last = '';
    for (const [caseId, events] of Object.entries(history(ids))) {
      for (const e of events) {
        last = (await store.append(caseStreamId(caseId), [{ type: e.type, data: e.data, metadata: { actor: { userId: 'u-1', agencyId: 'bf-csc' } } }])).position;
      }
    }
    await runner.waitFor(last, 20_000);
    await runner.stop();
  });

  afterAll(async () => {
    await store.close();
    await readModels.destroy();
    await cleanup();
  });

  // The handler reads the rows; no projection wait is asked for, so it needs no projections service.
  const list = async (filters: CaseListFilters, limit = 50, after?: CaseListCursor) =>
    new ListCasesHandler(readModels.manager, undefined as unknown as ProjectionsService).execute(new ListCasesQuery(filters, limit, after));
  const found = async (filters: CaseListFilters) => (await list(filters)).cases.map((c) => name[c.caseId]).sort();

  it('answers summaries, most recently opened first, then by case id', async () => {
    const all = await list({});
    expect(all.total).toBe(5);
    const rows = await readModels.getRepository(CaseViewEntity).find();
    const opened = rows.sort((a, b) => (a.openedAt === b.openedAt ? (a.caseId < b.caseId ? -1 : 1) : a.openedAt > b.openedAt ? -1 : 1));
    expect(all.cases.map((c) => c.caseId)).toEqual(opened.map((r) => r.caseId));
    expect(all.next).toBeNull();
    expect(all.cases.find((c) => c.caseId === ids.A)).toEqual({
      caseId: ids.A,
      status: 'open',
      riskBand: 'moderate',
      listedForSemrac: true,
      flags: ['looked-after'],
      // The referrer, and the agency of the user who recorded each event (every event here is by bf-csc).
      agencies: ['bf-csc', 'bf_csc'],
      updatedAt: expect.any(String),
    });
  });

  it('filters by status', async () => {
    expect(await found({ status: 'closed' })).toEqual(['C']);
    expect(await found({ status: 'open' })).toEqual(['A', 'B', 'D', 'E']);
  });

  it('filters by the current risk band: the latest of the assessment and the level SEMRAC agreed', async () => {
    expect(await found({ riskBand: 'moderate' })).toEqual(['A']);
    expect(await found({ riskBand: 'significant' })).toEqual(['B']);
    expect(await found({ riskBand: 'mild' })).toEqual(['C']);
    expect(await found({ riskBand: 'none' })).toEqual([]);
  });

  it('filters by agency exactly: no wildcards, case-sensitive, including agencies named in plans', async () => {
    expect(await found({ agencyId: 'bf_csc' })).toEqual(['A']);
    expect(await found({ agencyId: 'tvp' })).toEqual(['C', 'D']);
    expect(await found({ agencyId: 'TVP' })).toEqual(['B']);
    expect(await found({ agencyId: 'bf-yos' })).toEqual(['C']);
    expect(await found({ agencyId: 'bf' })).toEqual([]);
  });

  it('filters by flag and by listing for SEMRAC (a discussion clears a listing), alone or together', async () => {
    expect(await found({ flag: 'looked-after' })).toEqual(['A']);
    expect(await found({ flag: 'care-leaver' })).toEqual(['D']);
    expect(await found({ listedForSemrac: true })).toEqual(['A', 'D']);
    expect(await found({ listedForSemrac: false })).toEqual(['B', 'C', 'E']);
    expect(await found({ listedForSemrac: true, agencyId: 'tvp', status: 'open' })).toEqual(['D']);
  });

  it('pages through the list after the last case of each page, saying when there are no more', async () => {
    const cursor = (next: string | null) => JSON.parse(Buffer.from(next!, 'base64url').toString()) as CaseListCursor;
    const first = await list({}, 2);
    const second = await list({}, 2, cursor(first.next));
    const third = await list({}, 2, cursor(second.next));
    expect([first, second, third].map((p) => p.cases.length)).toEqual([2, 2, 1]);
    expect(new Set([...first.cases, ...second.cases, ...third.cases].map((c) => c.caseId)).size).toBe(5);
    expect(third.total).toBe(5);
    expect(third.next).toBeNull();
    // The cursor holds the order's key and the id only.
    expect(Object.keys(cursor(first.next)).sort()).toEqual(['caseId', 'openedAt']);
  });

  it('rebuilds to the same rows', async () => {
    const before = await readModels.getRepository(CaseViewEntity).find({ order: { caseId: 'ASC' } });
    await new ProjectionRunner(store, readModels, new CaseViewProjection()).rebuild(undefined, 4);
    expect(await readModels.getRepository(CaseViewEntity).find({ order: { caseId: 'ASC' } })).toEqual(before);
  });
});
