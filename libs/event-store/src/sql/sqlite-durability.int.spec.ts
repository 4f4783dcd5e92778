import { randomUUID } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { SqliteEventStore } from '@app/event-store';
import { scratchSqlite } from '@app/event-store-testing';

/**
 * SQLite appends answer once their commit is on disk, the sync running off the event loop
 * (WalSync). Until then the log's readers must not see the commit: a projection or the outbox
 * relay would act on an event a power cut could still take back.
 */
describe('SqliteEventStore: durable before visible', () => {
  let db: ReturnType<typeof scratchSqlite>;
  let store: SqliteEventStore;

  beforeEach(async () => {
    db = scratchSqlite();
    store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
  });

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const referral = (n: number) => ({ id: randomUUID(), type: 'ReferralReceived', data: { n }, metadata: { actor: { userId: 'u-1', agencyId: 'a-1' } } });

  it('keeps a commit from the log readers and the outbox until its sync is done, but not from its stream', async () => {
    await store.append('case-1', [referral(1)], { expectedRevision: 'no-stream' });
    let woken = 0;
    store.onAppended(() => woken++);
    const appending = store.append('case-1', [referral(2)], {
      expectedRevision: 0,
      outbox: [{ id: randomUUID(), topic: 'feed', key: 'case-1', type: 'Referred', payload: { n: 2 } }],
    });
    // Committed, its sync not yet done: the thread pool cannot have answered before this line runs.
    expect((await store.readAll()).map((e) => e.data.n)).toEqual([1]);
    expect((await store.readAllOfTypes(['ReferralReceived'])).events.map((e) => e.data.n)).toEqual([1]);
    expect(await store.readUnsentOutbox(10)).toEqual([]);
    // The next command on the stream must see it, or its revision check would be wrong.
    expect((await store.readStream('case-1')).map((e) => e.data.n)).toEqual([1, 2]);
    expect(woken).toBe(0);

    const result = await appending;
    expect(result).toMatchObject({ written: true, nextExpectedRevision: 1 });
    expect((await store.readAll()).map((e) => e.data.n)).toEqual([1, 2]);
    expect((await store.readUnsentOutbox(10)).map((m) => m.payload)).toEqual([{ n: 2 }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toBe(1);
  });

  it('shares one sync among the appends committed while one runs, each answering after its own commit is synced', async () => {
    const appends = Array.from({ length: 50 }, (_, i) => store.append(`case-${i}`, [referral(i)], { expectedRevision: 'no-stream' }));
    expect(await store.readAll({ limit: 100 })).toEqual([]);
    const results = await Promise.all(appends);
    expect(results.every((r) => r.written)).toBe(true);
    expect((await store.readAll({ limit: 100 })).map((e) => e.data.n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps the log file open from its first sync to close: each sync is one trip to the thread pool, and nothing is left open', async () => {
    const logDescriptors = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).endsWith('events.sqlite-wal');
        } catch {
          return false; // closed while listing
        }
      }).length;
    await store.append('case-1', [referral(1)], { expectedRevision: 'no-stream' });
    // SQLite's own descriptor of its log, the checkpoint thread's connection's, and the one the syncs share.
    expect(logDescriptors()).toBe(3);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(`case-${i + 2}`, [referral(i + 2)], { expectedRevision: 'no-stream' })));
    expect(logDescriptors()).toBe(3);
    expect((await store.readAll({ limit: 100 })).length).toBe(21);
    await store.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(logDescriptors()).toBe(0);
    // afterEach closes it again: harmless.
  });

  it('runs the database with its own sync in place of a blocking one, and an in-memory database with SQLite\'s', async () => {
    const handle = (store as unknown as { db: { pragma(p: string, o: object): unknown } }).db;
    expect(handle.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.pragma('synchronous', { simple: true })).toBe(1);
    const memory = scratchSqlite();
    const inMemory = await SqliteEventStore.create({ dataSource: await memory.dataSource('unused', { database: ':memory:' }) });
    try {
      await inMemory.append('case-m', [referral(1)], { expectedRevision: 'no-stream' });
      expect((await inMemory.readAll()).length).toBe(1);
    } finally {
      await inMemory.close();
      await memory.drop();
    }
  });
});
