import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LOG_DESTINATION, configureHttpApp, loadConfig } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { testAuthSettings } from '@app/auth-testing';
import { PlatformConfig } from '../../apps/platform/src/platform.config';
import { ProjectorConfig } from '../../apps/projector/src/projector.config';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { PlatformModule } from '../../apps/platform/src/platform.module';
import { freePort, postgresEnv, scratchPlatformStores } from './platform-env';

export { freePort, postgresEnv };

export interface TestPlatform {
  app: INestApplication;
  store: EventStore;
  /** The settings it was started with beyond the test defaults (databases, master key): for a command line on the same stores. */
  env?: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The real platform module on real databases: SQLite files or PostgreSQL scratch schemas; `settings` adds to the environment.
 * It trusts the test issuer of @app/auth-testing: send `.set(bearer({ userId, agencyId, roles }))`.
 */
export interface PlatformOptions {
  /** Where its log lines go instead of stdout (e.g. `{ write: (line) => lines.push(line) }`), to read what it logged. */
  logs?: { write(line: string): void };
}

export async function startPlatform(database: 'sqlite' | 'postgres', settings: Record<string, string> = {}, options: PlatformOptions = {}): Promise<TestPlatform> {
  const stores = await scratchPlatformStores(database);
  const env = { ...stores.env, ...settings };
  const drop = stores.drop;
  const app = await bootPlatform(env, options);
  return {
    app,
    store: app.get(EVENT_STORE),
    env,
    async close() {
      await app.close();
      await drop();
    },
  };
}

/**
 * `count` platform instances on the same PostgreSQL event store and read models, as replicas behind
 * a load balancer are: each its own app and connection pool. The first runs the projections.
 */
export async function startPlatformReplicas(count: number, settings: Record<string, string> = {}): Promise<{ replicas: TestPlatform[]; close(): Promise<void> }> {
  const events = await scratchPostgres();
  const readModels = await scratchPostgres();
  const env = {
    ...postgresEnv(events, readModels),
    // One key for all: each replica reads what the others encrypted.
    PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'),
    ...settings,
  };
  const replicas: TestPlatform[] = [];
  // One after the other: the first creates the tables.
  for (let i = 0; i < count; i++) {
    const app = await bootPlatform({ ...env, ...(i > 0 ? { PROJECTIONS_RUN: 'false' } : {}) });
    replicas.push({ app, store: app.get(EVENT_STORE), close: () => app.close() });
  }
  return {
    replicas,
    async close() {
      for (const replica of replicas.reverse()) await replica.close();
      await events.drop();
      await readModels.drop();
    },
  };
}


async function bootPlatform(env: Record<string, string>, options: PlatformOptions = {}): Promise<INestApplication> {
  const config = loadConfig(PlatformConfig, { ...testAuthSettings(), PROJECTIONS_POLL_MS: '50', ...env });
  const builder = Test.createTestingModule({ imports: [PlatformModule.forRoot(config)] });
  if (options.logs) builder.overrideProvider(LOG_DESTINATION).useValue(options.logs);
  const moduleRef = await builder.compile();
  const app = configureHttpApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }), { title: 'test', description: 'test' }, config);
  await app.init();
  return app;
}

/**
 * The projector app (every projection live, health and metrics routes) in this process, on SQLite
 * files of its own; `close()` stops it and removes them.
 */
export async function startProjectorApp(settings: Record<string, string> = {}): Promise<{ app: INestApplication; close(): Promise<void> }> {
  const db = scratchSqlite();
  const config = loadConfig(ProjectorConfig, {
    EVENT_STORE_SQLITE_PATH: db.path('events.sqlite'),
    READ_MODEL_SQLITE_PATH: db.path('read-models.sqlite'),
    PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'),
    PROJECTIONS_POLL_MS: '50',
    ...settings,
  });
  const moduleRef = await Test.createTestingModule({ imports: [ProjectorModule.forRoot(config, true)] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  await app.init();
  return {
    app,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

