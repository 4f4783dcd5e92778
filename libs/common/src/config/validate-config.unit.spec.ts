import { HttpConfig } from './service.config';
import { loadConfig } from './validate-config';

describe('configuration validated at boot', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig(HttpConfig, {});
    expect(config).toMatchObject({
      EVENT_STORE_ADAPTER: 'sqlite',
      EVENT_STORE_SQLITE_PATH: './data/events.sqlite',
      READ_MODEL_DB: 'sqlite',
      PROJECTIONS_RUN: true,
      PORT: 3000,
      HOST: '127.0.0.1',
    });
  });

  it('converts numbers and booleans from the environment', () => {
    expect(loadConfig(HttpConfig, { PORT: '8080', PROJECTIONS_RUN: 'false', PROJECTIONS_POLL_MS: '50' })).toMatchObject({
      PORT: 8080,
      PROJECTIONS_RUN: false,
      PROJECTIONS_POLL_MS: 50,
    });
  });

  it('names every wrong setting at once, without echoing values', () => {
    const attempt = () =>
      loadConfig(HttpConfig, {
        EVENT_STORE_ADAPTER: 'postgres',
        EVENT_STORE_POSTGRES_URL: 'mysql://secret-password@host',
        READ_MODEL_DB: 'oracle',
        PORT: '99999',
      });
    expect(attempt).toThrow(/EVENT_STORE_POSTGRES_URL/);
    expect(attempt).toThrow(/READ_MODEL_DB/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).not.toThrow(/secret-password/);
  });

  it('asks for the connection settings of the adapter chosen', () => {
    expect(() => loadConfig(HttpConfig, { EVENT_STORE_ADAPTER: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
    expect(() => loadConfig(HttpConfig, { READ_MODEL_DB: 'postgres' })).toThrow(/READ_MODEL_POSTGRES_URL/);
    expect(() => loadConfig(HttpConfig, { EVENT_STORE_ADAPTER: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' })).not.toThrow();
  });

  it('keeps no more PostgreSQL connections open than the pool holds', () => {
    expect(loadConfig(HttpConfig, { EVENT_STORE_POSTGRES_POOL_SIZE: '4' })).toMatchObject({ EVENT_STORE_POSTGRES_POOL_SIZE: 4 });
    // Copied empty from .env.example: unset (the default), not 0.
    expect(loadConfig(HttpConfig, { EVENT_STORE_POSTGRES_POOL_MIN: '' }).EVENT_STORE_POSTGRES_POOL_MIN).toBeUndefined();
    expect(loadConfig(HttpConfig, { EVENT_STORE_POSTGRES_POOL_SIZE: '4', EVENT_STORE_POSTGRES_POOL_MIN: '4' })).toMatchObject({ EVENT_STORE_POSTGRES_POOL_MIN: 4 });
    expect(() => loadConfig(HttpConfig, { EVENT_STORE_POSTGRES_POOL_SIZE: '4', EVENT_STORE_POSTGRES_POOL_MIN: '5' })).toThrow(
      /EVENT_STORE_POSTGRES_POOL_MIN must not be above EVENT_STORE_POSTGRES_POOL_SIZE/,
    );
    expect(() => loadConfig(HttpConfig, { EVENT_STORE_POSTGRES_POOL_MIN: '-1' })).toThrow(/EVENT_STORE_POSTGRES_POOL_MIN/);
  });
});
