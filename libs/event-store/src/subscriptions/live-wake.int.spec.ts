import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { scratchPostgres } from '../../testing/databases';
import { LogPosition, NewEvent, RecordedEvent, START } from '../event-store.port';
import { PostgresEventStore } from '../sql/postgres-event-store';
import { CatchUpSubscription } from './catch-up-subscription';

/**
 * How soon a live subscription reads a new event on PostgreSQL, with a poll interval far longer
 * than any wait here (5 s), so only the wake-ups can explain a prompt read: someone reading their
 * own write waits for these, not for a timer.
 */
const actor = { userId: 'user-1', agencyId: 'agency-police' };
const POLL_MS = 5_000;
const anEvent = (n: number): NewEvent => ({ id: randomUUID(), type: 'Written', data: { n }, metadata: { actor } });

function follow(store: PostgresEventStore) {
  const seen: { n: number; at: number }[] = [];
  let checkpoint: LogPosition = START;
  const subscription = new CatchUpSubscription(
    store,
    {
      name: 'live-wake-test',
      loadCheckpoint: async () => checkpoint,
      handle: async (events: RecordedEvent[], position) => {
        for (const e of events) seen.push({ n: e.data.n as number, at: Date.now() });
        checkpoint = position;
      },
    },
    { pollIntervalMs: POLL_MS },
  );
  const until = async (n: number, timeoutMs = 3_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!seen.some((s) => s.n === n)) {
      if (Date.now() > deadline) throw new Error(`event ${n} not handled within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return seen.find((s) => s.n === n)!.at;
  };
  return { subscription, until };
}

describe('live subscriptions on PostgreSQL wake without waiting for the poll', () => {
  let db: Awaited<ReturnType<typeof scratchPostgres>>;
  const stores: PostgresEventStore[] = [];
  const sources: DataSource[] = [];
  const subscriptions: CatchUpSubscription[] = [];

  beforeEach(async () => {
    db = await scratchPostgres();
  });

  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(sources.splice(0).filter((d) => d.isInitialized).map((d) => d.destroy()));
    await db.drop();
  });

  async function openStore(): Promise<PostgresEventStore> {
    const dataSource = await db.dataSource();
    sources.push(dataSource);
    const store = await PostgresEventStore.create({ dataSource, schema: db.schema });
    stores.push(store);
    return store;
  }

  it('reads an event held back by an older open transaction soon after that transaction ends, not at the next poll', async () => {
    const store = await openStore();
    const { subscription, until } = follow(store);
    subscriptions.push(subscription);
    subscription.start();
    await store.append('s-1', [anEvent(1)], { expectedRevision: 'no-stream' });
    await until(1);

    // A transaction that began before the next append and is still open: the log is read only
    // below the oldest open transaction, so the append's event is not readable until it ends.
    const pool = (sources[0].driver as unknown as { master: Pool }).master;
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()');
      await store.append('s-1', [anEvent(2)], { expectedRevision: 0 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await holder.query('COMMIT');
    } finally {
      holder.release();
    }
    const ended = Date.now();
    const handledAt = await until(2);
    expect(handledAt - ended).toBeLessThan(1_000);
  });

  it('wakes a subscription in another process (another store on the same schema) when an append commits', async () => {
    const writer = await openStore();
    const reader = await openStore();
    const { subscription, until } = follow(reader);
    subscriptions.push(subscription);
    subscription.start();
    await writer.append('s-1', [anEvent(1)], { expectedRevision: 'no-stream' });
    await until(1, POLL_MS + 2_000);
    // Listening by now: the next append is signalled, not found by the poll.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const appendedAt = Date.now();
    await writer.append('s-1', [anEvent(2)], { expectedRevision: 0 });
    const handledAt = await until(2);
    expect(handledAt - appendedAt).toBeLessThan(1_000);
  });
});
