/**
 * Event store benchmark: appends and global-log reads on PostgreSQL and SQLite, each against
 * a plain-SQL baseline through the same driver, at the same concurrency, in the same process.
 * The performance targets are in /work/shared/DESIGN.md ("Performance targets"); they are
 * ratios because absolute figures drift on the 2-core machine. Baseline and adapter runs
 * alternate (baseline, ours, ours, baseline, baseline, ours, ...) and the best round of each
 * side counts; the table also shows the spread of the paired rounds' ratios.
 *
 *   npm run bench:store                        # default, about 3 minutes
 *   npm run bench:store -- --seconds 1         # shorter cells
 *   npm run bench:store -- --large             # also reads at 1,000,000 events (+5 min: fills through the store)
 *   npm run bench:store -- --only postgres     # or sqlite
 *
 * Flags (environment variable in brackets):
 *   --seconds N      duration of one append run in seconds [BENCH_SECONDS], default 1.5
 *   --rounds N       alternating rounds per side and cell [BENCH_ROUNDS], default 3
 *   --warmup N       warm-up seconds per backend [BENCH_WARMUP], default 1
 *   --writers 1,4,16 concurrent writers [BENCH_WRITERS]
 *   --read-size N    events in the store for the read test [BENCH_READ_SIZE], default 100000
 *   --large          also read at 1,000,000 events [BENCH_LARGE=1]
 *   --only NAME      postgres | sqlite [BENCH_ONLY]
 *   --rebuild-only   PostgreSQL: fill the read store, then time the projection rebuilds only [BENCH_REBUILD_ONLY=1]
 *   --appends-only   the append cells only [BENCH_APPENDS_ONLY=1]
 *   --no-json        do not write bench/results/store-<timestamp>.json
 *
 * Progress goes to stderr, the table to stdout, everything measured to the JSON file.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { EventStore, JsonObject, NewEvent, PostgresEventStore, SqliteEventStore, START } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { caseViewRebuild } from './case-view-rebuild';
import { MachineCalibration, calibrateMachine, describeMachine } from './machine';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

type Backend = 'postgres' | 'sqlite';

export interface BenchOptions {
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  writers: number[];
  batchSize: number;
  readBatch: number;
  readSizes: number[];
  backends: Backend[];
  json: boolean;
  /** Only the projection rebuilds (on PostgreSQL, over the filled read store). */
  rebuildOnly: boolean;
  /** Only the append cells. */
  appendsOnly: boolean;
}

export function parseOptions(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const has = (name: string) => argv.includes(`--${name}`);
  const num = (value: string | undefined, fallback: number, name: string): number => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name} must be a positive number, not ${value}`);
    return n;
  };
  const readSize = Math.round(num(flag('read-size') ?? env.BENCH_READ_SIZE, 100_000, 'read-size'));
  const large = has('large') || env.BENCH_LARGE === '1';
  const rebuildOnly = has('rebuild-only') || env.BENCH_REBUILD_ONLY === '1';
  const appendsOnly = has('appends-only') || env.BENCH_APPENDS_ONLY === '1';
  if (rebuildOnly && appendsOnly) throw new RangeError('--rebuild-only and --appends-only exclude each other');
  const only = flag('only') ?? env.BENCH_ONLY ?? (rebuildOnly ? 'postgres' : undefined);
  if (only !== undefined && only !== 'postgres' && only !== 'sqlite') throw new RangeError(`--only takes postgres or sqlite, not ${only}`);
  if (rebuildOnly && only !== 'postgres') throw new RangeError('--rebuild-only runs on PostgreSQL (the projection rebuilds write a PostgreSQL read model)');
  return {
    seconds: num(flag('seconds') ?? env.BENCH_SECONDS, 1.5, 'seconds'),
    rounds: Math.max(1, Math.round(num(flag('rounds') ?? env.BENCH_ROUNDS, 3, 'rounds'))),
    warmupSeconds: num(flag('warmup') ?? env.BENCH_WARMUP, 1, 'warmup'),
    writers: (flag('writers') ?? env.BENCH_WRITERS ?? '1,4,16').split(',').map((w) => Math.round(num(w, 1, 'writers'))),
    batchSize: 100,
    readBatch: 1000,
    readSizes: large && readSize < 1_000_000 ? [readSize, 1_000_000] : [readSize],
    backends: only ? [only as Backend] : ['postgres', 'sqlite'],
    json: !has('no-json'),
    rebuildOnly,
    appendsOnly,
  };
}

const progress = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Realistic events: a referral-like payload of about 1 KB of JSON
// ---------------------------------------------------------------------------------------------

const FIRST = ['Amelia', 'Oliver', 'Isla', 'Noah', 'Ava', 'Leo', 'Mia', 'Jack', 'Zofia', 'Adebayo', 'Chloé', 'Kacper'];
const LAST = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Nowak', 'Okafor', 'Davies', 'Evans', 'Khan', 'Murphy', 'Wilson'];
const INDICATORS = ['CSE-01', 'CSE-04', 'CSE-07', 'CSE-12', 'MISS-02', 'MISS-05', 'EXP-03', 'EXP-09', 'ONL-01', 'ONL-06', 'TRF-02', 'SUB-04'];
// Filler types: shaped like casework events but named apart, so the real projections pass over them.
const TYPES = ['BenchReferralReceived', 'BenchRiskAssessed', 'BenchIndicatorRecorded', 'BenchMissingEpisodeReported', 'BenchStrategyMeetingHeld'];
const NARRATIVE =
  'Child was reported missing from placement overnight and returned at 06:40 by an unknown adult in a grey hatchback. ' +
  'Carer noticed a new phone and gifts that cannot be explained; the child was reluctant to say where they had been. ' +
  'School reports three unexplained absences this term and contact with older peers outside the gates. Return home ' +
  'interview offered; child declined but agreed to speak with the named social worker later in the week.';

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length];

export function referralPayload(i: number): JsonObject {
  return {
    referralId: `REF-${2026_000_000 + i}`,
    receivedAt: new Date(Date.UTC(2026, 0, 1) + (i % 100_000) * 60_000).toISOString(),
    source: { agency: pick(['police-met', 'council-lbh', 'school-st-anne', 'nhs-whittington'], i), channel: 'portal', referrerRole: 'designated safeguarding lead' },
    child: {
      givenName: pick(FIRST, i),
      familyName: pick(LAST, i * 7),
      dateOfBirth: `20${10 + (i % 8)}-0${1 + (i % 9)}-1${i % 10}`,
      gender: pick(['female', 'male', 'unknown'], i),
      address: { line1: `${1 + (i % 200)} Albion Road`, town: 'London', postcode: `N1${i % 10} ${i % 9}AB` },
      school: 'St Anne Academy',
      lookedAfter: i % 3 === 0,
    },
    indicators: [pick(INDICATORS, i), pick(INDICATORS, i + 3), pick(INDICATORS, i + 7)],
    riskBand: pick(['low', 'moderate', 'significant', 'high'], i),
    missingEpisodes: i % 5,
    narrative: NARRATIVE,
    consent: { sought: true, given: i % 4 !== 0 },
  };
}

const PAYLOADS = Array.from({ length: 64 }, (_, i) => referralPayload(i));
export const PAYLOAD_BYTES = Buffer.byteLength(JSON.stringify(PAYLOADS[0]));

let eventCounter = 0;
export function aBenchEvent(): NewEvent {
  const i = eventCounter++;
  return {
    id: randomUUID(),
    type: pick(TYPES, i),
    data: PAYLOADS[i % PAYLOADS.length],
    metadata: { actor: { userId: `user-${i % 50}`, agencyId: pick(['police-met', 'council-lbh'], i) }, correlationId: randomUUID() },
  };
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

export interface RunResult {
  events: number;
  calls: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(events: number, seconds: number, latencies: number[]): RunResult {
  const sorted = Float64Array.from(latencies).sort();
  return {
    events,
    calls: latencies.length,
    seconds,
    eventsPerSecond: events / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/**
 * One writer: `next()` prepares the arguments of one call (not timed) and returns the call,
 * which is timed. It resolves to the number of events written.
 */
type Writer = { next(): () => Promise<number> };

/** Runs `concurrency` writers for `seconds`; the clock stops when the last call in flight ends. */
async function runWriters(concurrency: number, seconds: number, makeWriter: (index: number) => Writer): Promise<RunResult> {
  const writers = Array.from({ length: concurrency }, (_, w) => makeWriter(w));
  const latencies: number[] = [];
  let events = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    writers.map(async (writer) => {
      while (performance.now() < deadline) {
        const call = writer.next();
        const t0 = performance.now();
        // Not `events += await call()`: that reads `events` before the await and loses updates.
        const written = await call();
        latencies.push(performance.now() - t0);
        events += written;
      }
    }),
  );
  return summarise(events, (performance.now() - start) / 1000, latencies);
}

/** Our adapter: each writer appends to its own streams with the exact expected revision. */
function storeWriter(store: EventStore, tag: string, index: number, batch: number): Writer {
  // A case stream holds tens to hundreds of events; start a new one now and then.
  const perStream = batch === 1 ? 50 : 500;
  let streamNo = 0;
  let stream = '';
  let revision = -1;
  return {
    next() {
      if (stream === '' || revision + 1 >= perStream) {
        stream = `case-${tag}-${index}-${streamNo++}`;
        revision = -1;
      }
      const events = Array.from({ length: batch }, aBenchEvent);
      const s = stream;
      const expectedRevision = revision < 0 ? ('no-stream' as const) : revision;
      return async () => {
        const result = await store.append(s, events, { expectedRevision });
        revision = result.nextExpectedRevision;
        return events.length;
      };
    },
  };
}

/** The rows a plain insert writes: the same payload, metadata and stream/revision columns. */
function plainRows(stream: string, firstRevision: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const e = aBenchEvent();
    return { eventId: e.id!, stream, revision: firstRevision + i, type: e.type, data: e.data, metadata: e.metadata };
  });
}

function baselineWriter(insert: (rows: ReturnType<typeof plainRows>) => Promise<void>, tag: string, index: number, batch: number): Writer {
  let n = 0;
  const stream = `plain-${tag}-${index}`;
  return {
    next() {
      const rows = plainRows(stream, n, batch);
      n += batch;
      return async () => {
        await insert(rows);
        return rows.length;
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Backends: the store under test and the baseline through the same driver
// ---------------------------------------------------------------------------------------------

interface Harness {
  backend: Backend;
  store: EventStore;
  /** A plain INSERT of `rows` (one statement, autocommit), through the adapter's own driver. */
  plainInsert(rows: ReturnType<typeof plainRows>): Promise<void>;
  /** One page of a plain keyset read of the store's own table, in position order. */
  plainReadPage(after: string, limit: number): Promise<{ rows: number; last: string }>;
  dataSource: DataSource;
  close(): Promise<void>;
}

const PLAIN_COLUMNS = 'stream_id, revision, event_id, type, data, metadata';

async function postgresHarness(): Promise<Harness> {
  const db = await scratchPostgres();
  const dataSource = await db.dataSource();
  const store = await PostgresEventStore.create({ dataSource, schema: db.schema });
  // The pool the adapter itself sends its statements to.
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const s = `"${db.schema}"`;
  // A comparable plain table: bigserial key, unique uuid, the same text columns, a timestamp.
  await pool.query(`CREATE TABLE ${s}.bench_plain (
      id bigserial PRIMARY KEY,
      stream_id text NOT NULL,
      revision bigint NOT NULL,
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      data text NOT NULL,
      metadata text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
  const insertText = (count: number) =>
    `INSERT INTO ${s}.bench_plain (${PLAIN_COLUMNS}) VALUES ` +
    Array.from({ length: count }, (_, r) => `(${Array.from({ length: 6 }, (_, c) => `$${r * 6 + c + 1}`).join(', ')})`).join(', ');
  const texts = new Map<number, string>();
  return {
    backend: 'postgres',
    store,
    dataSource,
    async plainInsert(rows) {
      if (!texts.has(rows.length)) texts.set(rows.length, insertText(rows.length));
      const values: unknown[] = [];
      for (const r of rows) values.push(r.stream, r.revision, r.eventId, r.type, JSON.stringify(r.data), JSON.stringify(r.metadata));
      await pool.query({ name: `bench_plain_insert_${rows.length}`, text: texts.get(rows.length)!, values });
    },
    async plainReadPage(after, limit) {
      // A keyset read along the table's key, the global order (transaction id, position): the
      // same rows in the same order as the store reads them, without its reading rule.
      const [xid, position] = after === '0' ? ['0', '0'] : after.split(':');
      const { rows } = await pool.query({
        name: 'bench_plain_read',
        text: `SELECT position, transaction_id::text AS transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash
                 FROM ${s}.es_events WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
                ORDER BY es_events.transaction_id, es_events.position LIMIT $3`,
        values: [xid, position, limit],
      });
      const last = rows[rows.length - 1];
      return { rows: rows.length, last: last ? `${last.transaction_id}:${last.position}` : after };
    },
    async close() {
      await store.close();
      await db.drop();
    },
  };
}

async function sqliteHarness(): Promise<Harness> {
  const db = scratchSqlite();
  const dataSource = await db.dataSource('events.sqlite');
  // The adapter sets WAL and synchronous = NORMAL on its handle, and syncs the log itself after
  // each commit, off the event loop (WalSync). The baseline is the plain durable INSERT: another
  // connection to the same file with synchronous = FULL, SQLite syncing each commit on the loop.
  const store = await SqliteEventStore.create({ dataSource });
  const own = (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  const pragmas = { journal_mode: own.pragma('journal_mode', { simple: true }), synchronous: own.pragma('synchronous', { simple: true }) };
  if (pragmas.journal_mode !== 'wal' || pragmas.synchronous !== 1) throw new Error(`Unexpected SQLite pragmas ${JSON.stringify(pragmas)}`);
  const BetterSqlite3 = (await import('better-sqlite3')).default;
  const handle: Database = new BetterSqlite3(db.path('events.sqlite'));
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  handle.pragma('busy_timeout = 5000');
  handle.exec(`CREATE TABLE bench_plain (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      event_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      recorded_at INTEGER NOT NULL)`);
  const insert = handle.prepare(`INSERT INTO bench_plain (${PLAIN_COLUMNS}, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertMany = handle.transaction((rows: ReturnType<typeof plainRows>) => {
    const now = Date.now();
    for (const r of rows) insert.run(r.stream, r.revision, r.eventId, r.type, JSON.stringify(r.data), JSON.stringify(r.metadata), now);
  });
  const read = handle.prepare(
    'SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash FROM es_events WHERE position > ? ORDER BY position LIMIT ?',
  );
  return {
    backend: 'sqlite',
    store,
    dataSource,
    async plainInsert(rows) {
      if (rows.length === 1) {
        const r = rows[0];
        // Autocommit: the INSERT is its own transaction and commits (fsync under synchronous = FULL).
        insert.run(r.stream, r.revision, r.eventId, r.type, JSON.stringify(r.data), JSON.stringify(r.metadata), Date.now());
      } else {
        insertMany(rows);
      }
    },
    async plainReadPage(after, limit) {
      const rows = read.all(Number(after), limit) as { position: number }[];
      return { rows: rows.length, last: rows.length ? String(rows[rows.length - 1].position) : after };
    },
    async close() {
      handle.close();
      await store.close();
      await db.drop();
    },
  };
}

const harnesses: Record<Backend, () => Promise<Harness>> = { postgres: postgresHarness, sqlite: sqliteHarness };

// ---------------------------------------------------------------------------------------------
// Appends
// ---------------------------------------------------------------------------------------------

export interface AppendCell {
  backend: Backend;
  mode: 'single' | 'batch';
  eventsPerAppend: number;
  writers: number;
  ours: RunResult;
  baseline: RunResult;
  /** Best round of ours over best round of the baseline. */
  ratio: number;
  /** Lowest and highest ratio of the rounds taken pairwise (baseline i, ours i): the noise. */
  roundRatios: [number, number];
  target: string;
  /** Undefined where DESIGN.md sets no target for the cell. */
  meetsTarget: boolean | undefined;
  rounds: { ours: RunResult[]; baseline: RunResult[] };
}

function pairwiseRange(ours: { eventsPerSecond: number }[], baseline: { eventsPerSecond: number }[]): [number, number] {
  const ratios = ours.map((o, i) => o.eventsPerSecond / baseline[i].eventsPerSecond);
  return [Math.min(...ratios), Math.max(...ratios)];
}

/** ABBA order: a steady drift in the machine's speed favours neither side. */
const sides = (round: number) => (round % 2 === 1 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const));

const best = (runs: RunResult[]) => runs.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));

/**
 * DESIGN.md's append targets: one event per append at 16 writers ≥ 0.55× the plain INSERT with a
 * p99 at most twice the plain INSERT's; batches of 100 ≥ 0.8× the plain batched INSERT. Single
 * appends at other writer counts have no target: shown for the trend, marked neither way.
 */
function appendTarget(mode: 'single' | 'batch', writers: number, ours: RunResult, baseline: RunResult, ratio: number) {
  if (mode === 'batch') return { target: '≥ 0.8×', meetsTarget: ratio >= 0.8 };
  if (writers !== 16) return { target: '', meetsTarget: undefined };
  return {
    target: '≥ 0.55×, p99 ≤ 2× base',
    meetsTarget: ratio >= 0.55 && ours.p99Ms <= 2 * baseline.p99Ms,
  };
}

let runTag = 0;
async function measureAppends(h: Harness, options: BenchOptions): Promise<AppendCell[]> {
  const tag = () => `${Date.now().toString(36)}${runTag++}`;
  const cells: AppendCell[] = [];
  progress(`${h.backend}: warm-up ${options.warmupSeconds}s (baseline and ours, single and batch)`);
  for (const batch of [1, options.batchSize]) {
    const t = tag();
    await runWriters(4, options.warmupSeconds / 4, (w) => baselineWriter((rows) => h.plainInsert(rows), t, w, batch));
    await runWriters(4, options.warmupSeconds / 4, (w) => storeWriter(h.store, t, w, batch));
  }
  for (const batch of [1, options.batchSize]) {
    const mode = batch === 1 ? 'single' : 'batch';
    for (const writers of options.writers) {
      const rounds = { ours: [] as RunResult[], baseline: [] as RunResult[] };
      for (let round = 1; round <= options.rounds; round++) {
        for (const side of sides(round)) {
          const label = `${h.backend} ${mode} x${batch} writers=${writers} ${side} round ${round}/${options.rounds}`;
          progress(`${label} ...`);
          const t = tag();
          const result =
            side === 'ours'
              ? await runWriters(writers, options.seconds, (w) => storeWriter(h.store, t, w, batch))
              : await runWriters(writers, options.seconds, (w) => baselineWriter((rows) => h.plainInsert(rows), t, w, batch));
          rounds[side].push(result);
          progress(`${label}: ${fmtRate(result.eventsPerSecond)} ev/s, p50 ${fmtMs(result.p50Ms)} ms, p99 ${fmtMs(result.p99Ms)} ms`);
        }
      }
      const ours = best(rounds.ours);
      const baseline = best(rounds.baseline);
      const ratio = ours.eventsPerSecond / baseline.eventsPerSecond;
      const roundRatios = pairwiseRange(rounds.ours, rounds.baseline);
      cells.push({ backend: h.backend, mode, eventsPerAppend: batch, writers, ours, baseline, ratio, roundRatios, ...appendTarget(mode, writers, ours, baseline, ratio), rounds });
    }
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Reading the global log
// ---------------------------------------------------------------------------------------------

export interface ReadCell {
  backend: Backend;
  storeSize: number;
  batch: number;
  ours: ReadRun;
  baseline: ReadRun;
  ratio: number;
  roundRatios: [number, number];
  target: string;
  meetsTarget: boolean;
  rounds: { ours: ReadRun[]; baseline: ReadRun[] };
}

export interface ReadRun {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Appends through the store until it holds `size` events (batches of 1000, 2 writers). */
async function fill(store: EventStore, size: number): Promise<void> {
  let have = await store.countEvents();
  if (have >= size) return;
  const started = performance.now();
  progress(`${store.kind}: filling the read store from ${have} to ${size} events ...`);
  const tag = `${Date.now().toString(36)}${runTag++}`;
  let streamNo = 0;
  let lastReport = performance.now();
  const writer = async (w: number) => {
    for (;;) {
      const count = Math.min(1000, size - have);
      if (count <= 0) return;
      have += count;
      await store.append(`fill-${tag}-${w}-${streamNo++}`, Array.from({ length: count }, aBenchEvent), { expectedRevision: 'no-stream' });
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        progress(`${store.kind}: filled ${have}/${size}`);
      }
    }
  };
  await Promise.all([writer(0), writer(1)]);
  progress(`${store.kind}: filled ${size} events in ${((performance.now() - started) / 1000).toFixed(1)}s`);
}

async function timePages(readPage: (after: string) => Promise<{ rows: number; last: string }>, start: string): Promise<ReadRun> {
  const latencies: number[] = [];
  let events = 0;
  let after = start;
  const t = performance.now();
  for (;;) {
    const t0 = performance.now();
    const page = await readPage(after);
    latencies.push(performance.now() - t0);
    if (page.rows === 0) break;
    events += page.rows;
    after = page.last;
  }
  const r = summarise(events, (performance.now() - t) / 1000, latencies);
  return { events, seconds: r.seconds, eventsPerSecond: r.eventsPerSecond, p50Ms: r.p50Ms, p99Ms: r.p99Ms };
}

async function measureReads(h: Harness, options: BenchOptions): Promise<ReadCell[]> {
  const cells: ReadCell[] = [];
  for (const size of options.readSizes) {
    await fill(h.store, size);
    const stored = await h.store.countEvents();
    const rounds = { ours: [] as ReadRun[], baseline: [] as ReadRun[] };
    for (let round = 1; round <= options.rounds; round++) {
      for (const side of sides(round)) {
        const label = `${h.backend} readAll store=${stored} batch=${options.readBatch} ${side} round ${round}/${options.rounds}`;
        progress(`${label} ...`);
        const run =
          side === 'ours'
            ? await timePages(async (after) => {
                const events = await h.store.readAll({ after, limit: options.readBatch });
                return { rows: events.length, last: events.length ? events[events.length - 1].position : after };
              }, START)
            : await timePages((after) => h.plainReadPage(after, options.readBatch), '0');
        if (run.events !== stored) throw new Error(`${label} read ${run.events} events, the store holds ${stored}`);
        rounds[side].push(run);
        progress(`${label}: ${fmtRate(run.eventsPerSecond)} ev/s, page p50 ${fmtMs(run.p50Ms)} ms, p99 ${fmtMs(run.p99Ms)} ms`);
      }
    }
    const pick = (runs: ReadRun[]) => runs.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));
    const ours = pick(rounds.ours);
    const baseline = pick(rounds.baseline);
    const ratio = ours.eventsPerSecond / baseline.eventsPerSecond;
    const roundRatios = pairwiseRange(rounds.ours, rounds.baseline);
    cells.push({ backend: h.backend, storeSize: stored, batch: options.readBatch, ours, baseline, ratio, roundRatios, target: '≥ 0.5×', meetsTarget: ratio >= 0.5, rounds });
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// PROJECTION REBUILD RATE: to be added once the case view projection exists.
//
// Target (DESIGN.md): rebuilding a projection into PostgreSQL at ≥ 30,000 events per second.
// To add it, push a ProjectionRebuildBench onto `projectionRebuilds` (from this file, or from
// a module imported here). It runs on the PostgreSQL read store right after the read
// measurement, with the store already filled to the read size (realistic referral events),
// and its result is printed in the final table and written to the JSON file.
// Nothing is measured, or printed as measured, while the list is empty.
// ---------------------------------------------------------------------------------------------

export interface ProjectionRebuildContext {
  backend: Backend;
  store: EventStore;
  /** The store's TypeORM DataSource (PostgreSQL: the same pool as the store). */
  dataSource: DataSource;
  /** Events in the store when the rebuild starts. */
  storeSize: number;
}

export interface ProjectionRebuildBench {
  /** e.g. 'case view' */
  name: string;
  /**
   * Untimed set-up, e.g. appending the projection's own domain events (the read store holds
   * referral-like filler events on `fill-*` streams, which a real projection may ignore).
   */
  prepare?(context: ProjectionRebuildContext): Promise<void>;
  /** Untimed, before each round: e.g. a fresh read-model database. */
  setUp?(context: ProjectionRebuildContext): Promise<void>;
  /** Rebuilds from scratch and says how many events it applied. Only this is timed. */
  rebuild(context: ProjectionRebuildContext): Promise<{ eventsApplied: number }>;
  /** Untimed, after each round (also after a failed one). */
  tearDown?(context: ProjectionRebuildContext): Promise<void>;
}

export interface RebuildCell {
  backend: Backend;
  projection: string;
  storeSize: number;
  eventsApplied: number;
  /** Events of the log the rebuild went over (the projection's own and every other). */
  eventsCovered: number;
  seconds: number;
  /** Events applied per second in the fastest round: what the target is judged on (passing over the others is cheaper). */
  eventsPerSecond: number;
  /** Slowest and fastest round's rate: the noise. */
  roundRates: [number, number];
  target: string;
  meetsTarget: boolean;
}

export const projectionRebuilds: ProjectionRebuildBench[] = [];



export async function measureProjectionRebuilds(context: ProjectionRebuildContext, rounds = 1): Promise<RebuildCell[]> {
  if (projectionRebuilds.length === 0) {
    progress(`${context.backend}: projection rebuild rate not measured (no projection registered in projectionRebuilds)`);
    return [];
  }
  const cells: RebuildCell[] = [];
  for (const bench of projectionRebuilds) {
    await bench.prepare?.(context);
    const eventsCovered = await context.store.countEvents();
    // Several rebuilds of the same log, the fastest counted (as the append cells' best round).
    const runs: { seconds: number; eventsApplied: number }[] = [];
    for (let round = 1; round <= rounds; round++) {
      progress(`${context.backend} rebuild ${bench.name} round ${round}/${rounds} ...`);
      let seconds: number;
      let eventsApplied: number;
      try {
        await bench.setUp?.(context);
        const t = performance.now();
        ({ eventsApplied } = await bench.rebuild(context));
        seconds = (performance.now() - t) / 1000;
      } finally {
        await bench.tearDown?.(context);
      }
      runs.push({ seconds, eventsApplied });
      progress(`${context.backend} rebuild ${bench.name} round ${round}/${rounds}: ${fmtRate(eventsApplied / seconds)} ev/s`);
    }
    const { seconds, eventsApplied } = runs.reduce((a, b) => (b.eventsApplied / b.seconds > a.eventsApplied / a.seconds ? b : a));
    const eventsPerSecond = eventsApplied / seconds;
    const rates = runs.map((r) => r.eventsApplied / r.seconds);
    cells.push({
      backend: context.backend,
      projection: bench.name,
      storeSize: context.storeSize,
      eventsApplied,
      eventsCovered,
      seconds,
      eventsPerSecond,
      roundRates: [Math.min(...rates), Math.max(...rates)],
      target: '≥ 30,000 ev/s',
      meetsTarget: eventsPerSecond >= 30_000,
    });
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const fmtRate = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-GB') : '-');
const fmtMs = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '-');
const fmtRatio = (n: number) => `${n.toFixed(2)}×`;
const fmtRange = ([low, high]: [number, number]) => `${low.toFixed(2)}–${high.toFixed(2)}`;

function table(header: string[], rows: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (rightAlign[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderReport(appends: AppendCell[], reads: ReadCell[], rebuilds: RebuildCell[], machine?: MachineCalibration): string {
  const out: string[] = [];
  if (machine) out.push(describeMachine(machine), '');
  out.push(
    'Appends (events/s; latency per append call; ours = the adapter, base = plain INSERT through the same driver;',
    '  ratio = best round of ours / best round of base; rounds = lowest–highest ratio of the paired rounds)',
    table(
      ['backend', 'events/append', 'writers', 'ours ev/s', 'p50 ms', 'p99 ms', 'base ev/s', 'p50 ms', 'p99 ms', 'ratio', 'rounds', 'target', ''],
      appends.map((c) => [
        c.backend,
        String(c.eventsPerAppend),
        String(c.writers),
        fmtRate(c.ours.eventsPerSecond),
        fmtMs(c.ours.p50Ms),
        fmtMs(c.ours.p99Ms),
        fmtRate(c.baseline.eventsPerSecond),
        fmtMs(c.baseline.p50Ms),
        fmtMs(c.baseline.p99Ms),
        fmtRatio(c.ratio),
        fmtRange(c.roundRatios),
        c.target,
        c.meetsTarget === undefined ? '' : c.meetsTarget ? 'ok' : 'MISS',
      ]),
      [false, true, true, true, true, true, true, true, true, true, true, false, false],
    ),
  );
  if (reads.length) {
    out.push(
      '',
      'Reading the global log in order (readAll vs plain keyset SELECT ... ORDER BY position LIMIT n of the same rows)',
      table(
        ['backend', 'store size', 'batch', 'ours ev/s', 'page p50 ms', 'page p99 ms', 'base ev/s', 'page p50 ms', 'page p99 ms', 'ratio', 'rounds', 'target', ''],
        reads.map((c) => [
          c.backend,
          fmtRate(c.storeSize),
          String(c.batch),
          fmtRate(c.ours.eventsPerSecond),
          fmtMs(c.ours.p50Ms),
          fmtMs(c.ours.p99Ms),
          fmtRate(c.baseline.eventsPerSecond),
          fmtMs(c.baseline.p50Ms),
          fmtMs(c.baseline.p99Ms),
          fmtRatio(c.ratio),
          fmtRange(c.roundRatios),
          c.target,
          c.meetsTarget ? 'ok' : 'MISS',
        ]),
        [false, true, true, true, true, true, true, true, true, true, true, false, false],
      ),
    );
  }
  out.push('');
  if (rebuilds.length) {
    out.push(
      'Projection rebuilds',
      table(
        ['backend', 'projection', 'other events', 'applied', 'log covered', 'seconds', 'applied/s', 'rounds', 'covered/s', 'target (applied)', ''],
        rebuilds.map((c) => [
          c.backend,
          c.projection,
          fmtRate(c.storeSize),
          fmtRate(c.eventsApplied),
          fmtRate(c.eventsCovered),
          c.seconds.toFixed(2),
          fmtRate(c.eventsPerSecond),
          `${fmtRate(c.roundRates[0])}–${fmtRate(c.roundRates[1])}`,
          fmtRate(c.eventsCovered / c.seconds),
          c.target,
          c.meetsTarget ? 'ok' : 'MISS',
        ]),
        [false, false, true, true, true, true, true, true, true, false, false],
      ),
      '',
    );
  } else {
    out.push('Projection rebuild rate: not measured yet (see projectionRebuilds in bench/store.bench.ts).', '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

export async function main(options: BenchOptions = parseOptions()): Promise<void> {
  const startedAt = new Date();
  progress(
    `options: ${options.seconds}s per run, ${options.rounds} alternating rounds, writers ${options.writers.join('/')}, ` +
      `read sizes ${options.readSizes.join('/')}, backends ${options.backends.join('/')}; payload ${PAYLOAD_BYTES} bytes of JSON`,
  );
  // Before the first cell, on a quiet machine: printed with the figures (see bench/machine.ts).
  const machine = await calibrateMachine({ postgres: options.backends.includes('postgres') });
  progress(describeMachine(machine));
  const appends: AppendCell[] = [];
  const reads: ReadCell[] = [];
  const rebuilds: RebuildCell[] = [];
  let postgresVersion: string | undefined;
  for (const backend of options.backends) {
    // Appends in one fresh scratch database, reads in another (so the read size is exact).
    const phases = options.rebuildOnly ? (['reads'] as const) : options.appendsOnly ? (['appends'] as const) : (['appends', 'reads'] as const);
    for (const phase of phases) {
      progress(`${backend}: fresh scratch database for ${phase}`);
      const h = await harnesses[backend]();
      try {
        if (backend === 'postgres' && !postgresVersion) postgresVersion = (await h.dataSource.query('SHOW server_version'))[0].server_version;
        if (phase === 'appends') appends.push(...(await measureAppends(h, options)));
        else {
          if (options.rebuildOnly) await fill(h.store, options.readSizes[0]);
          else reads.push(...(await measureReads(h, options)));
          if (backend === 'postgres') {
            rebuilds.push(...(await measureProjectionRebuilds({ backend, store: h.store, dataSource: h.dataSource, storeSize: await h.store.countEvents() }, options.rounds)));
          }
        }
      } finally {
        await h.close();
        progress(`${backend}: scratch database for ${phase} dropped`);
      }
    }
  }
  const report = renderReport(appends, reads, rebuilds, machine);
  process.stdout.write(`\n${report}\n`);
  if (options.json) {
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `store-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ startedAt, finishedAt: new Date(), machine: { ...machine, postgres: postgresVersion }, options, payloadBytes: PAYLOAD_BYTES, appends, reads, rebuilds }, null, 2));
    progress(`results written to ${file}`);
  }
  progress(`done in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s`);
}

if (require.main === module) {
  projectionRebuilds.push(caseViewRebuild);
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
