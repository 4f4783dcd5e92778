import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { TEST_POSTGRES_URL, scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { MasterKeyMismatchError, SubjectKeyStore, openProtectedEventStore } from '@app/event-store';

interface KeyDatabase {
  /** A connection of its own, as a process that starts has; closed by `close()`. */
  connect(): Promise<{ dataSource: DataSource; schema?: string }>;
  close(): Promise<void>;
}

const databases: Record<'sqlite' | 'postgres', () => Promise<KeyDatabase>> = {
  async sqlite() {
    const db = scratchSqlite();
    const open: DataSource[] = [];
    return {
      connect: async () => {
        const dataSource = await db.dataSource('keys.sqlite', { enableWAL: true });
        open.push(dataSource);
        return { dataSource };
      },
      close: async () => (await Promise.all(open.map((s) => s.destroy())), await db.drop()),
    };
  },
  async postgres() {
    const db = await scratchPostgres();
    const open: DataSource[] = [];
    return {
      connect: async () => {
        const dataSource = await db.dataSource();
        open.push(dataSource);
        return { dataSource, schema: db.schema };
      },
      close: async () => (await Promise.all(open.map((s) => s.destroy())), await db.drop()),
    };
  },
};

const refusal = (error: unknown, ...keys: Buffer[]) => {
  expect(error).toBeInstanceOf(MasterKeyMismatchError);
  const message = (error as Error).message;
  expect(message).toContain('PERSONAL_DATA_MASTER_KEY');
  // Never the key itself, in any form an operator might paste it.
  for (const key of keys) {
    expect(message).not.toContain(key.toString('base64'));
    expect(message).not.toContain(key.toString('hex'));
  }
};

const opening = (db: KeyDatabase, key: Buffer) => db.connect().then(({ dataSource, schema }) => SubjectKeyStore.open(dataSource, key, schema));

describe.each(['sqlite', 'postgres'] as const)('the personal data master key checked when the key store opens (%s)', (database) => {
  let db: KeyDatabase;
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  beforeEach(async () => {
    db = await databases[database]();
  });
  afterEach(async () => {
    await db.close();
  });

  it('refuses a process with another key, naming the setting, and still opens with the first key', async () => {
    const first = await opening(db, keyA);
    const before = await first.keysFor(['child:1'], true);

    const error = await opening(db, keyB).catch((e: unknown) => e);
    refusal(error, keyA, keyB);

    // The refused process wrote nothing: with key A every subject reads as before.
    const again = await opening(db, keyA);
    expect((await again.keysFor(['child:1'], false)).get('child:1')).toEqual(before.get('child:1'));
  });

  it('refuses another key on an empty store too: the first process’s check value decides', async () => {
    await opening(db, keyA);
    refusal(await opening(db, keyB).catch((e: unknown) => e), keyA, keyB);
  });

  it('gives a store from before the check a check value at first open, from a key that opens its keys', async () => {
    const { dataSource, schema } = await db.connect();
    const old = await SubjectKeyStore.open(dataSource, keyA, schema);
    const made = await old.keysFor(['child:2', 'poi:3'], true);
    // As the store was before the check existed: subjects' keys, no check value.
    await dataSource.query(`DROP TABLE ${schema ? `"${schema}".` : ''}pd_master_key_check`);

    // A wrong key cannot claim it: it does not open the stored subjects' keys.
    refusal(await opening(db, keyB).catch((e: unknown) => e), keyA, keyB);
    const upgraded = await opening(db, keyA);
    expect(await upgraded.keysFor(['child:2', 'poi:3'], false)).toEqual(made);
    // From now on the check value decides.
    refusal(await opening(db, keyB).catch((e: unknown) => e), keyA, keyB);
  });
});

describe('the embedded default: master keys from files under the data folder (sqlite)', () => {
  it('refuses to open the event store with another key file, and opens it again with the first', async () => {
    const db = scratchSqlite();
    const settings = {
      EVENT_STORE_ADAPTER: 'sqlite' as const,
      EVENT_STORE_SQLITE_PATH: db.path('events.sqlite'),
      EVENT_STORE_POSTGRES_SCHEMA: 'public',
      EVENT_STORE_POSTGRES_POOL_SIZE: 5,
    };
    try {
      const first = await openProtectedEventStore({ ...settings, PERSONAL_DATA_MASTER_KEY_FILE: db.path('master-a.key') });
      await first.close();

      // Another process whose key file is another (generated on its first start).
      const error = await openProtectedEventStore({ ...settings, PERSONAL_DATA_MASTER_KEY_FILE: db.path('master-b.key') }).catch((e: unknown) => e);
      const fileKeys = ['master-a.key', 'master-b.key'].map((f) => Buffer.from(readFileSync(db.path(f), 'utf8').trim(), 'base64'));
      refusal(error, ...fileKeys);
      expect((error as Error).message).toContain('PERSONAL_DATA_MASTER_KEY_FILE');

      const again = await openProtectedEventStore({ ...settings, PERSONAL_DATA_MASTER_KEY_FILE: db.path('master-a.key') });
      await again.close();
    } finally {
      await db.drop();
    }
  });
});

describe('a process refused for its master key on PostgreSQL', () => {
  it('closes every connection it opened (the event store’s kept-open ones and the keys’) before it says so', async () => {
    const db = await scratchPostgres();
    // A name of this test's own: the connections it opens are told apart from every other test's.
    const application = `refused-${randomBytes(4).toString('hex')}`;
    const settings = {
      EVENT_STORE_ADAPTER: 'postgres' as const,
      EVENT_STORE_SQLITE_PATH: ':memory:',
      EVENT_STORE_POSTGRES_URL: `${TEST_POSTGRES_URL}?application_name=${application}`,
      EVENT_STORE_POSTGRES_SCHEMA: db.schema,
      EVENT_STORE_POSTGRES_POOL_SIZE: 5,
      EVENT_STORE_POSTGRES_POOL_MIN: 2,
    };
    const watcher = await db.dataSource();
    const backends = async () =>
      Number((await watcher.query('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [application]))[0].n);
    try {
      const first = await openProtectedEventStore({ ...settings, PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64') });
      expect(await backends()).toBeGreaterThanOrEqual(2);
      await first.close();

      const error = await openProtectedEventStore({ ...settings, PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MasterKeyMismatchError);
      // A closed backend may linger a moment in pg_stat_activity.
      const deadline = Date.now() + 5_000;
      let left = await backends();
      while (left > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        left = await backends();
      }
      expect(left).toBe(0);
    } finally {
      await watcher.destroy();
      await db.drop();
    }
  });
});
