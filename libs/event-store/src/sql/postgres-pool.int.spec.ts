import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { scratchPostgres } from '../../testing/databases';
import { PostgresEventStore } from './postgres-event-store';
import { keptOpen, openConnections, poolOf } from './postgres-pool';

const actor = { userId: 'u-1', agencyId: 'bf-police' };

describe('PostgreSQL event store: connections opened and primed before the first request (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof scratchPostgres>>;
  let dataSource: DataSource;
  let store: PostgresEventStore | undefined;
  const application = `prime-test-${randomUUID().slice(0, 8)}`;

  beforeEach(async () => {
    db = await scratchPostgres({ extra: { max: 20, application_name: application, ...keptOpen(4) } } as object);
    dataSource = await db.dataSource();
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
  });

  async function backends(): Promise<number[]> {
    const rows: { pid: number }[] = await dataSource.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1 ORDER BY pid', [application]);
    return rows.map((row) => row.pid);
  }

  it('opens the connections asked for, each holding the append statements prepared, and stores nothing doing so', async () => {
    store = await PostgresEventStore.create({ dataSource, schema: db.schema, primeConnections: 4 });
    const pool = poolOf(dataSource);
    expect(pool.totalCount).toBe(4);
    expect(pool.idleCount).toBe(4);

    // Each of the four, taken at once: es_append and the plain single-event statement are prepared on it.
    const clients: PoolClient[] = await Promise.all([1, 2, 3, 4].map(() => pool.connect()));
    try {
      for (const client of clients) {
        const prepared = (await client.query('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((row: { name: string }) => row.name.split(':')[0]);
        expect(prepared).toEqual(expect.arrayContaining(['es_append', 'es_append_one']));
      }
    } finally {
      clients.forEach((client) => client.release());
    }
    expect(pool.totalCount).toBe(4);

    // The priming rolled back: no stream, no event, and the log reads empty.
    expect(Number((await dataSource.query(`SELECT count(*) AS n FROM ${db.schema}.es_events`))[0].n)).toBe(0);
    expect(Number((await dataSource.query(`SELECT count(*) AS n FROM ${db.schema}.es_streams`))[0].n)).toBe(0);
    expect(await store.readAll({ limit: 10 })).toEqual([]);
  });

  it('takes a burst of appends on the connections it opened, with no new backend', async () => {
    store = await PostgresEventStore.create({ dataSource, schema: db.schema, primeConnections: 4 });
    const before = await backends();
    expect(before).toHaveLength(4);
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => store!.append(`case-${n}`, [{ type: 'ReferralReceived', data: { n }, metadata: { actor } }], { expectedRevision: 'no-stream' })),
    );
    expect(results.map((result) => result.nextExpectedRevision)).toEqual([0, 0, 0, 0]);
    expect(await backends()).toEqual(before);
    // Positions still order the log: the four appends read back, nothing of the priming among them.
    const log = await store.readAll({ limit: 10 });
    expect(log.map((event) => event.streamId).sort()).toEqual(['case-1', 'case-2', 'case-3', 'case-4']);
  });

  it('fails to open, and leaves no connection open, when the connections cannot be primed', async () => {
    // The event store's tables are not there (and are not to be made): priming fails on every connection.
    await expect(PostgresEventStore.create({ dataSource, schema: db.schema, createSchema: false, primeConnections: 3 })).rejects.toThrow(/es_append|does not exist/);
    const pool = poolOf(dataSource);
    expect(pool.totalCount).toBe(0);
    // The only backend left is the one this question opens (a closed one may linger a moment in pg_stat_activity).
    const deadline = Date.now() + 5_000;
    let left = await backends();
    while (left.length > 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = await backends();
    }
    expect(left).toHaveLength(1);
    expect(pool.totalCount).toBe(1);
  });

  it('opens no more than the pool holds when asked for more, rather than waiting on itself', async () => {
    const small = await scratchPostgres({ extra: { max: 2, ...keptOpen(2) } } as object);
    const source = await small.dataSource();
    try {
      await openConnections(poolOf(source), 5);
      expect(poolOf(source).totalCount).toBe(2);
      expect(poolOf(source).idleCount).toBe(2);
    } finally {
      await source.destroy();
      await small.drop();
    }
  });
});
