import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { privateDatabaseFile, privateFolder } from './private-files';
import { dirname } from 'node:path';
import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { EVENT_STORE, EventStore } from './event-store.port';
import { EVENT_STORE_MIGRATIONS, SUBJECT_KEY_MIGRATIONS, migrationModeFor, openMigratedDataSource } from './migrations/migrations';
import { PostgresEventStore } from './sql/postgres-event-store';
import { keptOpen, openConnections, poolOf } from './sql/postgres-pool';
import { SqliteEventStore } from './sql/sqlite-event-store';
import { withCheckpointsOffTheEventLoop } from './sql/wal-checkpointer';
import { PersonalDataRules } from './personal-data/personal-data';
import { PersonalDataProtectedEventStore } from './personal-data/protected-event-store';
import { SubjectKeyStore } from './personal-data/subject-key-store';

export interface EventStoreSettings {
  EVENT_STORE_ADAPTER: 'sqlite' | 'postgres' | 'eventstoredb';
  EVENT_STORE_SQLITE_PATH: string;
  EVENT_STORE_POSTGRES_URL?: string;
  EVENT_STORE_POSTGRES_SCHEMA: string;
  EVENT_STORE_POSTGRES_POOL_SIZE: number;
  /** Connections kept open (and, the event store's, primed) from the start; see eventStorePoolMin(). */
  EVENT_STORE_POSTGRES_POOL_MIN?: number;
  EVENTSTORE_CONNECTION_STRING?: string;
  /** Base64 of 32 random bytes: wraps every subject's data key. */
  PERSONAL_DATA_MASTER_KEY?: string;
  /** Without PERSONAL_DATA_MASTER_KEY (development only): a key generated into this file on first start. */
  PERSONAL_DATA_MASTER_KEY_FILE?: string;
  /** Where subjects' keys live apart from SQLite or EventStoreDB events (which cannot delete): a SQLite file. */
  PERSONAL_DATA_KEYS_SQLITE_PATH?: string;
  /** Or a PostgreSQL database that every process reaches (the distributed deployment on EventStoreDB). */
  PERSONAL_DATA_KEYS_POSTGRES_URL?: string;
  PERSONAL_DATA_KEYS_POSTGRES_SCHEMA?: string;
  NODE_ENV?: string;
  APP_ENV?: string;
}

export interface EventStoreOptions {
  /** The personal fields of each context's events: with any, the store encrypts them per subject. */
  personalData?: readonly PersonalDataRules[];
}

/** The master key from configuration; in development a generated one kept in a local file. Never in production without the setting. */
export function personalDataMasterKey(settings: EventStoreSettings): Buffer {
  if (settings.PERSONAL_DATA_MASTER_KEY) {
    const key = Buffer.from(settings.PERSONAL_DATA_MASTER_KEY, 'base64');
    if (key.length !== 32) throw new Error('PERSONAL_DATA_MASTER_KEY must be base64 of 32 random bytes (e.g. `openssl rand -base64 32`)');
    return key;
  }
  const env = { NODE_ENV: settings.NODE_ENV ?? process.env.NODE_ENV, APP_ENV: settings.APP_ENV ?? process.env.APP_ENV };
  if (env.NODE_ENV === 'production' || env.APP_ENV === 'production') {
    throw new Error('PERSONAL_DATA_MASTER_KEY is required in production: base64 of 32 random bytes, from your secret store');
  }
  const file = settings.PERSONAL_DATA_MASTER_KEY_FILE ?? './data/personal-data-master.key';
  if (!existsSync(file)) {
    privateFolder(dirname(file));
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    new Logger('EventStore').warn(`Generated a development master key for personal data in ${file}: set PERSONAL_DATA_MASTER_KEY outside development`);
  }
  return personalDataMasterKey({ ...settings, PERSONAL_DATA_MASTER_KEY: readFileSync(file, 'utf8').trim(), PERSONAL_DATA_MASTER_KEY_FILE: undefined });
}

/**
 * The configured adapter with personal data protection: every process that reads events opens
 * envelopes with the subjects' keys; those that write pass their contexts' rules.
 */
export async function openProtectedEventStore(settings: EventStoreSettings, options: EventStoreOptions = {}): Promise<PersonalDataProtectedEventStore> {
  const rules = Object.assign({}, ...(options.personalData ?? [])) as PersonalDataRules;
  const masterKey = personalDataMasterKey(settings);
  const store = await openEventStore(settings);
  let keysDataSource: DataSource | undefined;
  try {
    const keysDatabase = subjectKeyDatabase(settings);
    keysDataSource = await withCheckpointsOffTheEventLoop(
      await openMigratedDataSource(keysDatabase.options, SUBJECT_KEY_MIGRATIONS, migrationModeFor(settings.NODE_ENV), keysDatabase.setting),
    );
    if (keysDataSource.options.type === 'postgres') await openConnections(poolOf(keysDataSource), keysPoolMin(settings));
    const keys = await SubjectKeyStore.open(keysDataSource, masterKey, keysDatabase.schema, { createTables: false });
    // Keys in the events' schema: a new stream's new subjects' keys are stored with its events.
    if (keysDatabase.besideEvents && store instanceof PostgresEventStore) await store.keepNewSubjectKeysBeside(eventStorePoolMin(settings));
    const protectedStore = new PersonalDataProtectedEventStore(store, keys, rules);
    const close = protectedStore.close.bind(protectedStore);
    const keysSource = keysDataSource;
    protectedStore.close = async () => {
      await close();
      await keysSource.destroy();
    };
    return protectedStore;
  } catch (error) {
    // Nothing half-open is left behind: the process that cannot start must not hold connections either.
    await store.close().catch(() => undefined);
    if (keysDataSource?.isInitialized) await keysDataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/** The subject keys' pool on PostgreSQL: one statement a referral, beside the events' few. */
const KEYS_POOL_SIZE = 10;

/**
 * Unset, the event store's pool keeps this many connections open, or all of them if it has fewer.
 * Every process of a deployment opens them (the distributed one runs eight on one PostgreSQL, whose
 * default max_connections is 100): a busy command service may ask for more.
 */
const DEFAULT_POOL_MIN = 2;

/** The subject keys' pool keeps at most this many open: one key statement a referral, beside a few of the events'. */
const KEYS_POOL_MIN = 1;

export function eventStorePoolMin(settings: EventStoreSettings): number {
  return settings.EVENT_STORE_POSTGRES_POOL_MIN ?? Math.min(DEFAULT_POOL_MIN, settings.EVENT_STORE_POSTGRES_POOL_SIZE);
}

export function keysPoolMin(settings: EventStoreSettings): number {
  return Math.min(eventStorePoolMin(settings), KEYS_POOL_MIN);
}

/**
 * Where subjects' keys live: a PostgreSQL database every process reaches (PERSONAL_DATA_KEYS_POSTGRES_URL,
 * or the events' own), else a SQLite file of its own, apart from the events (no second writer on that file).
 */
export function subjectKeyDatabase(settings: EventStoreSettings): { options: DataSourceOptions; setting: string; schema?: string; besideEvents: boolean } {
  if (settings.PERSONAL_DATA_KEYS_POSTGRES_URL || settings.EVENT_STORE_ADAPTER === 'postgres') {
    const own = Boolean(settings.PERSONAL_DATA_KEYS_POSTGRES_URL);
    const schema = own ? (settings.PERSONAL_DATA_KEYS_POSTGRES_SCHEMA ?? 'public') : settings.EVENT_STORE_POSTGRES_SCHEMA;
    const url = settings.PERSONAL_DATA_KEYS_POSTGRES_URL ?? settings.EVENT_STORE_POSTGRES_URL;
    return {
      options: {
        type: 'postgres',
        url,
        schema,
        poolSize: KEYS_POOL_SIZE,
        applicationName: 'safeguard-subject-keys',
        // Beside the events (the same database, so the same write-ahead log), a new key need not
        // wait for its own flush: the append that uses it commits after it and flushes the log up
        // to its own commit, the key's included, before it answers. A key whose append never
        // comes may be lost in a crash, unused. An erasure still waits for its flush (erase()).
        // Each referral waited for two flushes, and the keys' connections were the queue.
        extra: { ...keptOpen(keysPoolMin(settings)), ...(own ? {} : { options: '-c synchronous_commit=off' }) },
      },
      setting: own ? 'PERSONAL_DATA_KEYS_POSTGRES_URL' : 'EVENT_STORE_POSTGRES_URL',
      schema,
      besideEvents: !own,
    };
  }
  const events = settings.EVENT_STORE_SQLITE_PATH;
  const path =
    settings.PERSONAL_DATA_KEYS_SQLITE_PATH ??
    (settings.EVENT_STORE_ADAPTER === 'sqlite' ? (events === ':memory:' ? ':memory:' : events.replace(/(\.sqlite)?$/, '.keys.sqlite')) : './data/personal-data-keys.sqlite');
  privateDatabaseFile(path);
  return {
    options: { type: 'better-sqlite3', database: path, enableWAL: true },
    setting: settings.PERSONAL_DATA_KEYS_SQLITE_PATH ? 'PERSONAL_DATA_KEYS_SQLITE_PATH' : 'EVENT_STORE_SQLITE_PATH',
    besideEvents: false,
  };
}

/** The SQL database of the events (none on EventStoreDB), and the setting that names it. */
export function eventStoreDatabase(settings: EventStoreSettings): { options: DataSourceOptions; setting: string } | undefined {
  switch (settings.EVENT_STORE_ADAPTER) {
    case 'sqlite':
      privateDatabaseFile(settings.EVENT_STORE_SQLITE_PATH);
      return { options: { type: 'better-sqlite3', database: settings.EVENT_STORE_SQLITE_PATH }, setting: 'EVENT_STORE_SQLITE_PATH' };
    case 'postgres':
      return {
        options: {
          type: 'postgres',
          url: settings.EVENT_STORE_POSTGRES_URL,
          schema: settings.EVENT_STORE_POSTGRES_SCHEMA,
          poolSize: settings.EVENT_STORE_POSTGRES_POOL_SIZE,
          applicationName: 'safeguard-event-store',
          extra: keptOpen(eventStorePoolMin(settings)),
        },
        setting: 'EVENT_STORE_POSTGRES_URL',
      };
    case 'eventstoredb':
      return undefined;
  }
}

/** Opens the adapter that configuration names, its tables made by the event store's migrations. Nothing else chooses an adapter. */
export async function openEventStore(settings: EventStoreSettings): Promise<EventStore> {
  const database = eventStoreDatabase(settings);
  const open = () => openMigratedDataSource(database!.options, EVENT_STORE_MIGRATIONS, migrationModeFor(settings.NODE_ENV), database!.setting);
  switch (settings.EVENT_STORE_ADAPTER) {
    case 'sqlite':
      return SqliteEventStore.create({ dataSource: await open(), createSchema: false });
    case 'postgres':
      return PostgresEventStore.create({
        dataSource: await open(),
        schema: settings.EVENT_STORE_POSTGRES_SCHEMA,
        createSchema: false,
        primeConnections: eventStorePoolMin(settings),
      });
    case 'eventstoredb': {
      // Loaded only when chosen: the gRPC client is heavy and the embedded default never needs it.
      const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store');
      return EventStoreDbEventStore.create({ connectionString: settings.EVENTSTORE_CONNECTION_STRING! });
    }
  }
}

class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    new Logger('EventStore').log(`Closed the ${this.store.kind} event store`);
  }
}

/** Provides the configured `EventStore` under the `EVENT_STORE` token, to the whole app. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(settings: EventStoreSettings, options: EventStoreOptions = {}): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useFactory: () => openProtectedEventStore(settings, options) }, EventStoreCloser],
      exports: [EVENT_STORE],
    };
  }
}
