import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { MigrationClass, schemaOf } from './schema-of';
import { EVENT_STORE_POSTGRES_MIGRATIONS } from './event-store.postgres';
import { EVENT_STORE_SQLITE_MIGRATIONS } from './event-store.sqlite';
import { READ_MODEL_POSTGRES_MIGRATIONS } from './read-models.postgres';
import { READ_MODEL_SQLITE_MIGRATIONS } from './read-models.sqlite';
import { SUBJECT_KEY_POSTGRES_MIGRATIONS } from './subject-keys.postgres';
import { SUBJECT_KEY_SQLITE_MIGRATIONS } from './subject-keys.sqlite';

export type { MigrationClass } from './schema-of';
export { schemaOf } from './schema-of';

/**
 * The versioned migrations of one kind of database, one list per dialect, and the table that
 * records which ran. Each database (read models, events, subjects' keys) has its own table, so
 * two of them may share a PostgreSQL schema.
 */
export interface MigrationSet {
  /** What an operator calls this database in messages. */
  readonly label: string;
  readonly table: string;
  readonly postgres: readonly MigrationClass[];
  readonly sqlite: readonly MigrationClass[];
  /** The folder (under libs/event-store/src/migrations) of each dialect's files: for the generator. */
  readonly folder: string;
}

export const READ_MODEL_MIGRATIONS: MigrationSet = {
  label: 'read-model database',
  table: 'read_model_migrations',
  postgres: READ_MODEL_POSTGRES_MIGRATIONS,
  sqlite: READ_MODEL_SQLITE_MIGRATIONS,
  folder: 'read-models',
};

export const EVENT_STORE_MIGRATIONS: MigrationSet = {
  label: 'event store',
  table: 'es_migrations',
  postgres: EVENT_STORE_POSTGRES_MIGRATIONS,
  sqlite: EVENT_STORE_SQLITE_MIGRATIONS,
  folder: 'event-store',
};

export const SUBJECT_KEY_MIGRATIONS: MigrationSet = {
  label: "subjects' keys database",
  table: 'pd_migrations',
  postgres: SUBJECT_KEY_POSTGRES_MIGRATIONS,
  sqlite: SUBJECT_KEY_SQLITE_MIGRATIONS,
  folder: 'subject-keys',
};

/** `options` with `set`'s migrations for its dialect; never synchronised from entities. */
export function withMigrations<T extends DataSourceOptions>(options: T, set: MigrationSet): T {
  return {
    ...options,
    migrations: [...(options.type === 'postgres' ? set.postgres : set.sqlite)],
    migrationsTableName: set.table,
    migrationsRun: false,
    synchronize: false,
  };
}

/** The names of the migrations of `dataSource` that have not run on its database, oldest first. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  return (await new MigrationExecutor(dataSource).getPendingMigrations()).map((migration) => migration.name);
}

/**
 * Runs the pending migrations of `dataSource` in one transaction and answers their names. On
 * PostgreSQL it first takes an advisory lock for this schema, and creates
 * the schema: processes running it at once take turns, and the later ones find nothing to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  const postgres = dataSource.options.type === 'postgres';
  // Per schema, not per migrations table: the events' and the keys' migrations may share a schema, and both create it.
  const lockKey = `safeguard-migrations:${(dataSource.options as { schema?: string }).schema ?? 'public'}`;
  try {
    await queryRunner.connect();
    if (postgres) {
      await queryRunner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${schemaOf(queryRunner)}`);
    }
    const executor = new MigrationExecutor(dataSource, queryRunner);
    executor.transaction = 'all';
    return (await executor.executePendingMigrations()).map((migration) => migration.name);
  } finally {
    if (postgres) await queryRunner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await queryRunner.release();
  }
}

/**
 * How a process treats its databases' migrations at boot: in production it only checks that none
 * is pending (an operator runs `npm run migrate` first); elsewhere (the embedded default,
 * development, tests) it runs them.
 */
export type MigrationMode = 'migrate' | 'check';

export function migrationModeFor(nodeEnv: string | undefined = process.env.NODE_ENV): MigrationMode {
  return nodeEnv === 'production' ? 'check' : 'migrate';
}

export class PendingMigrationsError extends Error {
  override readonly name = 'PendingMigrationsError';
}

/**
 * Brings `dataSource`'s database to the current migrations (mode `migrate`) or refuses to go on
 * when one is pending (mode `check`), naming the database by `setting`, the setting that chooses it.
 */
export async function prepareDatabase(
  dataSource: DataSource,
  set: MigrationSet,
  mode: MigrationMode,
  setting: string,
  onApplied?: (names: string[]) => void,
): Promise<DataSource> {
  if (mode === 'migrate') {
    const applied = await runMigrations(dataSource);
    onApplied?.(applied);
    return dataSource;
  }
  const pending = await pendingMigrations(dataSource);
  if (pending.length > 0) {
    throw new PendingMigrationsError(
      `The ${set.label} (${setting}) has ${pending.length} migration(s) pending (${pending.join(', ')}): ` +
        'run `npm run migrate` with the same settings before starting this process.',
    );
  }
  return dataSource;
}

/** A database that cannot be reached or opened, named by the setting that chooses it (never its value: a URL may hold a password). */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

/** Error codes of a database that is not there or refuses us, rather than a fault in what we sent. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '28P01', '28000', '3D000', 'SQLITE_CANTOPEN']);

/** Opens a DataSource on `options` with `set`'s migrations, then migrates or checks it (`prepareDatabase`). */
export async function openMigratedDataSource(
  options: DataSourceOptions,
  set: MigrationSet,
  mode: MigrationMode,
  setting: string,
  onApplied?: (names: string[]) => void,
): Promise<DataSource> {
  let dataSource: DataSource;
  try {
    dataSource = await new DataSource(withMigrations(options, set)).initialize();
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code && UNREACHABLE.has(code)) {
      throw new DatabaseUnreachableError(`Cannot reach the ${set.label}: check ${setting} (${code}: ${message})`, { cause: error });
    }
    throw error;
  }
  try {
    return await prepareDatabase(dataSource, set, mode, setting, onApplied);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  }
}
