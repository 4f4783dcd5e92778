import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { scratchPostgres, scratchSqlite } from '../../testing/databases';
import { AppendResult, EventStore, LogPosition, NewEvent, RecordedEvent, START } from '../event-store.port';
import { WrongExpectedRevisionError } from '../errors';
import { verifyAll } from '../integrity/verify';
import { decodePosition } from '../log-position';
import { CatchUpSubscription } from '../subscriptions/catch-up-subscription';
import { PostgresEventStore } from './postgres-event-store';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * The global log's promise to subscribers: an event whose transaction commits late is delivered
 * late, never skipped. These tests write concurrently, roll some transactions back, hold some
 * open for seconds, and check that a subscription running all along handled exactly the
 * committed events, once each, each stream in revision order.
 */

const actor = { userId: 'user-1', agencyId: 'agency-police' };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Small seeded PRNG (mulberry32): each writer's choices are reproducible from the seed in failure output. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function newEvents(count: number, writer: number, label: string): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'Written', data: { writer, label, i }, metadata: { actor } }));
}

/** What the writers know for certain about every append they made. */
class Ledger {
  /** Event id -> stream, for every append whose transaction committed. */
  readonly committed = new Map<string, string>();
  readonly discarded = new Set<string>();
  readonly commits: { ids: string[]; insertedAt: bigint; committedAt: number }[] = [];
  last: LogPosition = START;

  commit(streamId: string, events: NewEvent[], result: AppendResult, committedAt = Date.now()): void {
    for (const e of events) this.committed.set(e.id!, streamId);
    // The bigserial / rowid: the order in which rows were inserted, which is not commit order.
    this.commits.push({ ids: events.map((e) => e.id!), insertedAt: decodePosition(result.position).minor, committedAt });
    if (result.position > this.last) this.last = result.position;
  }

  discard(events: NewEvent[]): void {
    for (const e of events) this.discarded.add(e.id!);
  }
}

/** A subscriber that records everything it is given, and when. */
function recordingSubscription(store: EventStore) {
  const handled: RecordedEvent[] = [];
  const batches: { at: number; size: number }[] = [];
  let checkpoint: LogPosition = START;
  const subscription = new CatchUpSubscription(
    store,
    {
      name: 'global-order-test',
      loadCheckpoint: async () => checkpoint,
      handle: async (events, position) => {
        batches.push({ at: Date.now(), size: events.length });
        handled.push(...events);
        checkpoint = position;
      },
    },
    { pollIntervalMs: 20, batchSize: 50, retryDelayMs: 20 },
  );
  return { subscription, handled, batches };
}

/** Handled == committed, none discarded, none twice, and every stream 0, 1, 2, ... in order. */
function expectExactlyTheCommittedEvents(handled: RecordedEvent[], ledger: Ledger): void {
  const seen = new Map<string, number>();
  for (const e of handled) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
  const missing = [...ledger.committed].filter(([id]) => !seen.has(id)).map(([id, stream]) => `${id} (${stream})`);
  const discardedButHandled = [...ledger.discarded].filter((id) => seen.has(id));
  const handledTwice = [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`);
  const neverWritten = [...seen.keys()].filter((id) => !ledger.committed.has(id) && !ledger.discarded.has(id));
  expect({ missing, discardedButHandled, handledTwice, neverWritten }).toEqual({ missing: [], discardedButHandled: [], handledTwice: [], neverWritten: [] });
  expect(handled).toHaveLength(ledger.committed.size);

  const revisions = new Map<string, number[]>();
  for (const e of handled) revisions.set(e.streamId, [...(revisions.get(e.streamId) ?? []), e.revision]);
  const outOfOrder = [...revisions].filter(([, revs]) => revs.some((r, i) => r !== i)).map(([stream, revs]) => `${stream}: ${revs.join(',')}`);
  expect(outOfOrder).toEqual([]);
  // Positions strictly increase in the order handled.
  expect(handled.every((e, i) => i === 0 || e.position > handled[i - 1].position)).toBe(true);
}

describe('global order on PostgreSQL: a subscriber never skips an event whose transaction commits late', () => {
  let db: Awaited<ReturnType<typeof scratchPostgres>>;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let subscription: CatchUpSubscription | undefined;

  beforeEach(async () => {
    subscription = undefined;
    db = await scratchPostgres();
    dataSource = await db.dataSource();
    store = await PostgresEventStore.create({ dataSource, schema: db.schema });
  });

  afterEach(async () => {
    await subscription?.stop();
    await store.close();
    await db.drop();
  });

  it('readAll stops before an open transaction rather than returning a later-committed event past it', async () => {
    const [a, b, c] = ['early', 'late', 'before'].map((s) => `${s}-${randomUUID()}`);
    const [before] = newEvents(1, 0, 'before');
    const beforeResult = await store.append(c, [before]);
    // Other suites on this server may hold transactions open for a moment: wait until readable.
    await eventually(async () => (await store.readAll()).length === 1);

    const [early] = newEvents(1, 0, 'early');
    const [late] = newEvents(1, 0, 'late');
    const slow = await store.connect();
    try {
      await slow.query('BEGIN');
      const earlyResult = await store.appendWithin(slow, a, [early]);
      const lateResult = await store.append(b, [late]);

      // The hazard: the early event was inserted first, the late one is committed and visible
      // while the early one is not. A reader ordered by insertion would move past the early one.
      expect(decodePosition(earlyResult.position).minor).toBeLessThan(decodePosition(lateResult.position).minor);
      const byInsertion: { event_id: string }[] = await dataSource.query(
        `SELECT event_id FROM ${db.schema}.es_events WHERE position > $1 ORDER BY position`,
        [decodePosition(beforeResult.position).minor.toString()],
      );
      expect(byInsertion.map((r) => r.event_id)).toEqual([late.id]);

      // readAll stops before the open transaction: the committed late event is held back, not skipped past.
      expect((await store.readAll()).map((e) => e.id)).toEqual([before.id]);
      expect(await store.readAll({ after: beforeResult.position })).toEqual([]);
      await sleep(100);
      expect(await store.readAll({ after: beforeResult.position })).toEqual([]);

      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    // Once it commits, both come, the early one first.
    const after = await eventually(async () => {
      const events = await store.readAll({ after: beforeResult.position });
      return events.length === 2 && events;
    });
    expect(after.map((e) => e.id)).toEqual([early.id, late.id]);
  });

  it('keeps each stream in revision order when an older transaction appends to it after a newer one', async () => {
    const [other, contended] = ['other', 'contended'].map((s) => `${s}-${randomUUID()}`);
    const older = await store.connect();
    const [first, second, third] = newEvents(3, 0, 'order');
    try {
      await older.query('BEGIN');
      // The older transaction gets its transaction id here, with a write to another stream...
      await store.appendWithin(older, other, [first]);
      // ...a newer transaction writes revision 0 of the contended stream and commits...
      expect((await store.append(contended, [second])).nextExpectedRevision).toBe(0);
      // ...and only then does the older one write revision 1 there.
      expect((await store.appendWithin(older, contended, [third])).nextExpectedRevision).toBe(1);
      await older.query('COMMIT');
    } finally {
      older.release();
    }
    const log = await eventually(async () => {
      const events = await store.readAll();
      return events.length === 3 && events;
    });
    expect(log.filter((e) => e.streamId === contended).map((e) => [e.revision, e.id])).toEqual([
      [0, second.id],
      [1, third.id],
    ]);
    // A projection or the integrity check walking the log sees an intact stream.
    expect(await verifyAll(store)).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 3 });
  });

  it.each([
    ['rolls back', 'makes the stream itself', 'ROLLBACK'],
    ['commits', 'is refused, writing nothing', 'COMMIT'],
  ] as const)("a writer of a new stream waits for another's uncommitted head; when that one %s, it %s", async (_what, _outcome, end) => {
    const stream = `new-${randomUUID()}`;
    const [firstEvent, secondEvent] = newEvents(2, 0, 'new');
    const first = await store.connect();
    let settled = false;
    try {
      await first.query('BEGIN');
      await store.appendWithin(first, stream, [firstEvent], { expectedRevision: 'no-stream' });
      const second = store.append(stream, [secondEvent], { expectedRevision: 'no-stream' }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      void second.then(() => (settled = true));
      await sleep(200);
      expect(settled).toBe(false);
      await first.query(end);
      const outcome = await second;
      const stored = await store.readStream(stream);
      if (end === 'ROLLBACK') {
        expect(outcome).toEqual({ result: expect.objectContaining({ nextExpectedRevision: 0, written: true }) });
        expect(stored.map((e) => e.id)).toEqual([secondEvent.id]);
      } else {
        expect(outcome).toEqual({ error: expect.any(WrongExpectedRevisionError) });
        expect(outcome).toMatchObject({ error: { actual: 0 } });
        expect(stored.map((e) => e.id)).toEqual([firstEvent.id]);
      }
    } finally {
      first.release();
    }
    expect(await verifyAll(store)).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 1 });
  });

  it('16 writers with rollbacks and transactions held open for seconds: the subscriber gets exactly the committed events, in order', async () => {
    const seed = Date.now() % 1_000_000;
    const ledger = new Ledger();
    const shared = Array.from({ length: 5 }, (_, i) => `shared-${i}`);
    /** Touched rarely, and by two slow transactions (one rolls back): some writers queue behind them. */
    const rare = 'shared-rare';
    const slowWindows: { writer: number; open: number; insertedAt: bigint; close: number; commits: boolean }[] = [];
    /** Slow transactions, run by four of the writers: when (ms after start), how long, and how they end. */
    const slowPlan = new Map([
      [0, { at: 200, holdMs: 2500, commit: true, streams: ['slow-0'] }],
      [3, { at: 400, holdMs: 2000, commit: true, streams: [rare, 'slow-3'] }],
      [1, { at: 1800, holdMs: 2500, commit: true, streams: ['slow-1'] }],
      [2, { at: 2800, holdMs: 2000, commit: false, streams: [rare, 'slow-2'] }],
    ]);
    const started = Date.now();
    const stopWritingAt = started + 4500;

    const reads: { startedAt: number; returned: number }[] = [];
    const watched: EventStore = {
      kind: store.kind,
      append: (...args) => store.append(...args),
      readStream: (...args) => store.readStream(...args),
      readAllOfTypes: (...args) => store.readAllOfTypes(...args),
      countEvents: () => store.countEvents(),
      onAppended: (listener) => store.onAppended(listener),
      close: () => store.close(),
      readAll: async (options) => {
        const startedAt = Date.now();
        const batch = await store.readAll(options);
        reads.push({ startedAt, returned: batch.length });
        return batch;
      },
    };
    const recording = recordingSubscription(watched);
    const { handled } = recording;
    subscription = recording.subscription;
    subscription.start();

    async function inTransaction(writer: number, rng: () => number, streams: string[], holdMs: number, commit: boolean, slow: boolean) {
      const client: PoolClient = await store.connect();
      const appended: { streamId: string; events: NewEvent[]; result: AppendResult }[] = [];
      try {
        await client.query('BEGIN');
        for (const streamId of [...streams].sort()) {
          const events = newEvents(slow ? 1 : 1 + Math.floor(rng() * 3), writer, slow ? 'slow' : 'tx');
          appended.push({ streamId, events, result: await store.appendWithin(client, streamId, events) });
        }
        const open = Date.now();
        if (holdMs > 0) await sleep(holdMs);
        const close = Date.now();
        await client.query(commit ? 'COMMIT' : 'ROLLBACK');
        if (slow) slowWindows.push({ writer, open, insertedAt: decodePosition(appended[0].result.position).minor, close, commits: commit });
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      const committedAt = Date.now();
      for (const { streamId, events, result } of appended) {
        if (commit) ledger.commit(streamId, events, result, committedAt);
        else ledger.discard(events);
      }
    }

    async function writer(w: number): Promise<number> {
      const rng = random(seed * 31 + w);
      const pick = () => (rng() < 0.015 ? rare : shared[Math.floor(rng() * shared.length)]);
      let iterations = 0;
      let slow = slowPlan.get(w);
      while (Date.now() < stopWritingAt && iterations < 1000) {
        iterations++;
        if (slow && Date.now() - started >= slow.at) {
          await inTransaction(w, rng, slow.streams, slow.holdMs, slow.commit, true);
          slow = undefined;
        } else if (rng() < 0.25) {
          // Autocommit.
          const streamId = pick();
          const events = newEvents(1 + Math.floor(rng() * 2), w, 'auto');
          ledger.commit(streamId, events, await store.append(streamId, events));
        } else {
          const streams = new Set([pick()]);
          if (rng() < 0.3) streams.add(pick());
          await inTransaction(w, rng, [...streams], rng() < 0.7 ? Math.floor(rng() * 15) : 0, rng() >= 0.2, false);
        }
        if (rng() < 0.5) await sleep(Math.floor(rng() * 5));
      }
      return iterations;
    }

    const iterations = await Promise.all(Array.from({ length: 16 }, (_, w) => writer(w)));
    const writingMs = Date.now() - started;
    expect(slowWindows).toHaveLength(4);

    // The subscription reaches the end of the store, and there is nothing after it.
    await subscription.waitFor(ledger.last, 15_000);
    expect(await store.readAll({ after: subscription.checkpoint })).toEqual([]);
    await subscription.stop();
    expect(subscription.lastError).toBeUndefined();

    expectExactlyTheCommittedEvents(handled, ledger);
    expect(ledger.discarded.size).toBeGreaterThan(0);
    // Each slow transaction's events arrived if and only if it committed.
    const slowDelivered = slowWindows.map((slow) => ({
      writer: slow.writer,
      delivered: handled.filter((e) => e.data.label === 'slow' && e.data.writer === slow.writer).length,
    }));
    expect(slowDelivered.sort((x, y) => x.writer - y.writer)).toEqual([
      { writer: 0, delivered: 1 },
      { writer: 1, delivered: 1 },
      { writer: 2, delivered: 0 },
      { writer: 3, delivered: 2 },
    ]);

    // The gap was really there, and the subscriber was reading through it: while a slow
    // transaction was open, it read (and got events) after an event inserted later than the
    // slow one had already committed; a reader ordered by insertion would have skipped the slow one.
    const readsThroughTheGap = reads.filter(
      (read) =>
        read.returned > 0 &&
        slowWindows.some(
          (slow) =>
            slow.commits &&
            read.startedAt > slow.open &&
            read.startedAt < slow.close &&
            ledger.commits.some((c) => c.insertedAt > slow.insertedAt && c.committedAt < read.startedAt),
        ),
    );
    expect(readsThroughTheGap.length).toBeGreaterThan(0);

    // The chains of the contended streams are intact too.
    expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: ledger.committed.size });

    console.info(
      `postgres seed ${seed}: ${iterations.reduce((a, b) => a + b)} writer iterations in ${writingMs} ms, ` +
        `${ledger.committed.size} events committed, ${ledger.discarded.size} rolled back, ` +
        `${reads.length} reads (${reads.filter((r) => r.returned > 0).length} non-empty, ${readsThroughTheGap.length} through an open slow transaction)`,
    );
  });
});

describe('global order on SQLite: one writer at a time (SQLite serialises writers), so positions follow commit order', () => {
  it('16 async writers and a subscriber, while another connection holds the write lock: writers wait, nothing is skipped', async () => {
    const db = scratchSqlite();
    const file = db.path('events.sqlite');
    const store = await SqliteEventStore.create({ dataSource: await new DataSource({ type: 'better-sqlite3', database: file }).initialize() });
    const seed = Date.now() % 1_000_000;
    const ledger = new Ledger();
    const streams = Array.from({ length: 6 }, (_, i) => `stream-${i}`);
    const appendTimes: { startedAt: number; endedAt: number }[] = [];
    const { subscription, handled } = recordingSubscription(store);
    subscription.start();

    // A second better-sqlite3 DataSource on the same file, in a worker thread as another process
    // would be: in this thread, the store's busy wait would block the very event loop the other
    // connection needs to commit. It takes the write lock (BEGIN IMMEDIATE) and holds it. The
    // store's next append then waits in SQLite's busy handler (up to busy_timeout, 5 s), which
    // blocks this whole thread, subscriber included: writers wait, they do not fail or leave gaps.
    const holdMs = 1000;
    let released = false;
    let ready!: () => void;
    const workerReady = new Promise<void>((resolve) => (ready = resolve));
    const lock = new Promise<{ lockedAt: number; releasingAt: number }>((resolve, reject) => {
      const worker = new Worker(
        `const { parentPort, workerData } = require('node:worker_threads');
         const { DataSource } = require(workerData.typeorm);
         (async () => {
           const ds = await new DataSource({ type: 'better-sqlite3', database: workerData.file }).initialize();
           parentPort.postMessage({ ready: true });
           await new Promise((r) => setTimeout(r, workerData.delayMs));
           await ds.query('BEGIN IMMEDIATE');
           const lockedAt = Date.now();
           await new Promise((r) => setTimeout(r, workerData.holdMs));
           const releasingAt = Date.now();
           await ds.query('COMMIT');
           await ds.destroy();
           parentPort.postMessage({ lockedAt, releasingAt });
         })().catch((error) => parentPort.postMessage({ error: String(error) }));`,
        { eval: true, workerData: { file, typeorm: require.resolve('typeorm'), delayMs: 300, holdMs } },
      );
      worker.on('message', (message) => {
        if (message.ready) return ready();
        if (message.error) return reject(new Error(message.error));
        released = true;
        resolve(message);
      });
      worker.once('error', reject);
    });
    lock.catch(() => ready());

    await workerReady;
    // Writing goes on until well after the lock is released (bounded in case it never is).
    const writeAtLeastUntil = Date.now() + 2000;
    const writeAtMostUntil = Date.now() + 6000;
    async function writer(w: number): Promise<void> {
      const rng = random(seed * 31 + w);
      for (let i = 0; i < 1000 && Date.now() < writeAtMostUntil && (!released || Date.now() < writeAtLeastUntil); i++) {
        const streamId = streams[Math.floor(rng() * streams.length)];
        const events = newEvents(1 + Math.floor(rng() * 3), w, 'auto');
        // Some appends are refused (a stale expected revision): they must never reach a subscriber.
        const stale = rng() < 0.1;
        const startedAt = Date.now();
        try {
          const result = await store.append(streamId, events, stale ? { expectedRevision: 'no-stream' } : undefined);
          ledger.commit(streamId, events, result);
        } catch (error) {
          if (!(stale && error instanceof WrongExpectedRevisionError)) throw error;
          ledger.discard(events);
        }
        appendTimes.push({ startedAt, endedAt: Date.now() });
        await sleep(Math.floor(rng() * 4));
      }
    }

    try {
      await Promise.all(Array.from({ length: 16 }, (_, w) => writer(w)));
      const { lockedAt, releasingAt } = await lock;

      await subscription.waitFor(ledger.last, 15_000);
      expect(await store.readAll({ after: subscription.checkpoint })).toEqual([]);
      await subscription.stop();
      expect(subscription.lastError).toBeUndefined();

      expectExactlyTheCommittedEvents(handled, ledger);
      expect(ledger.discarded.size).toBeGreaterThan(0);

      // Writers waited for the lock: one append spanned (almost) the whole hold, and no event
      // was recorded while the other connection held the lock.
      const waited = appendTimes.filter((t) => t.startedAt <= releasingAt && t.endedAt >= releasingAt && t.endedAt - t.startedAt >= holdMs / 2);
      expect(waited.length).toBeGreaterThan(0);
      const recordedDuringLock = handled.filter((e) => Date.parse(e.recordedAt) > lockedAt && Date.parse(e.recordedAt) < releasingAt);
      expect(recordedDuringLock.map((e) => e.id)).toEqual([]);
      expect(handled.filter((e) => Date.parse(e.recordedAt) >= releasingAt).length).toBeGreaterThan(0);
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: ledger.committed.size });

      console.info(
        `sqlite seed ${seed}: ${appendTimes.length} appends, ${ledger.committed.size} events committed, ${ledger.discarded.size} refused; ` +
          `lock held ${releasingAt - lockedAt} ms, longest append ${Math.max(...appendTimes.map((t) => t.endedAt - t.startedAt))} ms`,
      );
    } finally {
      await subscription.stop();
      await lock.catch(() => undefined);
      await store.close();
      await db.drop();
    }
  });
});

async function eventually<T>(probe: () => Promise<T | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}
