/**
 * es_append against the function it replaced: the CPU the PostgreSQL backend spends on one call,
 * the same prepared events sent to each on one connection, alternating in rounds. The backend's own
 * CPU (/proc), not the cluster's: the WAL writer, checkpointer and autovacuum are left out, so that a
 * change to the function shows at the scale it has (tens of microseconds a call).
 *
 * The replaced function is the one the latest es_append migration puts back when undone
 * (NewStreamHeadOnce: a new stream's head made at revision -1, then moved on by a second write).
 * Kinds: single events and batches of 100 to new streams (no-stream, as a referral opens a case),
 * and single events to a new stream with `any` (as a first read of a record is recorded).
 *
 *   npm run bench:append-function [-- --calls 3000 --rounds 5]
 */
import { Client } from 'pg';
import { PostgresEventStore, prepareAppend } from '@app/event-store';
import { TEST_POSTGRES_URL, scratchPostgres } from '@app/event-store-testing';
import { esAppendOfAppendFastPath } from '../libs/event-store/src/migrations/event-store.postgres/1796256695076-AppendFastPath';
import { eventArrays } from '../libs/event-store/src/sql/postgres-event-store';
import { calibrateMachine, describeMachine } from './machine';
import { processCpuSeconds } from './process-cpu';
import { printTable, runBench } from './table';
import { aBenchEvent } from './store.bench';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`--${name} must be a positive whole number`);
  return value;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const calls = option('calls', 3000);
  const rounds = option('rounds', 5);
  const machine = await calibrateMachine();
  const db = await scratchPostgres();
  const dataSource = await db.dataSource();
  const store = await PostgresEventStore.create({ dataSource, schema: db.schema });
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  const s = `"${db.schema}"`;
  try {
    for (const table of ['es_events', 'es_streams']) await client.query(`ALTER TABLE ${s}.${table} SET (autovacuum_enabled = off)`);
    await client.query(esAppendOfAppendFastPath(s).replace(`${s}.es_append(`, `${s}.es_append_before(`));
    const backend = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    let streams = 0;
    const call = (fn: string, expected: number, size: number) => {
      const stream = `bench-${streams++}`;
      const values = [stream, expected, ...eventArrays(prepareAppend(stream, Array.from({ length: size }, aBenchEvent)))];
      return () => client.query({ name: fn, text: `SELECT * FROM ${s}.${fn}($1, $2, $3, $4, $5, $6, $7, false)`, values });
    };
    const kinds = [
      { name: '1 event, no-stream', expected: -2, size: 1, calls },
      { name: '100 events, no-stream', expected: -2, size: 100, calls: Math.max(1, Math.round(calls / 10)) },
      { name: '1 event, any, new stream', expected: -1, size: 1, calls },
    ];
    const functions = ['es_append_before', 'es_append'];
    const figures = new Map<string, number[]>();
    for (const kind of kinds) for (const fn of functions) for (let i = 0; i < 30; i++) await call(fn, kind.expected, kind.size)();
    for (let round = 1; round <= rounds; round++) {
      for (const kind of kinds) {
        for (const fn of functions) {
          const prepared = Array.from({ length: kind.calls }, () => call(fn, kind.expected, kind.size));
          const start = processCpuSeconds(backend);
          for (const send of prepared) await send();
          const end = processCpuSeconds(backend);
          if (start === undefined || end === undefined) throw new Error("This bench reads the backend's CPU time from /proc, with PostgreSQL on this machine");
          const key = `${kind.name}|${fn}`;
          figures.set(key, [...(figures.get(key) ?? []), ((end - start) * 1e6) / kind.calls]);
        }
        process.stderr.write(`[append-function] round ${round}/${rounds} ${kind.name}: ${kind.calls} calls a function\n`);
      }
    }
    console.log(`\n${describeMachine(machine)}`);
    const spread = (values: number[]) => `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;
    printTable(
      `The backend's CPU a call, µs (median of ${rounds} rounds; rounds in brackets); before = es_append as AppendFastPath made it`,
      ['kind', 'before', 'now', 'now/before', 'rounds (before; now)'],
      kinds.map((kind) => {
        const before = figures.get(`${kind.name}|es_append_before`)!;
        const now = figures.get(`${kind.name}|es_append`)!;
        return [kind.name, median(before).toFixed(0), median(now).toFixed(0), `${(median(now) / median(before)).toFixed(2)}×`, `${spread(before)}; ${spread(now)}`];
      }),
    );
  } finally {
    await client.end();
    await store.close();
    await db.drop();
  }
}

runBench(main);
