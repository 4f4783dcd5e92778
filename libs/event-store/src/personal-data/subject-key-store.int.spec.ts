import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { SubjectKeyStore } from '@app/event-store';

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

describe.each(['sqlite', 'postgres'] as const)('subject keys made by two writers at once (%s)', (database) => {
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
      Promise.all(subjects.map((s) => writers.a.keysFor([s], true))),
      Promise.all(subjects.map((s) => writers.b.keysFor([s], true))),
    ]);
    subjects.forEach((subject, i) => {
      const key = fromA[i].get(subject);
      expect(key).toBeInstanceOf(Buffer);
      expect(key).toHaveLength(32);
      expect(fromB[i].get(subject)).toEqual(key);
    });
    // Asked again, the stored key: nothing new was made.
    const again = await writers.b.keysFor(subjects, true);
    subjects.forEach((subject, i) => expect(again.get(subject)).toEqual(fromA[i].get(subject)));
  });

  it('never gives an erased subject a key again, even when asked to create one', async () => {
    const subject = `child:${randomUUID()}`;
    await writers.a.keysFor([subject], true);
    await writers.a.erase({ subject, erasedAt: new Date().toISOString(), userId: 'dpo-1', agencyId: 'bf-csc', reason: 'Retention review: dispose' });
    const [fromA, fromB] = await Promise.all([writers.a.keysFor([subject], true), writers.b.keysFor([subject], true)]);
    expect(fromA.get(subject)).toBeNull();
    expect(fromB.get(subject)).toBeNull();
    // Erased before it ever had a key: the tombstone stands for both.
    const never = `child:${randomUUID()}`;
    await writers.b.erase({ subject: never, erasedAt: new Date().toISOString(), userId: 'dpo-1', agencyId: 'bf-csc', reason: 'Recorded in error' });
    expect((await writers.a.keysFor([never], true)).get(never)).toBeNull();
  });
});
