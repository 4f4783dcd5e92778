import { endTestRun } from './kafka-broker';

export default async function globalTeardown(): Promise<void> {
  endTestRun();
}
