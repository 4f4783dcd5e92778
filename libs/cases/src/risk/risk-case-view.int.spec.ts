import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels } from '@app/event-store-testing';
import { aReferral } from '../case/case.builders';
import { CaseEvent, caseStreamId } from '../case/case.events';
import { caseDecider } from '../case/case.decider';
import { CaseView } from '../case-view/case-view';
import { CaseViewEntity } from '../case-view/case-view.entity';
import { CaseViewProjection } from '../case-view/case-view.projection';
import { SIGN_CODES, VULNERABILITY_CODES } from '../shared/indicators';
import { anAssessment } from './risk.builders';

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const some = <T>(items: readonly T[], p: number) => items.filter(() => Math.random() < p);
const NOW = '2026-11-28T10:00:00.000Z';
const metadata = { actor: { userId: 'sw-1', agencyId: 'bf-csc' } };

/** Cases with several assessments each, some entered late (older assessedAt), some with a disclosure; decided by the real decider. */
async function workload(store: EventStore, cases: number, assessmentsPerCase: number): Promise<{ last: string; latestBand: Map<string, string> }> {
  const latest = new Map<string, { assessedAt: string; band: string }>();
  let last = '';
  await Promise.all(
    Array.from({ length: cases }, async () => {
      const caseId = randomUUID();
      const history: CaseEvent[] = [{ type: 'ReferralReceived', data: aReferral({ caseId, referralId: randomUUID() }) }];
      await store.append(caseStreamId(caseId), [{ ...history[0], metadata }]);
      for (let i = 0; i < assessmentsPerCase; i++) {
        const disclosure = Math.random() < 0.1;
        const assessedAt = new Date(Date.parse(NOW) - Math.floor(Math.random() * 300) * 86_400_000).toISOString();
        const data = anAssessment({
          assessmentId: randomUUID(),
          assessedAt,
          vulnerabilities: some(VULNERABILITY_CODES, 0.2),
          signs: some(SIGN_CODES, 0.3).map((code) => ({ code, severity: pick(['moderate', 'significant'] as const), lastObserved: assessedAt.slice(0, 10) })),
          disclosure,
          ...(disclosure ? { disclosureDetails: 'Disclosed to a teacher.' } : {}),
        });
        const state = history.reduce(caseDecider.evolve, caseDecider.initialState());
        const events = caseDecider.decide({ type: 'AssessRisk', data, caseId, now: NOW }, state);
        history.push(...events);
        const result = await store.append(caseStreamId(caseId), events.map((e) => ({ ...e, metadata })), { expectedRevision: history.length - events.length - 1 });
        if (result.position > last) last = result.position;
        const assessed = events[0].type === 'RiskAssessed' ? events[0].data : undefined;
        const current = latest.get(caseId);
        if (assessed && (!current || assessed.assessedAt >= current.assessedAt)) latest.set(caseId, { assessedAt: assessed.assessedAt, band: assessed.band });
      }
    }),
  );
  return { last, latestBand: new Map([...latest].map(([id, l]) => [id, l.band])) };
}

describe.each(['sqlite', 'postgres'] as const)('case view of risk assessments (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels(database, [CaseViewEntity]));
  });

  afterEach(() => close());

  it('shows each case at the band of its latest assessment with the whole history, live and rebuilt alike', async () => {
    const live = new ProjectionRunner(store, readModels, new CaseViewProjection(), { pollIntervalMs: 20, batchSize: 23 });
    live.start();
    const { last, latestBand } = await workload(store, 20, 6);
    await live.waitFor(last, 20_000);
    await live.stop();
    const liveRows = (await readModels.getRepository(CaseViewEntity).find({ order: { caseId: 'ASC' } })).map((row) => ({ ...row }));
    const views = liveRows.map((r) => r.view as CaseView);

    expect(views).toHaveLength(20);
    for (const view of views) {
      expect(view.risk?.band).toBe(latestBand.get(view.caseId));
      expect(view.risk?.history).toHaveLength(6);
      const dates = view.risk!.history.map((h) => h.assessedAt);
      expect(dates).toEqual([...dates].sort());
    }

    await new ProjectionRunner(store, readModels, new CaseViewProjection()).rebuild(undefined, 50);
    expect((await readModels.getRepository(CaseViewEntity).find({ order: { caseId: 'ASC' } })).map((row) => ({ ...row }))).toEqual(liveRows);
  });
});
