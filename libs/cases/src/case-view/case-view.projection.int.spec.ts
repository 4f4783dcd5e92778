import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, LeaseLostError, ProjectionCheckpointEntity, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels, readWholeLog } from '@app/event-store-testing';
import { aReferral } from '../case/case.builders';
import { aRiskAssessed } from '../risk/risk.builders';
import { RISK_BANDS } from '../risk/risk-scheme';
import { CASE_FLAG_CODES, LINK_KIND_CODES } from '../case/case.events';
import { caseEventSchemas } from '../case/case.schemas';
import { SEMRAC_RULE_CODES } from '../semrac-listing/semrac-listing.events';
import { AGREED_RISK_LEVEL_CODES } from '../semrac-meeting/semrac-meeting.events';
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

/**
 * Every kind of event the case view folds, about a case already opened: flags set and cleared,
 * links (folded into both cases), lead professionals, risk, SEMRAC listings and discussions, plans,
 * closures and reopenings.
 */
function aLaterEvent(caseId: string, others: string[], closed: Set<string>, i: number): { caseId: string; type: string; data: Record<string, unknown> } {
  const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
  const event = ((): { type: string; data: Record<string, unknown> } => {
    switch (i % 10) {
      case 0:
        return { type: 'CaseFlagSet', data: { caseId, flag: pick(CASE_FLAG_CODES), note: `Note ${i}` } };
      case 1:
        return { type: 'CaseFlagCleared', data: { caseId, flag: pick(CASE_FLAG_CODES), reason: `Reason ${i}` } };
      case 2:
        return { type: 'CasesLinked', data: { caseId, linkedCaseId: pick(others.filter((o) => o !== caseId)), kind: pick(LINK_KIND_CODES) } };
      case 3:
        return { type: 'LeadProfessionalNamed', data: { caseId, agencyId: 'bf-csc', agencyName: "Children's Social Care", name: `Worker ${i}`, role: 'Social worker' } };
      case 4:
        return aRiskAssessed({ caseId, band: pick(RISK_BANDS) });
      case 5:
        return { type: 'DiscussedAtSemrac', data: { caseId, meetingId: randomUUID(), agreedRiskLevel: pick(AGREED_RISK_LEVEL_CODES), decisions: [`Decision ${i}`], actionIds: [randomUUID()], discussedAt: at } };
      case 6:
        return { type: 'SupportPlanRecorded', data: { caseId, planRevision: i + 1, objectives: [`Objective ${i}`], interventions: [], reviewDate: '2027-01-10' } };
      case 7:
        return { type: 'SafetyPlanRecorded', data: { caseId, investigationRef: `OP-${i}`, measures: [`Measure ${i}`], contacts: [], reviewDate: '2027-01-03' } };
      case 8:
        return { type: 'ListedForSemrac', data: { caseId, rule: pick(SEMRAC_RULE_CODES), detail: { summary: `Listed ${i}` }, triggeredBy: randomUUID(), listedAt: at } };
      default: {
        // Closed and reopened in turn: the first case opened, so that one is surely reopened.
        const first = others[0];
        if (closed.delete(first)) return { type: 'CaseReopened', data: { caseId: first, reason: `New concern ${i}`, reopenedAt: at } };
        closed.add(first);
        return { type: 'CaseClosed', data: { caseId: first, reason: `Risk reduced ${i}`, closedAt: at } };
      }
    }
  })();
  // Stored as the write path would store it: each event checked against its schema.
  caseEventSchemas[event.type as keyof typeof caseEventSchemas].parse(event.data);
  return { caseId: event.data.caseId as string, ...event };
}

/** `referrals` referrals over `cases` cases from four writers at once, each followed now and then by a later event (of its case, or a closure or reopening of the first case). */
async function randomWorkload(store: EventStore, cases: number, referrals: number): Promise<{ last: string; events: number }> {
  const caseIds = Array.from({ length: cases }, () => randomUUID());
  const opened = new Set<string>();
  const closed = new Set<string>();
  let last = '';
  let events = 0;
  let later = 0;
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
        const metadata = { actor: { userId: `u-${agency.id}`, agencyId: agency.id } };
        const referred = await store.append(caseStreamId(caseId), [{ type: 'ReferralReceived', data, metadata }]);
        events++;
        if (referred.position > last) last = referred.position;
        if (opened.size > 1 && Math.random() < 0.6) {
          const { caseId: on, type, data: laterData } = aLaterEvent(caseId, [...opened], closed, later++);
          const result = await store.append(caseStreamId(on), [{ type, data: laterData as never, metadata }]);
          events++;
          if (result.position > last) last = result.position;
        }
      }
    }),
  );
  return { last, events };
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
    const { last, events } = await randomWorkload(store, 40, 400);
    expect(events).toBeGreaterThan(550);
    await live.waitFor(last, 20_000);
    await live.stop();
    const liveRows = await rows(readModels);
    expect(liveRows.length).toBeGreaterThan(30);
    expect(liveRows.reduce((n, r) => n + r.referralCount, 0)).toBe(400);
    // Every kind of later event reached some view: links (on both of their cases), flags,
    // closures and reopenings, plans, SEMRAC and risk.
    const views = liveRows.map((r) => r.view);
    expect(views.filter((v) => v.links.length > 0).length).toBeGreaterThan(5);
    expect(views.some((v) => v.closures.length > 1 && v.closures.some((c) => c.reopenedAt))).toBe(true);
    for (const part of ['flags', 'leadProfessionals', 'semracDiscussions', 'supportPlans', 'safetyPlans'] as const) expect(views.some((v) => v[part].length > 0)).toBe(true);
    expect(views.some((v) => v.risk)).toBe(true);
    expect(views.some((v) => v.semrac.listings.length > 0)).toBe(true);

    // The same view, computed directly from the log by the pure evolve function.
    const expected = new Map<string, CaseView | undefined>();
    for (const event of await readWholeLog(store)) {
      for (const target of caseViewTargets(event as never)) expected.set(target.caseId, evolveCaseView(expected.get(target.caseId), target.event, event));
    }
    expect(liveRows.map((r) => r.view)).toEqual([...expected.keys()].sort().map((id) => expected.get(id)));

    const rebuilt = await new ProjectionRunner(store, readModels, new CaseViewProjection()).rebuild(undefined, 150);
    expect(rebuilt).toBe(events);
    expect(await rows(readModels)).toEqual(liveRows);

    // Holding few views, the rebuild writes most of them part way and reads them back: the same rows.
    const holdingFew = Object.assign(new CaseViewProjection(), { holdAtMost: 4 });
    expect(await new ProjectionRunner(store, readModels, holdingFew).rebuild(undefined, 50)).toBe(events);
    expect(await rows(readModels)).toEqual(liveRows);

    // Holding two views in batches of seven events: views let go by one batch (written while the
    // next evolves its own) are often changed by that next batch, and come back as they are.
    const holdingTwo = Object.assign(new CaseViewProjection(), { holdAtMost: 2 });
    expect(await new ProjectionRunner(store, readModels, holdingTwo).rebuild(undefined, 7)).toBe(events);
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
    // However slow the machine: the lock asked for, then held (no view is stored from here until it
    // is let go), then a moment for the rebuild to run into it.
    for (const until = Date.now() + 30_000; !locked && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(locked).toBeDefined();
    await locked;
    await new Promise((resolve) => setTimeout(resolve, 300));
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
