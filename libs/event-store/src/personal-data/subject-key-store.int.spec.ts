import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { SubjectKeyStore } from '@app/event-store';
import { WalSync } from '../sql/wal-sync';

interface TwoWriters {
  a: SubjectKeyStore;
  b: SubjectKeyStore;
  close(): Promise<void>;
}

/** Two key stores on one database through connections of their own, as two processes have. */
const setups: Record<'sqlite' | 'postgres', (masterKey: Buffer) => Promise<TwoWriters>> = {
  async sqlite(masterKey) {
    const db = scratchSqlite();
    const sources: DataSource[] = [await db.dataSource('keys.sqlite', { enableWAL: true }), await db.dataSource('keys.sqlite', { enableWAL: true })];
    return {
      a: await SubjectKeyStore.open(sources[0], masterKey),
      b: await SubjectKeyStore.open(sources[1], masterKey),
      close: async () => (await Promise.all(sources.map((s) => s.destroy())), await db.drop()),
    };
  },
  async postgres(masterKey) {
    const db = await scratchPostgres();
    const sources = [await db.dataSource(), await db.dataSource()];
    return {
      a: await SubjectKeyStore.open(sources[0], masterKey, db.schema),
      b: await SubjectKeyStore.open(sources[1], masterKey, db.schema),
      close: async () => (await Promise.all(sources.map((s) => s.destroy())), await db.drop()),
    };
  },
};

// Both ways a writer asks: reading first (an existing stream's subjects), and inserting first (a new
// stream's, likely new: `likelyNew`).
describe.each([
  ['sqlite', 'read first', {}],
  ['postgres', 'read first', {}],
  ['sqlite', 'insert first', { likelyNew: true }],
  ['postgres', 'insert first', { likelyNew: true }],
] as const)('subject keys made by two writers at once (%s, %s)', (database, _way, how) => {
  let writers: TwoWriters;
  beforeEach(async () => {
    writers = await setups[database](randomBytes(32));
  });
  afterEach(async () => {
    await writers.close();
  });

  it('gives both writers the same key for a new subject, so each reads what the other wrote', async () => {
    const subjects = Array.from({ length: 20 }, () => `child:${randomUUID()}`);
    const [fromA, fromB] = await Promise.all([
      Promise.all(subjects.map((s) => writers.a.keysFor([s], true, how))),
      Promise.all(subjects.map((s) => writers.b.keysFor([s], true, how))),
    ]);
    subjects.forEach((subject, i) => {
      const key = fromA[i].get(subject);
      expect(key).toBeInstanceOf(Buffer);
      expect(key).toHaveLength(32);
      expect(fromB[i].get(subject)).toEqual(key);
    });
    // Asked again, the stored key: nothing new was made.
    const again = await writers.b.keysFor(subjects, true, how);
    subjects.forEach((subject, i) => expect(again.get(subject)).toEqual(fromA[i].get(subject)));
    // Known and new subjects in one call: the known keep their keys, the new get one each.
    const fresh = `child:${randomUUID()}`;
    const mixed = await writers.a.keysFor([subjects[0], fresh, subjects[1]], true, how);
    expect(mixed.get(subjects[0])).toEqual(fromA[0].get(subjects[0]));
    expect(mixed.get(subjects[1])).toEqual(fromA[1].get(subjects[1]));
    expect(mixed.get(fresh)).toHaveLength(32);
    expect((await writers.b.keysFor([fresh], false)).get(fresh)).toEqual(mixed.get(fresh));
  });

  it('never gives an erased subject a key again, even when asked to create one', async () => {
    const subject = `child:${randomUUID()}`;
    await writers.a.keysFor([subject], true);
    await writers.a.erase({ subject, erasedAt: new Date().toISOString(), userId: 'dpo-1', agencyId: 'bf-csc', reason: 'Retention review: dispose' });
    const [fromA, fromB] = await Promise.all([writers.a.keysFor([subject], true, how), writers.b.keysFor([subject], true, how)]);
    expect(fromA.get(subject)).toBeNull();
    expect(fromB.get(subject)).toBeNull();
    // Erased before it ever had a key: the tombstone stands for both.
    const never = `child:${randomUUID()}`;
    await writers.b.erase({ subject: never, erasedAt: new Date().toISOString(), userId: 'dpo-1', agencyId: 'bf-csc', reason: 'Recorded in error' });
    expect((await writers.a.keysFor([never], true, how)).get(never)).toBeNull();
  });
});

/** Key stores on one SQLite file in WAL mode with synchronous NORMAL (commits not synced by SQLite), each through a connection of its own. */
function unsyncedSqliteKeys(masterKey = randomBytes(32)) {
  const db = scratchSqlite();
  const sources: DataSource[] = [];
  return {
    async store(): Promise<SubjectKeyStore> {
      const source = await db.dataSource('keys.sqlite', { enableWAL: true });
      sources.push(source);
      await source.query('PRAGMA synchronous = NORMAL');
      return SubjectKeyStore.open(source, masterKey);
    },
    async close(): Promise<void> {
      await Promise.all(sources.map((s) => s.destroy()));
      await db.drop();
    },
  };
}

describe('subject keys on SQLite whose commits SQLite does not sync itself (WAL, synchronous NORMAL)', () => {
  it('has a new key on disk before it is used, and one another writer made a moment ago too, inserting first or reading first', async () => {
    const keys = unsyncedSqliteKeys();
    const [a, b] = [await keys.store(), await keys.store()];
    const syncs = jest.spyOn(WalSync.prototype, 'sync');
    try {
      for (const how of [{ likelyNew: true }, {}]) {
        syncs.mockClear();
        const fresh = `child:${randomUUID()}`;
        await a.keysFor([fresh], true, how);
        expect(syncs).toHaveBeenCalledTimes(1);
        // Made by the other writer: synced again before this one uses it.
        syncs.mockClear();
        const theirs = `child:${randomUUID()}`;
        const made = (await b.keysFor([theirs], true)).get(theirs);
        syncs.mockClear();
        expect((await a.keysFor([theirs], true, { likelyNew: true })).get(theirs)).toEqual(made);
        expect(syncs).toHaveBeenCalledTimes(1);
      }
      // Reading first (an existing stream's subject): a key the other writer made since this one's
      // last sync is synced before use; asked again with nothing committed since, no sync.
      const theirs = `child:${randomUUID()}`;
      const made = (await b.keysFor([theirs], true, { likelyNew: true })).get(theirs);
      syncs.mockClear();
      expect((await a.keysFor([theirs], true)).get(theirs)).toEqual(made);
      expect(syncs).toHaveBeenCalledTimes(1);
      syncs.mockClear();
      expect((await a.keysFor([theirs], true)).get(theirs)).toEqual(made);
      expect(syncs).not.toHaveBeenCalled();
      // A known subject and a new one in one call: one sync covers both.
      const fresh = `child:${randomUUID()}`;
      for (const how of [{ likelyNew: true }, {}]) {
        const another = `child:${randomUUID()}`;
        await b.keysFor([another], true);
        syncs.mockClear();
        const keys = await a.keysFor([another, `${fresh}:${JSON.stringify(how)}`], true, how);
        expect(keys.size).toBe(2);
        expect(syncs).toHaveBeenCalledTimes(1);
      }
    } finally {
      syncs.mockRestore();
      await keys.close();
    }
  });

  it('has a key this writer is still syncing on disk before another of its own calls uses it', async () => {
    const keys = unsyncedSqliteKeys();
    const store = await keys.store();
    // Each sync held until released, so the first call's insert is committed and not yet synced.
    const realSync = WalSync.prototype.sync;
    const held: (() => void)[] = [];
    const synced: string[] = [];
    const syncs = jest.spyOn(WalSync.prototype, 'sync').mockImplementation(function (this: WalSync) {
      return new Promise<void>((resolve, reject) => held.push(() => realSync.call(this).then(resolve, reject)));
    });
    try {
      const subject = `child:${randomUUID()}`;
      const creating = store.keysFor([subject], true, { likelyNew: true }).then((keys) => (synced.push('creator'), keys));
      while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const reading = store.keysFor([subject], true).then((keys) => (synced.push('reader'), keys));
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The reader found the creator's row, and waits for a sync too.
      expect(synced).toEqual([]);
      // Then every sync let go as it comes, until both calls answer.
      let answered = false;
      const both = Promise.all([creating, reading]).finally(() => (answered = true));
      while (!answered) {
        while (held.length > 0) held.shift()!();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const [created, read] = await both;
      expect(read.get(subject)).toEqual(created.get(subject));
      expect(syncs.mock.calls.length).toBeGreaterThanOrEqual(2);
      // Once a sync has covered it, reading the key again syncs nothing.
      syncs.mockClear();
      const again = store.keysFor([subject], true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(held).toHaveLength(0);
      expect((await again).get(subject)).toEqual(created.get(subject));
      expect(syncs).not.toHaveBeenCalled();
    } finally {
      syncs.mockRestore();
      await keys.close();
    }
  });

  it('syncs a key found after the sync of the call that made it failed', async () => {
    const keys = unsyncedSqliteKeys();
    const store = await keys.store();
    const syncs = jest.spyOn(WalSync.prototype, 'sync');
    try {
      // A key made and found again: the store has synced everything it knows of.
      const earlier = `child:${randomUUID()}`;
      await store.keysFor([earlier], true, { likelyNew: true });
      await store.keysFor([earlier], true);
      syncs.mockRejectedValueOnce(new Error('EIO: fdatasync failed'));
      const subject = `child:${randomUUID()}`;
      await expect(store.keysFor([subject], true, { likelyNew: true })).rejects.toThrow('EIO');
      // Its key was committed but may not be on disk: the next call that finds it syncs first.
      syncs.mockClear();
      expect((await store.keysFor([subject], true)).get(subject)).toHaveLength(32);
      expect(syncs).toHaveBeenCalledTimes(1);
    } finally {
      syncs.mockRestore();
      await keys.close();
    }
  });
});
