/**
 * Where a 100-event append's CPU goes on PostgreSQL: the store's append (prepareAppend, then
 * es_append) beside plain INSERTs of the same events, by what each does more than the last:
 *
 *   plain VALUES        the baseline of `bench:store` (a 100-row VALUES list, 600 text parameters,
 *                       into a table with a bigserial key and a unique event id)
 *   store's table       the same VALUES into a table of the store's shape (global-order key, the
 *                       (stream, revision) index, transaction id, time and hash columns)
 *   binary arrays       the store's table filled from binary arrays through unnest, as es_append's
 *                       INSERT is (no function, no hash chain, a fixed hash)
 *   + content hashes    the same, with the events prepared as the store prepares them (prepareAppend:
 *                       canonical JSON and a SHA-256 of its content an event, in Node) and those hashes
 *                       in the hash column: no function, no stream head, no chain. The least an append
 *                       keeping the contract's tamper evidence can cost, whatever its SQL
 *   es_append           the store's append: canonical JSON and a content hash an event in Node,
 *                       the stream's head locked and moved on and the hash chain in PostgreSQL
 *
 * One connection, one call at a time, so each figure is that call's own cost: the CPU of every
 * PostgreSQL process (/proc, WAL writer and checkpointer included) and of this process (its making
 * of the events included, the same for every row) per 100-event batch (bench/process-cpu.ts),
 * alternating in rounds.
 *
 *   npm run bench:append-cost [-- --batches 500 --rounds 4]
 */
import { Pool } from 'pg';
import { NewEvent, PostgresEventStore, prepareAppend } from '@app/event-store';
import { TEST_POSTGRES_URL, scratchPostgres } from '@app/event-store-testing';
import { binaryByteaArray, binaryTextArray, binaryUuidArray } from '../libs/event-store/src/sql/postgres-binary-arrays';
import { eventArrays } from '../libs/event-store/src/sql/postgres-event-store';
import { calibrateMachine, describeMachine } from './machine';
import { cpuMeter, postgresCpuSeconds, processCpuSeconds } from './process-cpu';
import { printTable, runBench } from './table';
import { aBenchEvent } from './store.bench';

const BATCH = 100;
const FLOOR = '+ content hashes (floor)';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`--${name} must be a positive whole number`);
  return value;
}

async function main(): Promise<void> {
  const batches = option('batches', 500);
  const rounds = option('rounds', 4);
  const machine = await calibrateMachine();
  const db = await scratchPostgres();
  const dataSource = await db.dataSource();
  const store = await PostgresEventStore.create({ dataSource, schema: db.schema });
  const pool = new Pool({ connectionString: TEST_POSTGRES_URL, max: 1 });
  const s = `"${db.schema}"`;
  try {
    await pool.query(`CREATE TABLE ${s}.plain (id bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE, type text NOT NULL, data text NOT NULL, metadata text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(`CREATE TABLE ${s}.store_shape (position bigserial, transaction_id xid8 NOT NULL, stream_id text NOT NULL,
        revision bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL, data text NOT NULL, metadata text NOT NULL,
        recorded_at timestamptz NOT NULL, hash bytea NOT NULL,
        PRIMARY KEY (transaction_id, position), UNIQUE (event_id), UNIQUE (stream_id, revision))`);
    const rows = (columns: number, row: (param: (c: number) => string) => string) =>
      Array.from({ length: BATCH }, (_, r) => row((c) => `$${r * columns + c + 1}`)).join(', ');
    const plainValues = `INSERT INTO ${s}.plain (stream_id, revision, event_id, type, data, metadata) VALUES ${rows(6, (p) => `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`)}`;
    const shapeValues =
      `INSERT INTO ${s}.store_shape (transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash) VALUES ` +
      rows(7, (p) => `(pg_current_xact_id(), ${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, now(), ${p(6)})`);
    const shapeUnnest = `INSERT INTO ${s}.store_shape (transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash)
        SELECT pg_current_xact_id(), $1, u.ord - 1, u.id, u.type, u.data, u.metadata, now(), u.hash
          FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::bytea[]) WITH ORDINALITY AS u(id, type, data, metadata, hash, ord)
         ORDER BY u.ord`;
    // Autovacuum wakes for inserted rows now and then and its CPU fell into whichever round was running
    // (the baseline's rounds spread 0.78-1.07 ms): off for these scratch tables, alike for every kind.
    for (const table of ['plain', 'store_shape', 'es_events', 'es_streams']) {
      await pool.query(`ALTER TABLE ${s}.${table} SET (autovacuum_enabled = off, toast.autovacuum_enabled = off)`);
    }
    const fixedHash = Buffer.alloc(32, 7);
    let streams = 0;
    const events = (): NewEvent[] => Array.from({ length: BATCH }, aBenchEvent);
    const kinds: { name: string; call: () => Promise<unknown> }[] = [
      {
        name: 'plain VALUES (baseline)',
        call: () => {
          const stream = `plain-${streams++}`;
          const values = events().flatMap((e, i) => [stream, i, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)]);
          return pool.query({ name: 'plain-values', text: plainValues, values });
        },
      },
      {
        name: "store's table, VALUES",
        call: () => {
          const stream = `shape-${streams++}`;
          const values = events().flatMap((e, i) => [stream, i, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), fixedHash]);
          return pool.query({ name: 'shape-values', text: shapeValues, values });
        },
      },
      {
        name: "store's table, binary arrays",
        call: () => {
          const batch = events();
          return pool.query({
            name: 'shape-unnest',
            text: shapeUnnest,
            values: [
              `unnest-${streams++}`,
              binaryUuidArray(batch.map((e) => e.id!)),
              binaryTextArray(batch.map((e) => e.type)),
              binaryTextArray(batch.map((e) => JSON.stringify(e.data))),
              binaryTextArray(batch.map((e) => JSON.stringify(e.metadata))),
              binaryByteaArray(batch.map(() => fixedHash)),
            ],
          });
        },
      },
      {
        name: FLOOR,
        call: () => {
          const stream = `hashed-${streams++}`;
          // The store's own arrays, as es_append gets them.
          const values = [stream, ...eventArrays(prepareAppend(stream, events(), { expectedRevision: 'no-stream' }))];
          return pool.query({ name: 'shape-unnest', text: shapeUnnest, values });
        },
      },
      { name: 'es_append (the store)', call: () => store.append(`case-${streams++}`, events(), { expectedRevision: 'no-stream' }) },
    ];

    // Warm: plans made, es_append compiled, the tables past their first pages.
    for (const kind of kinds) for (let i = 0; i < 50; i++) await kind.call();
    const cpu = new Map(kinds.map((kind) => [kind.name, { postgres: [] as number[], node: [] as number[] }]));
    for (let round = 1; round <= rounds; round++) {
      for (const kind of kinds) {
        const meter = cpuMeter({ postgres: postgresCpuSeconds, node: () => processCpuSeconds(process.pid) });
        for (let i = 0; i < batches; i++) await kind.call();
        const used = meter.stop();
        if (used.postgres === undefined || used.node === undefined) throw new Error('This bench reads CPU time from /proc, with PostgreSQL on this machine');
        const figures = cpu.get(kind.name)!;
        figures.postgres.push((used.postgres * 1000) / batches);
        figures.node.push((used.node * 1000) / batches);
        process.stderr.write(`[append-cost] round ${round}/${rounds} ${kind.name}: ${batches} batches of ${BATCH}\n`);
      }
    }

    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const base = cpu.get(kinds[0].name)!;
    const baseTotal = median(base.postgres) + median(base.node);
    console.log(`\n${describeMachine(machine)}`);
    const spread = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
    printTable(
      `CPU a ${BATCH}-event batch, one connection, one call at a time (median of ${rounds} rounds of ${batches}; rounds in brackets)`,
      ['kind', 'PostgreSQL ms', 'Node ms', 'total ms', 'baseline/this', 'rounds (PostgreSQL; Node)'],
      kinds.map((kind) => {
        const figures = cpu.get(kind.name)!;
        const total = median(figures.postgres) + median(figures.node);
        return [kind.name, median(figures.postgres).toFixed(2), median(figures.node).toFixed(2), total.toFixed(2), `${(baseTotal / total).toFixed(2)}×`, `${spread(figures.postgres)}; ${spread(figures.node)}`];
      }),
    );
    console.log('baseline/this: the rate the two cores would allow this kind against the baseline, were CPU all that limits it (the target for batches of 100: ≥ 0.8×).');
    const floor = cpu.get(FLOOR)!;
    const floorRatio = baseTotal / (median(floor.postgres) + median(floor.node));
    console.log(
      `floor: ${floorRatio.toFixed(2)}×, the most an append that keeps the contract's content hashes could reach here with nothing but its INSERT; ` +
        (floorRatio < 0.8 ? 'below the 0.8× target, which no SQL of the append can then meet.' : 'at or above the 0.8× target.'),
    );
  } finally {
    await pool.end();
    await store.close();
    await db.drop();
  }
}

runBench(main);
