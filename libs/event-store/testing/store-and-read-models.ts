import { DataSource } from 'typeorm';
import { EventStore } from '../src/event-store.port';
import { ProjectionCheckpointEntity } from '../src/projections/projection-checkpoint.entity';
import { PostgresEventStore } from '../src/sql/postgres-event-store';
import { SqliteEventStore } from '../src/sql/sqlite-event-store';
import { scratchPostgres, scratchSqlite } from './databases';

export interface StoreAndReadModels {
  store: EventStore;
  /** The read-model database with the given entities (and projection checkpoints) synchronised. */
  readModels: DataSource;
  close(): Promise<void>;
}

/**
 * A fresh event store and a separate read-model database on real SQLite files or real
 * PostgreSQL scratch schemas, as the platform runs them; `close()` removes both.
 */
export async function openStoreAndReadModels(database: 'sqlite' | 'postgres', entities: Function[]): Promise<StoreAndReadModels> {
  const options = { entities: [...entities, ProjectionCheckpointEntity], synchronize: true };
  if (database === 'sqlite') {
    const db = scratchSqlite();
    const store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    const readModels = await db.dataSource('read-models.sqlite', options);
    return { store, readModels, close: async () => (await store.close(), await readModels.destroy(), await db.drop()) };
  }
  const events = await scratchPostgres();
  const models = await scratchPostgres();
  const store = await PostgresEventStore.create({ dataSource: await events.dataSource(), schema: events.schema });
  const readModels = await models.dataSource(options);
  return {
    store,
    readModels,
    close: async () => (await store.close(), await readModels.destroy(), await events.drop(), await models.drop()),
  };
}
