import { DataSource } from 'typeorm';

/**
 * SQLite through better-sqlite3 is one connection per DataSource: two async transactions on it
 * would interleave their statements. Writers to a SQLite read-model database take this lock;
 * PostgreSQL has a pool and real transactions, so it needs none.
 */
const tails = new WeakMap<DataSource, Promise<unknown>>();

export function withWriteLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'postgres') return work();
  const previous = tails.get(dataSource) ?? Promise.resolve();
  const next = previous.then(work, work);
  tails.set(dataSource, next.catch(() => undefined));
  return next;
}
