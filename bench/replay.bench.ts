/**
 * Time-travel benchmark: replaying a 10,000-event case as of a moment (DESIGN.md, "Performance
 * targets": ≤ 100 ms), on the embedded default's SQLite and, when reachable, PostgreSQL.
 *
 * What is timed, each in the same process, alternating, best of N rounds:
 *   baseline   readStream(case, { asOf }) alone: the store's read, no evolve
 *   state      TimeTravel.stateAt(..., { view: false }): read + the case decider's evolve (what
 *              the write side would rebuild; the audit's "state as of"; `?view=false`, `--no-view`)
 *   state+view TimeTravel.stateAt: read + decider evolve + the case view's evolve (what the
 *              practitioner saw), as GET /audit/records/case/:id returns it
 * Ratios are against the baseline measured minutes apart at most, because absolute figures drift
 * on this machine.
 *
 *   npm run bench:replay                    # both databases, 10,000 events, 5 rounds
 *   npm run bench:replay -- --events 20000 --rounds 7 --only sqlite
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventStore, JsonObject, NewEvent, PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { TimeTravel } from '@app/audit';
// Declares the case stream and its view, which the replay folds.
import '@app/cases';
import { aReferral } from '@app/cases-testing';

const flag = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const EVENTS = Number(flag('events', '10000'));
const ROUNDS = Number(flag('rounds', '5'));
const ONLY = flag('only', '');

const actor = { userId: 'sw-9', agencyId: 'bf-csc' };
const FLAGS = ['looked-after', 'care-leaver', 'child-witness', 'migrant-uasc'] as const;

/** A long-running case: a referral, then flags set and cleared, lead professionals named, links made. */
function caseEvents(caseId: string, count: number): NewEvent[] {
  const events: NewEvent[] = [
    {
      type: 'ReferralReceived',
      data: aReferral({ referralId: randomUUID(), caseId, referredAt: '2026-01-01T10:00:00.000Z' }) as unknown as JsonObject,
      metadata: { actor },
    },
  ];
  for (let i = 1; i < count; i++) {
    const flag = FLAGS[i % FLAGS.length];
    const kind = i % 5;
    const data =
      kind === 0
        ? { type: 'LeadProfessionalNamed', data: { caseId, agencyId: `agency-${i % 7}`, agencyName: 'Agency', name: `Lead ${i}`, role: 'CSE lead' } }
        : kind === 1
          ? { type: 'CasesLinked', data: { caseId, linkedCaseId: randomUUID(), kind: 'friend' } }
          : Math.floor(i / 4) % 2 === 0
            ? { type: 'CaseFlagSet', data: { caseId, flag, ...(flag === 'child-witness' ? { note: 'Intermediary in place' } : {}) } }
            : { type: 'CaseFlagCleared', data: { caseId, flag, reason: 'No longer applies' } };
    events.push({ ...data, metadata: { actor, ...(kind === 4 ? { reason: 'Reviewed at SEMRAC' } : {}) } } as unknown as NewEvent);
  }
  return events;
}

async function bench(name: string, store: EventStore): Promise<void> {
  const caseId = randomUUID();
  const streamId = `case-${caseId}`;
  const events = caseEvents(caseId, EVENTS);
  for (let i = 0; i < events.length; i += 500) await store.append(streamId, events.slice(i, i + 500));
  // "As of a moment": just after the last event, so all of them replay.
  const [last] = await store.readStream(streamId, { direction: 'backwards', limit: 1 });
  const asOf = new Date(Date.parse(last.recordedAt) + 1).toISOString();
  const travel = new TimeTravel(store);
  const check = await travel.stateAt('case', caseId, asOf);
  if (check.eventsApplied !== EVENTS) throw new Error(`Replayed ${check.eventsApplied} events, expected ${EVENTS}`);

  const runs = {
    baseline: () => store.readStream(streamId, { asOf: { time: asOf } }),
    state: () => travel.stateAt('case', caseId, asOf, { view: false }),
    'state+view': () => travel.stateAt('case', caseId, asOf),
  };
  const best: Record<string, number> = { baseline: Infinity, state: Infinity, 'state+view': Infinity };
  await runs.baseline();
  await runs.state();
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? Object.keys(runs) : Object.keys(runs).reverse();
    for (const key of order) {
      const started = performance.now();
      await runs[key as keyof typeof runs]();
      best[key] = Math.min(best[key], performance.now() - started);
    }
    process.stderr.write(`${name}: round ${round + 1}/${ROUNDS}\r`);
  }
  process.stderr.write('\n');
  const line = (key: string) =>
    `  ${key.padEnd(11)} ${best[key].toFixed(1).padStart(8)} ms   ${(best[key] / best.baseline).toFixed(2).padStart(5)}× baseline${key === 'baseline' ? '' : best[key] <= 100 ? '   (target ≤ 100 ms: met)' : '   (target ≤ 100 ms: NOT met)'}`;
  console.log(`${name}: replay a ${EVENTS.toLocaleString('en-GB')}-event case as of a moment (best of ${ROUNDS})`);
  for (const key of Object.keys(runs)) console.log(line(key));
}

async function main(): Promise<void> {
  if (ONLY !== 'postgres') {
    const db = scratchSqlite();
    const store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    try {
      await bench('sqlite', store);
    } finally {
      await store.close();
      await db.drop();
    }
  }
  if (ONLY !== 'sqlite') {
    let db: Awaited<ReturnType<typeof scratchPostgres>>;
    try {
      db = await scratchPostgres();
    } catch (error) {
      console.log(`postgres: skipped, not reachable (${(error as Error).message})`);
      return;
    }
    const store = await PostgresEventStore.create({ dataSource: await db.dataSource(), schema: db.schema });
    try {
      await bench('postgres', store);
    } finally {
      await store.close();
      await db.drop();
    }
  }
}

main().catch((error: Error) => {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
});
