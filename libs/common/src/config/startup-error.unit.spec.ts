import { describeStartupError } from './startup-error';

/** What an operator reads when a dependency is not there at start-up (issue 13: a raw ECONNREFUSED named no setting). */
describe('describeStartupError', () => {
  const refused = (port: number, address = '127.0.0.1') => Object.assign(new Error(`connect ECONNREFUSED ${address}:${port}`), { code: 'ECONNREFUSED', address, port });
  const settings = {
    EVENT_STORE_POSTGRES_URL: 'postgres://safeguard:s3cret@db.internal:5433/events',
    READ_MODEL_POSTGRES_URL: 'postgres://safeguard:s3cret@db.internal/read',
    KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
  };

  it('names the setting whose address refused, and never its password', () => {
    const text = describeStartupError(refused(5433), settings);
    expect(text).toBe("Cannot reach the event store's PostgreSQL at 127.0.0.1:5433 (ECONNREFUSED: nothing is listening there): check EVENT_STORE_POSTGRES_URL (see .env.example)");
    expect(describeStartupError(refused(5432), settings)).toContain('check READ_MODEL_POSTGRES_URL');
    expect(describeStartupError(refused(9092), settings)).toContain('Cannot reach Kafka');
    expect(describeStartupError(refused(5433), settings)).not.toContain('s3cret');
  });

  it('names every PostgreSQL setting for a refused password, which carries no address', () => {
    const error = Object.assign(new Error('password authentication failed for user "safeguard"'), { code: '28P01' });
    expect(describeStartupError(error, settings)).toBe(
      "Cannot reach the event store's PostgreSQL or the read models' PostgreSQL (28P01: the password was refused): check EVENT_STORE_POSTGRES_URL / READ_MODEL_POSTGRES_URL (see .env.example)",
    );
  });

  it('reads the first of several addresses tried, and leaves other errors as they are', () => {
    const both = Object.assign(new AggregateError([refused(5433, '::1'), refused(5433)], ''), { code: 'ECONNREFUSED' });
    expect(describeStartupError(both, settings)).toContain('at ::1:5433');
    expect(describeStartupError(new Error('PERSONAL_DATA_MASTER_KEY does not open the stored keys'), settings)).toBe('PERSONAL_DATA_MASTER_KEY does not open the stored keys');
  });
});
