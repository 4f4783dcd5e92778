import { randomBytes, randomUUID } from 'node:crypto';
import { scratchPostgres, scratchSqlite, anEvent } from '@app/event-store-testing';
import {
  ERASED,
  EventStore,
  LogPosition,
  PersonalDataProtectedEventStore,
  PostgresEventStore,
  RecordedEvent,
  SharedLogTail,
  SqliteEventStore,
  START,
  SubjectKeyStore,
  eraseSubject,
  readLogPage,
} from '@app/event-store';

/** The real store, counting the global-log reads made on it. */
function counting(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(store, {
    get(target, property) {
      if (property === 'readAll' || property === 'readAllOfTypes') {
        return (...args: unknown[]) => {
          reads++;
          return (target[property] as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, reads: () => reads };
}

/** Every event after `after`, page by page, through `read`. */
async function readToEnd(read: (after: LogPosition) => Promise<{ events: RecordedEvent[]; scannedTo?: LogPosition }>, after: LogPosition = START) {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await read(after);
    if (page.scannedTo === undefined) return events;
    events.push(...page.events);
    after = page.scannedTo;
  }
}

const setups: Record<'sqlite' | 'postgres', () => Promise<{ store: EventStore; close(): Promise<void> }>> = {
  sqlite: async () => {
    const db = scratchSqlite();
    const store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    return { store, close: async () => (await store.close(), await db.drop()) };
  },
  postgres: async () => {
    const db = await scratchPostgres();
    const store = await PostgresEventStore.create({ dataSource: await db.dataSource(), schema: db.schema });
    return { store, close: async () => (await store.close(), await db.drop()) };
  },
};

describe.each(['sqlite', 'postgres'] as const)('the shared end of the log (%s)', (database) => {
  let setup: { store: EventStore; close(): Promise<void> };
  beforeEach(async () => {
    setup = await setups[database]();
  });
  afterEach(async () => {
    await setup.close();
  });

  const appendMixed = async (count: number) => {
    const streams = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    for (let i = 0; i < count; i++) await setup.store.append(streams[i % 2], [anEvent(i % 3 === 0 ? 'Wanted' : 'Other', { i })]);
  };

  it('gives many readers the pages the store gives, reading each stretch of the log from the store once for all', async () => {
    await appendMixed(30);
    const { store, reads } = counting(setup.store);
    const tail = new SharedLogTail(store, { fetchSize: 10 });
    const types = [undefined, ['Wanted'], ['Other'], ['Wanted', 'Other'], ['Nothing']];
    const seen = await Promise.all(types.map((t) => readToEnd((after) => tail.read(after, 7, t))));
    const direct = await Promise.all(types.map((t) => readToEnd((after) => readLogPage(setup.store, { after, limit: 7 }, t))));
    expect(seen).toEqual(direct);
    expect(seen[1].map((e) => e.data.i)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    // Three fetches of ten, and at most one more each to find the end: five readers on their own made 25.
    expect(reads()).toBeLessThanOrEqual(3 + types.length);

    // A new event is read once, however many readers it wakes.
    const end = (await setup.store.readAll({ limit: 100 }))[29].position;
    await setup.store.append(`c-${randomUUID()}`, [anEvent('Wanted', { i: 30 })]);
    const before = reads();
    const pages = await Promise.all(types.map((t) => tail.read(end, 7, t)));
    expect(pages.map((p) => p.scanned)).toEqual([1, 1, 1, 1, 1]);
    expect(pages[1].events.map((e) => e.data.i)).toEqual([30]);
    expect(reads() - before).toBe(1);
  });

  it('gives full pages while the store holds more than it has fetched (a short page would make a reader wait a poll)', async () => {
    await appendMixed(30);
    const tail = new SharedLogTail(setup.store, { fetchSize: 10 });
    const sizes: number[] = [];
    await readToEnd(async (after) => {
      const page = await tail.read(after, 7);
      if (page.scanned > 0) sizes.push(page.scanned);
      return page;
    });
    expect(sizes).toEqual([7, 7, 7, 7, 2]);
  });

  it('sends a reader behind its window to the store, and keeps no more than its capacity', async () => {
    await appendMixed(30);
    const tail = new SharedLogTail(setup.store, { capacity: 10, fetchSize: 10 });
    const all = await setup.store.readAll({ limit: 100 });
    expect(await readToEnd((after) => tail.read(after, 5))).toEqual(all);
    const { store, reads } = counting(setup.store);
    const behind = new SharedLogTail(store, { capacity: 10, fetchSize: 10 });
    await readToEnd((after) => behind.read(after, 5), all[19].position);
    const before = reads();
    // From the start, behind what the window kept: the store answers, with the same events.
    expect(await readToEnd((after) => behind.read(after, 5))).toEqual(all);
    expect(reads() - before).toBeGreaterThanOrEqual(4);
  });
});

describe('the shared end of the log after an erasure', () => {
  it('drops what it read before a subject was erased: a reader behind reads them erased from the store', async () => {
    const db = scratchSqlite();
    const inner = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    const keysDs = await db.dataSource('events.keys.sqlite');
    const store = new PersonalDataProtectedEventStore(inner, await SubjectKeyStore.open(keysDs, randomBytes(32)), {
      ChildRecorded: { subject: ({ data }) => `child:${String(data.caseId)}`, fields: ['name'] },
    });
    try {
      const caseId = randomUUID();
      const actor = { userId: 'dpo-1', agencyId: 'bf-board' };
      await store.append(`case-${caseId}`, [{ type: 'ChildRecorded', data: { caseId, name: 'Zorabelle Quintrell' }, metadata: { actor } }]);
      const tail = new SharedLogTail(store);
      const [opened] = await readToEnd((after) => tail.read(after, 10));
      expect(opened.data.name).toBe('Zorabelle Quintrell');

      await eraseSubject(store, { subject: `child:${caseId}`, actor, reason: 'Retention review: no further purpose' });
      // The reader at the end gets the erasure; one that starts again reads the child as erased.
      const after = await readToEnd((position) => tail.read(position, 10), opened.position);
      expect(after.map((e) => e.type)).toEqual(['SubjectErased']);
      const again = await readToEnd((position) => tail.read(position, 10));
      expect(again.map((e) => [e.type, e.data.name])).toEqual([
        ['ChildRecorded', ERASED],
        ['SubjectErased', undefined],
      ]);
    } finally {
      await store.close();
      await keysDs.destroy();
      await db.drop();
    }
  });
});
