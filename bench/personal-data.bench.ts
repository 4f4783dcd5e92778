/**
 * What encrypting personal data per subject costs: appends and global-log reads of referrals
 * (a child's identity and narrative in each) through the protected store, against the same
 * adapter without protection, measured in the same run on the same database.
 *
 *   npm run bench:personal-data                       # PostgreSQL and SQLite
 *   npm run bench:personal-data -- --events 20000 --only postgres
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CASES_PERSONAL_DATA, caseStreamId } from '@app/cases';
import { EventStore, PersonalDataProtectedEventStore, PostgresEventStore, SqliteEventStore, SubjectKeyStore } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { aReferral } from '../libs/cases/src/case/case.builders';
import { printTable, runBench } from './table';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const EVENTS = Number(arg('events') ?? process.env.BENCH_EVENTS ?? 10_000);
const ONLY = arg('only') ?? process.env.BENCH_ONLY;
const PER_CASE = 5;
const actor = { userId: 'bench', agencyId: 'bench-agency' };

interface Pair {
  plain: EventStore;
  protectedStore: PersonalDataProtectedEventStore;
  close(): Promise<void>;
}

async function open(database: 'postgres' | 'sqlite'): Promise<Pair> {
  if (database === 'sqlite') {
    const db = scratchSqlite();
    const plain = await SqliteEventStore.create({ dataSource: await db.dataSource('plain.sqlite') });
    const keysDs = await db.dataSource('events.keys.sqlite');
    const inner = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    const protectedStore = new PersonalDataProtectedEventStore(inner, await SubjectKeyStore.open(keysDs, randomBytes(32)), CASES_PERSONAL_DATA);
    return { plain, protectedStore, close: async () => (await plain.close(), await protectedStore.close(), await keysDs.destroy(), await db.drop()) };
  }
  const plainDb = await scratchPostgres();
  const protectedDb = await scratchPostgres();
  const plain = await PostgresEventStore.create({ dataSource: await plainDb.dataSource(), schema: plainDb.schema });
  const keysDs = await protectedDb.dataSource();
  const inner = await PostgresEventStore.create({ dataSource: await protectedDb.dataSource(), schema: protectedDb.schema });
  const protectedStore = new PersonalDataProtectedEventStore(inner, await SubjectKeyStore.open(keysDs, randomBytes(32), protectedDb.schema), CASES_PERSONAL_DATA);
  return {
    plain,
    protectedStore,
    close: async () => (await plain.close(), await protectedStore.close(), await keysDs.destroy(), await plainDb.drop(), await protectedDb.drop()),
  };
}

/** Appends EVENTS referrals, PER_CASE to a case in one call each, from 4 writers; answers events per second. */
async function appendAll(store: EventStore, label: string): Promise<number> {
  const cases = Math.ceil(EVENTS / PER_CASE);
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (let c = w; c < cases; c += 4) {
        const caseId = randomUUID();
        await store.append(
          caseStreamId(caseId),
          Array.from({ length: PER_CASE }, (_, i) => ({ type: 'ReferralReceived', data: aReferral({ referralId: randomUUID(), caseId, opensCase: i === 0 }), metadata: { actor } })),
          { expectedRevision: 'no-stream' },
        );
        done += PER_CASE;
        if (done % 2000 === 0) process.stderr.write(`  ${label}: ${done}/${EVENTS} appended\r`);
      }
    }),
  );
  return (cases * PER_CASE) / ((performance.now() - started) / 1000);
}

async function readAllOf(store: EventStore, label: string): Promise<number> {
  const started = performance.now();
  let after = '';
  let read = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: 1000 });
    if (batch.length === 0) break;
    read += batch.length;
    after = batch[batch.length - 1].position;
    if (read % 5000 === 0) process.stderr.write(`  ${label}: ${read} read\r`);
  }
  return read / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  for (const database of (['postgres', 'sqlite'] as const).filter((d) => !ONLY || d === ONLY)) {
    process.stderr.write(`personal data: ${database}, ${EVENTS} referrals ...\n`);
    const pair = await open(database);
    try {
      // Alternate plain and protected, best of two rounds each, so neither gets a warmer machine.
      const best = { plainAppend: 0, protectedAppend: 0, plainRead: 0, protectedRead: 0 };
      for (let round = 0; round < 2; round++) {
        best.plainAppend = Math.max(best.plainAppend, await appendAll(pair.plain, 'plain'));
        best.protectedAppend = Math.max(best.protectedAppend, await appendAll(pair.protectedStore, 'protected'));
        best.plainRead = Math.max(best.plainRead, await readAllOf(pair.plain, 'plain'));
        best.protectedRead = Math.max(best.protectedRead, await readAllOf(pair.protectedStore, 'protected'));
      }
      rows.push([database, 'append (5 referrals a call, 4 writers)', best.plainAppend.toFixed(0), best.protectedAppend.toFixed(0), `${(best.protectedAppend / best.plainAppend).toFixed(2)}x`]);
      rows.push([database, 'readAll (decrypting every referral)', best.plainRead.toFixed(0), best.protectedRead.toFixed(0), `${(best.protectedRead / best.plainRead).toFixed(2)}x`]);
    } finally {
      await pair.close();
    }
  }
  const header = ['store', 'operation', 'plain ev/s', 'encrypted ev/s', 'ratio'];
  printTable(`Personal data encrypted per subject (AES-256-GCM, ${CASES_PERSONAL_DATA.ReferralReceived.fields.length} personal fields a referral) vs the same adapter without`, header, rows);
}

runBench(main);
