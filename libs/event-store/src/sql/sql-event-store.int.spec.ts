import { PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { describeEventStoreContract, scratchPostgres, scratchSqlite } from '@app/event-store-testing';

describeEventStoreContract('postgres', async () => {
  const db = await scratchPostgres();
  const store = await PostgresEventStore.create({ dataSource: await db.dataSource(), schema: db.schema });
  return {
    store,
    teardown: async () => {
      await store.close();
      await db.drop();
    },
  };
});

describeEventStoreContract('sqlite', async () => {
  const db = scratchSqlite();
  const store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
  return {
    store,
    teardown: async () => {
      await store.close();
      await db.drop();
    },
  };
});
