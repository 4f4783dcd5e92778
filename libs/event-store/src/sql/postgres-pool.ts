import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/**
 * A connection above the pool's minimum is closed after this long unused (pg's default is 10 s).
 * Ten seconds of quiet between bursts closed the connections the next burst then opened again, each
 * a new PostgreSQL backend paying for its first statements while the requests waited.
 */
export const POOL_IDLE_TIMEOUT_MS = 60_000;

/** After this long with nothing on it, a connection's socket sends TCP keepalives (a firewall or NAT must not drop it unseen). */
export const KEEPALIVE_DELAY_MS = 30_000;

/**
 * The pg pool options of a pool that keeps `min` connections open while they work (TypeORM's `extra`).
 * pg-pool does not open connections to reach `min`: those it closes on an error are opened again on
 * demand, unprimed. Kept-open sockets may idle for hours, so they send TCP keepalives.
 */
export function keptOpen(min: number): { min: number; idleTimeoutMillis: number; keepAlive: true; keepAliveInitialDelayMillis: number } {
  return { min, idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS, keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS };
}

/** The pg pool under a TypeORM DataSource of type `postgres`. */
export function poolOf(dataSource: DataSource): Pool {
  if (dataSource.options.type !== 'postgres') throw new TypeError('poolOf needs a postgres DataSource');
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Opens `count` connections of `pool` at once (at most the pool's size: more would wait on each
 * other forever), runs `prime` on each (statements whose plans the connection should hold before load
 * comes), and gives them back to the pool, which keeps them while its `min` allows. Any failure closes
 * every connection it opened and is thrown: a database that cannot take them now will not take the
 * load either.
 */
export async function openConnections(pool: Pool, count: number, prime?: (client: PoolClient) => Promise<void>): Promise<void> {
  const size = (pool.options as { max?: number }).max ?? count;
  const opened = await Promise.allSettled(Array.from({ length: Math.min(count, size) }, () => pool.connect()));
  const clients = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const primed = await Promise.allSettled(clients.map((client) => (prime ? prime(client) : Promise.resolve())));
  const failure = [...opened, ...primed].find((result): result is PromiseRejectedResult => result.status === 'rejected');
  for (const client of clients) client.release(failure ? (failure.reason as Error) : undefined);
  if (failure) throw failure.reason;
}
