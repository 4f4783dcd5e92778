import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';

/*
 * What starting the platform needs that loads none of it: the benches' load generators start the
 * platform as a process of its own and keep these light.
 */

/** The settings of an app on PostgreSQL scratch schemas: the events in one, the read models in another. */
export function postgresEnv(events: { schema: string; options: object }, readModels: { schema: string }): Record<string, string> {
  const url = (events.options as { url: string }).url;
  return {
    EVENT_STORE_ADAPTER: 'postgres',
    EVENT_STORE_POSTGRES_URL: url,
    EVENT_STORE_POSTGRES_SCHEMA: events.schema,
    READ_MODEL_DB: 'postgres',
    READ_MODEL_POSTGRES_URL: url,
    READ_MODEL_POSTGRES_SCHEMA: readModels.schema,
  };
}

/** A port free on 127.0.0.1 now (for a process to listen on, or to find nothing listening). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Scratch stores for one platform: SQLite files, or PostgreSQL schemas (events and read models
 * apart), with a master key of its own for personal data (the embedded default would write one to
 * ./data). `env` holds their settings; `drop()` removes them.
 */
export async function scratchPlatformStores(database: 'sqlite' | 'postgres'): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const key = { PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64') };
  if (database === 'sqlite') {
    const db = scratchSqlite();
    return { env: { EVENT_STORE_SQLITE_PATH: db.path('events.sqlite'), READ_MODEL_SQLITE_PATH: db.path('read-models.sqlite'), ...key }, drop: async () => db.drop() };
  }
  const events = await scratchPostgres();
  const readModels = await scratchPostgres();
  return {
    env: { ...postgresEnv(events, readModels), ...key },
    async drop() {
      await events.drop();
      await readModels.drop();
    },
  };
}
