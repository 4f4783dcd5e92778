import { DataSourceOptions } from 'typeorm';
import { EventStoreSettings, eventStoreDatabase, subjectKeyDatabase } from '../event-store.module';
import { ReadModelSettings, readModelDataSourceOptions, readModelDatabaseSetting } from '../projections/read-model-database';
import { EVENT_STORE_MIGRATIONS, MigrationSet, READ_MODEL_MIGRATIONS, SUBJECT_KEY_MIGRATIONS } from './migrations';

/** A database the processes use, its migrations, and the setting that names it. */
export interface MigrationTarget {
  set: MigrationSet;
  options: DataSourceOptions;
  setting: string;
}

/** Every SQL database the settings name: the events (not on EventStoreDB), subjects' keys, read models. */
export function migrationTargets(settings: EventStoreSettings & ReadModelSettings): MigrationTarget[] {
  const events = eventStoreDatabase(settings);
  const keys = subjectKeyDatabase(settings);
  return [
    ...(events ? [{ set: EVENT_STORE_MIGRATIONS, ...events }] : []),
    { set: SUBJECT_KEY_MIGRATIONS, options: keys.options, setting: keys.setting },
    { set: READ_MODEL_MIGRATIONS, options: readModelDataSourceOptions(settings), setting: readModelDatabaseSetting(settings) },
  ];
}
