import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';

export interface ReadModelSettings {
  READ_MODEL_DB: 'sqlite' | 'postgres';
  READ_MODEL_SQLITE_PATH: string;
  READ_MODEL_POSTGRES_URL?: string;
  READ_MODEL_POSTGRES_SCHEMA: string;
}

/**
 * TypeORM options for the read-model database. Read models are projections: disposable and
 * rebuilt from the events, so their tables are synchronised from the entities, and a change of
 * meaning bumps the projection's version, which rebuilds it.
 */
export function readModelDataSourceOptions(settings: ReadModelSettings): DataSourceOptions {
  if (settings.READ_MODEL_DB === 'sqlite') {
    if (settings.READ_MODEL_SQLITE_PATH !== ':memory:') mkdirSync(dirname(settings.READ_MODEL_SQLITE_PATH), { recursive: true });
    return {
      type: 'better-sqlite3',
      database: settings.READ_MODEL_SQLITE_PATH,
      synchronize: true,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
      },
    };
  }
  return {
    type: 'postgres',
    url: settings.READ_MODEL_POSTGRES_URL,
    schema: settings.READ_MODEL_POSTGRES_SCHEMA,
    synchronize: true,
    applicationName: 'safeguard-read-models',
  };
}
