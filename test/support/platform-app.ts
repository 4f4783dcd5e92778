import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { configureHttpApp, loadConfig } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { testAuthSettings } from '@app/auth-testing';
import { PlatformConfig } from '../../apps/platform/src/platform.config';
import { PlatformModule } from '../../apps/platform/src/platform.module';

export interface TestPlatform {
  app: INestApplication;
  store: EventStore;
  close(): Promise<void>;
}

/**
 * The real platform module on real databases: SQLite files or PostgreSQL scratch schemas; `settings` adds to the environment.
 * It trusts the test issuer of @app/auth-testing: send `.set(bearer({ userId, agencyId, roles }))`.
 */
export async function startPlatform(database: 'sqlite' | 'postgres', settings: Record<string, string> = {}): Promise<TestPlatform> {
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  if (database === 'sqlite') {
    const db = scratchSqlite();
    env = { EVENT_STORE_SQLITE_PATH: db.path('events.sqlite'), READ_MODEL_SQLITE_PATH: db.path('read-models.sqlite') };
    drop = db.drop;
  } else {
    const events = await scratchPostgres();
    const readModels = await scratchPostgres();
    const url = (events.options as { url: string }).url;
    env = {
      EVENT_STORE_ADAPTER: 'postgres',
      EVENT_STORE_POSTGRES_URL: url,
      EVENT_STORE_POSTGRES_SCHEMA: events.schema,
      READ_MODEL_DB: 'postgres',
      READ_MODEL_POSTGRES_URL: url,
      READ_MODEL_POSTGRES_SCHEMA: readModels.schema,
    };
    drop = async () => {
      await events.drop();
      await readModels.drop();
    };
  }
  // A master key of the test's own for personal data (the embedded default would write one to ./data).
  const config = loadConfig(PlatformConfig, { ...env, ...testAuthSettings(), PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'), PROJECTIONS_POLL_MS: '50', ...settings });
  const moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot(config)] }).compile();
  const app = configureHttpApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }), { title: 'test', description: 'test' }, config);
  await app.init();
  return {
    app,
    store: app.get(EVENT_STORE),
    async close() {
      await app.close();
      await drop();
    },
  };
}
