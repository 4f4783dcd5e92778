import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { CheckpointerProblem, FALLBACK_PAGES, SqliteEventStore, checkpointOffTheEventLoop, checkpointThread, onCheckpointerProblem } from '@app/event-store';
import { scratchSqlite } from '@app/event-store-testing';

/**
 * SQLite's WAL checkpoints (a copy of the log into the database file and two fsyncs) run on a
 * thread of their own, not inside a COMMIT on the event loop, where every request waited for them.
 */
describe('SQLite WAL checkpoints off the event loop', () => {
  let db: ReturnType<typeof scratchSqlite>;
  const connection = (dataSource: DataSource) => (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  const autocheckpoint = (conn: Database) => conn.pragma('wal_autocheckpoint', { simple: true });
  // About 2 KB of data an event: a few pages an append, far fewer than SQLite's own 1,000-page checkpoint.
  const event = (n: number) => ({ id: randomUUID(), type: 'ReferralReceived', data: { n, narrative: 'x'.repeat(2000) }, metadata: { actor: { userId: 'u-1', agencyId: 'a-1' } } });

  beforeEach(() => {
    db = scratchSqlite();
  });

  afterEach(async () => {
    await db.drop();
  });

  it('closes stores released at the same moment: each release is answered, and the thread ends after the last', async () => {
    // A release answered while another store's answer was still awaited ended the thread, and that
    // answer never came (a race read in the code after a CI run hung closing two platforms at once;
    // this test does not make it happen on the old code, whose releases here answer in one batch).
    const stores = await Promise.all(['a.sqlite', 'b.sqlite', 'c.sqlite'].map(async (file) => SqliteEventStore.create({ dataSource: await db.dataSource(file) })));
    expect(checkpointThread()).toBeDefined();
    const closed = Promise.all(stores.map((store) => store.close())).then(() => 'closed');
    expect(await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000))])).toBe('closed');
    expect(checkpointThread()).toBeUndefined();
  });

  it('copies a store’s log into its database file on the thread, with no commit doing it', async () => {
    const dataSource = await db.dataSource('events.sqlite');
    const store = await SqliteEventStore.create({ dataSource });
    try {
      // The connection checkpoints by itself only if the thread falls far behind.
      expect(autocheckpoint(connection(dataSource))).toBe(FALLBACK_PAGES);
      const before = statSync(db.path('events.sqlite')).size;
      for (let i = 0; i < 60; i++) await store.append(`case-${i}`, [event(i)], { expectedRevision: 'no-stream' });
      // Only a checkpoint writes the database file; these commits wrote a few hundred pages of log.
      const until = Date.now() + 5000;
      while (statSync(db.path('events.sqlite')).size <= before && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(statSync(db.path('events.sqlite')).size).toBeGreaterThan(before + 60 * 2000);
    } finally {
      await store.close();
    }
    // The last connection released: no thread is left running.
    expect(checkpointThread()).toBeUndefined();
  });

  it('keeps every event, in order, through appends racing the thread’s checkpoints', async () => {
    const store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    const count = 1500;
    try {
      for (let from = 0; from < count; from += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(`case-${(from + i) % 37}`, [event(from + i)])));
      }
    } finally {
      await store.close();
    }
    const reopened = await db.dataSource('events.sqlite');
    const again = await SqliteEventStore.create({ dataSource: reopened });
    try {
      expect(connection(reopened).pragma('integrity_check', { simple: true })).toBe('ok');
      const all = [];
      for (let page = await again.readAll({ limit: 500 }); page.length > 0; page = await again.readAll({ after: page[page.length - 1].position, limit: 500 })) all.push(...page);
      expect(all).toHaveLength(count);
      expect(new Set(all.map((e) => e.data.n)).size).toBe(count);
      // Each stream's revisions run 0, 1, 2... with none missing.
      for (let s = 0; s < 37; s++) expect((await again.readStream(`case-${s}`)).map((e) => e.revision)).toEqual(Array.from({ length: Math.ceil((count - s) / 37) }, (_, r) => r));
    } finally {
      await again.close();
    }
  });

  it('never holds a process open: one that opens a store and ends without closing it ends', async () => {
    const script = join(db.dir, 'open-and-leave.ts');
    writeFileSync(
      script,
      `const { SqliteEventStore } = require(${JSON.stringify(join(__dirname, '..'))});
       const { DataSource } = require(${JSON.stringify(require.resolve('typeorm'))});
       (async () => {
         const dataSource = await new DataSource({ type: 'better-sqlite3', database: ${JSON.stringify(db.path('left.sqlite'))} }).initialize();
         const store = await SqliteEventStore.create({ dataSource });
         await store.append('s', [{ id: '${randomUUID()}', type: 'Noted', data: {}, metadata: { actor: { userId: 'u', agencyId: 'a' } } }]);
         console.log('appended');
       })();`,
    );
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', script], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
    // Opening the store waited for the thread (it printed), and the process then ended by itself.
    expect(run.stdout.trim()).toBe('appended');
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
  }, 70_000);

  it('gives connections their own checkpoints back when the thread stops, and says so; a new store starts another', async () => {
    const dataSource = await db.dataSource('events.sqlite');
    const store = await SqliteEventStore.create({ dataSource });
    // A second connection of this process to the same file, adopted too.
    const second = await db.dataSource('events.sqlite');
    const releaseSecond = await checkpointOffTheEventLoop(connection(second));
    expect(autocheckpoint(connection(second))).toBe(FALLBACK_PAGES);
    const problems: CheckpointerProblem[] = [];
    const unsubscribe = onCheckpointerProblem((problem) => problems.push(problem));
    try {
      const thread = checkpointThread()!;
      expect(thread).toBeDefined();
      await thread.terminate();
      await new Promise((resolve) => setImmediate(resolve));
      expect(autocheckpoint(connection(dataSource))).toBe(1000);
      expect(autocheckpoint(connection(second))).toBe(1000);
      expect(problems).toEqual([{ kind: 'stopped', message: expect.stringContaining('exited') }]);

      const otherSource = await db.dataSource('other.sqlite');
      const other = await SqliteEventStore.create({ dataSource: otherSource });
      expect(checkpointThread()).toBeDefined();
      expect(autocheckpoint(connection(otherSource))).toBe(FALLBACK_PAGES);
      await other.close();
    } finally {
      unsubscribe();
      await releaseSecond();
      await second.destroy();
      await store.close();
    }
    expect(checkpointThread()).toBeUndefined();
  });
});
