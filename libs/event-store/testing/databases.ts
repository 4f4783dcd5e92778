import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';

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
