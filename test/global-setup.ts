import { DataSource } from 'typeorm';
import { beginTestRun } from './kafka-broker';

/**
 * Before any suite: PostgreSQL must answer (it is never faked). Kafka starts on first use
 * (test/kafka-broker.ts).
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const ds = new DataSource({ type: 'postgres', url, connectTimeoutMS: 5000 });
  try {
    await ds.initialize();
    await ds.destroy();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(error as Error).message}. Start it (see README) or set TEST_POSTGRES_URL.`);
  }
  beginTestRun();
}
