import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore } from './event-store.port';
import { PostgresEventStore } from './sql/postgres-event-store';
import { SqliteEventStore } from './sql/sqlite-event-store';

export interface EventStoreSettings {
  EVENT_STORE_ADAPTER: 'sqlite' | 'postgres' | 'eventstoredb';
  EVENT_STORE_SQLITE_PATH: string;
  EVENT_STORE_POSTGRES_URL?: string;
  EVENT_STORE_POSTGRES_SCHEMA: string;
  EVENT_STORE_POSTGRES_POOL_SIZE: number;
  EVENTSTORE_CONNECTION_STRING?: string;
}

/** Opens the adapter that configuration names. Nothing else chooses an adapter. */
export async function openEventStore(settings: EventStoreSettings): Promise<EventStore> {
  switch (settings.EVENT_STORE_ADAPTER) {
    case 'sqlite': {
      if (settings.EVENT_STORE_SQLITE_PATH !== ':memory:') mkdirSync(dirname(settings.EVENT_STORE_SQLITE_PATH), { recursive: true });
      const dataSource = await new DataSource({ type: 'better-sqlite3', database: settings.EVENT_STORE_SQLITE_PATH }).initialize();
      return SqliteEventStore.create({ dataSource });
    }
    case 'postgres': {
      const dataSource = await new DataSource({
        type: 'postgres',
        url: settings.EVENT_STORE_POSTGRES_URL,
        poolSize: settings.EVENT_STORE_POSTGRES_POOL_SIZE,
        applicationName: 'safeguard-event-store',
      }).initialize();
      return PostgresEventStore.create({ dataSource, schema: settings.EVENT_STORE_POSTGRES_SCHEMA });
    }
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
  static forRoot(settings: EventStoreSettings): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useFactory: () => openEventStore(settings) }, EventStoreCloser],
      exports: [EVENT_STORE],
    };
  }
}
