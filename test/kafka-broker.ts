import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(__dirname, '..', 'deploy', 'kafka-local');
const script = join(folder, 'kafka.sh');
const marker = join(folder, 'run', 'started-by');

/** Called once per jest run (global setup): names the run, so only it stops what it started. */
export function beginTestRun(): void {
  process.env.SAFEGUARD_TEST_RUN ??= randomUUID();
}

/**
 * The Kafka a suite talks to: KAFKA_BROKERS when given, otherwise a real single-node broker
 * started from deploy/kafka-local (Maven Central jars) on first use and shared by the run.
 * Suites that need Kafka call this in beforeAll; the others never pay for a broker.
 */
export function kafkaBrokers(): string[] {
  if (!process.env.KAFKA_BROKERS) {
    const started = Date.now();
    const out = execFileSync(script, ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 180_000 });
    const brokers = /KAFKA_BROKERS=(\S+)/.exec(out)?.[1];
    if (!brokers) throw new Error(`deploy/kafka-local did not report a broker:\n${out}`);
    if (!existsSync(marker)) {
      writeFileSync(marker, process.env.SAFEGUARD_TEST_RUN ?? 'unknown');
      process.stderr.write(`Kafka: started a local broker at ${brokers} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
    process.env.KAFKA_BROKERS = brokers;
  }
  return process.env.KAFKA_BROKERS.split(',');
}

/** Global teardown: stops the broker if this run started it. */
export function endTestRun(): void {
  if (existsSync(marker) && readFileSync(marker, 'utf8') === process.env.SAFEGUARD_TEST_RUN) {
    execFileSync(script, ['stop'], { stdio: 'inherit', timeout: 30_000 });
  }
}
