import { EventStoreSettings, eventStorePoolMin, keysPoolMin } from './event-store.module';

const postgres = (more: Partial<EventStoreSettings> = {}): EventStoreSettings => ({
  EVENT_STORE_ADAPTER: 'postgres',
  EVENT_STORE_SQLITE_PATH: './data/events.sqlite',
  EVENT_STORE_POSTGRES_URL: 'postgres://localhost/safeguard',
  EVENT_STORE_POSTGRES_SCHEMA: 'public',
  EVENT_STORE_POSTGRES_POOL_SIZE: 20,
  ...more,
});

describe('connections each process keeps open on PostgreSQL', () => {
  it('are two of the event store and one of the subject keys when nothing is set', () => {
    expect(eventStorePoolMin(postgres())).toBe(2);
    expect(keysPoolMin(postgres())).toBe(1);
  });

  it('leave room for the distributed deployment: its eight processes keep fewer than a quarter of PostgreSQL’s default 100 at rest', () => {
    const perProcess = eventStorePoolMin(postgres()) + keysPoolMin(postgres());
    expect(8 * perProcess).toBeLessThan(25);
  });

  it('follow EVENT_STORE_POSTGRES_POOL_MIN for the events, the keys keeping one at most', () => {
    expect(eventStorePoolMin(postgres({ EVENT_STORE_POSTGRES_POOL_MIN: 8 }))).toBe(8);
    expect(keysPoolMin(postgres({ EVENT_STORE_POSTGRES_POOL_MIN: 8 }))).toBe(1);
    expect(eventStorePoolMin(postgres({ EVENT_STORE_POSTGRES_POOL_MIN: 0 }))).toBe(0);
    expect(keysPoolMin(postgres({ EVENT_STORE_POSTGRES_POOL_MIN: 0 }))).toBe(0);
  });

  it('are no more than a pool smaller than the default holds', () => {
    expect(eventStorePoolMin(postgres({ EVENT_STORE_POSTGRES_POOL_SIZE: 1 }))).toBe(1);
  });
});
