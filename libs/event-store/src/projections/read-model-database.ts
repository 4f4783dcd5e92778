import { privateDatabaseFile } from '../private-files';
import { DataSourceOptions } from 'typeorm';
import { READ_MODEL_MIGRATIONS, withMigrations } from '../migrations/migrations';

export interface ReadModelSettings {
  READ_MODEL_DB: 'sqlite' | 'postgres';
  READ_MODEL_SQLITE_PATH: string;
  READ_MODEL_POSTGRES_URL?: string;
  READ_MODEL_POSTGRES_SCHEMA: string;
  NODE_ENV?: string;
}

/** The setting that names the read-model database, for messages. */
export function readModelDatabaseSetting(settings: ReadModelSettings): string {
  return settings.READ_MODEL_DB === 'sqlite' ? 'READ_MODEL_SQLITE_PATH' : 'READ_MODEL_POSTGRES_URL';
}

/**
 * TypeORM options for the read-model database. Its tables are made by versioned migrations
 * (libs/event-store/src/migrations, `npm run migration:generate` after changing an entity), never
 * synchronised; read models are projections, rebuilt from the events, so a change of meaning
 * bumps the projection's version, which rebuilds it.
 */
export function readModelDataSourceOptions(settings: ReadModelSettings): DataSourceOptions {
  if (settings.READ_MODEL_DB === 'sqlite') {
    privateDatabaseFile(settings.READ_MODEL_SQLITE_PATH);
    return withMigrations({
      type: 'better-sqlite3',
      database: settings.READ_MODEL_SQLITE_PATH,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
      },
    }, READ_MODEL_MIGRATIONS);
  }
  return withMigrations({
    type: 'postgres',
    url: settings.READ_MODEL_POSTGRES_URL,
    schema: settings.READ_MODEL_POSTGRES_SCHEMA,
    applicationName: 'safeguard-read-models',
  }, READ_MODEL_MIGRATIONS);
}
