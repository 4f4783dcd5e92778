import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { scratchSqlite, TEST_POSTGRES_URL } from '@app/event-store-testing';
import { databaseUnavailable } from './database-unavailable.filter';

/** The errors the real drivers raise: those meaning the database cannot be reached, and those that do not. */
describe('which database errors mean "unavailable" (503)', () => {
  async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
    try {
      await work();
    } catch (error) {
      return error;
    }
    throw new Error('expected an error');
  }

  it('a PostgreSQL server that refuses connections, and one that ends the session', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = new URL(TEST_POSTGRES_URL);
    url.host = `127.0.0.1:${port}`;
    expect(databaseUnavailable(await errorOf(() => new DataSource({ type: 'postgres', url: url.toString() }).initialize()))).toBe('ECONNREFUSED');

    const ds = await new DataSource({ type: 'postgres', url: TEST_POSTGRES_URL, extra: { max: 1 } }).initialize();
    try {
      // A fault in the request is not an outage.
      expect(databaseUnavailable(await errorOf(() => ds.query('SELECT 1/0')))).toBeUndefined();
      expect(databaseUnavailable(await errorOf(() => ds.query('SELECT * FROM no_such_table_here')))).toBeUndefined();
      // The session ends itself, as an administrator would end it: 57P01, wrapped by TypeORM.
      expect(databaseUnavailable(await errorOf(() => ds.query('SELECT pg_terminate_backend(pg_backend_pid())')))).toMatch(/^(57P01|connection lost)$/);
    } finally {
      await ds.destroy();
    }
  });

  it('a SQLite database locked by another writer past the busy timeout', async () => {
    const db = scratchSqlite();
    const holder = await db.dataSource('busy.sqlite');
    const other = await db.dataSource('busy.sqlite', { timeout: 1 } as object);
    try {
      await holder.query('CREATE TABLE t (x INTEGER)');
      await holder.query('BEGIN IMMEDIATE');
      expect(databaseUnavailable(await errorOf(() => other.query('INSERT INTO t VALUES (1)')))).toMatch(/^SQLITE_BUSY/);
      await holder.query('ROLLBACK');
    } finally {
      await other.destroy();
      await holder.destroy();
      await db.drop();
    }
  });

  it('nothing else: plain errors and unknown values', () => {
    expect(databaseUnavailable(new Error('boom'))).toBeUndefined();
    expect(databaseUnavailable(undefined)).toBeUndefined();
    expect(databaseUnavailable('ECONNREFUSED')).toBeUndefined();
  });
});
