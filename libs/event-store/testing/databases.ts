import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { EventStore, RecordedEvent } from '../src/event-store.port';
import { PostgresEventStore } from '../src/sql/postgres-event-store';
import { SqliteEventStore } from '../src/sql/sqlite-event-store';

/** The real PostgreSQL server the tests use (CI starts it if it is down). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh PostgreSQL schema for one test, dropped by `drop()`. */
export async function scratchPostgres(extra: Partial<DataSourceOptions> = {}) {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new DataSource({ type: 'postgres', url: TEST_POSTGRES_URL });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.destroy();
  const options = { type: 'postgres', url: TEST_POSTGRES_URL, schema, extra: { max: 20 }, ...extra } as DataSourceOptions;
  return {
    schema,
    options,
    async dataSource(more: Partial<DataSourceOptions> = {}) {
      const ds = new DataSource({ ...options, ...more } as DataSourceOptions);
      // Unqualified names (TypeORM's own queries) resolve in the scratch schema.
      (ds.options as { extra?: Record<string, unknown> }).extra = { ...(options as { extra?: object }).extra, options: `-c search_path=${schema}` };
      return ds.initialize();
    },
    async drop() {
      const ds = new DataSource({ type: 'postgres', url: TEST_POSTGRES_URL });
      await ds.initialize();
      await ds.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await ds.destroy();
    },
  };
}

/** A fresh SQLite file in a temporary folder, removed by `drop()`. */
export function scratchSqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'safeguard-test-'));
  let n = 0;
  return {
    dir,
    path: (name = `db${n++}.sqlite`) => join(dir, name),
    async dataSource(file = `db${n++}.sqlite`, more: Partial<DataSourceOptions> = {}) {
      return new DataSource({ type: 'better-sqlite3', database: join(dir, file), ...more } as DataSourceOptions).initialize();
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The whole global log once every committed event is readable. On PostgreSQL a transaction left
 * open anywhere in the cluster (another test run, say) holds readers back (never makes them skip):
 * wait until the log reads as many events as the store counts.
 */
export async function readWholeLog(store: EventStore, timeoutMs = 20_000): Promise<RecordedEvent[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const total = await store.countEvents();
    const all: RecordedEvent[] = [];
    for (let batch = await store.readAll({ limit: 5000 }); batch.length > 0; batch = await store.readAll({ after: all[all.length - 1].position, limit: 5000 })) {
      all.push(...batch);
    }
    if (all.length >= total || Date.now() > until) return all;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A fresh event store on a scratch SQLite file or PostgreSQL schema; `drop()` removes it. */
export async function scratchEventStore(database: 'sqlite' | 'postgres'): Promise<{ store: EventStore; drop: () => Promise<void> }> {
  if (database === 'sqlite') {
    const db = scratchSqlite();
    return { store: await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') }), drop: db.drop };
  }
  const events = await scratchPostgres();
  return { store: await PostgresEventStore.create({ dataSource: await events.dataSource(), schema: events.schema }), drop: events.drop };
}
