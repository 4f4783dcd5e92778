import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const run = promisify(execFile);
const script = join(__dirname, '..', '..', 'deploy', 'kafka-local', 'kafka.sh');

/** A record as an outside client reads it off a topic. */
export interface TopicRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a plain kafkajs consumer (a new group, as an outside
 * client would) until `count` records arrived, then `settleMs` longer to catch any extra one.
 */
export async function readTopic(brokers: string[], topic: string, count: number, options: { timeoutMs?: number; settleMs?: number } = {}): Promise<TopicRecord[]> {
  const kafka = new Kafka({ clientId: 'outside-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 250 });
  const received: TopicRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic}: only ${received.length} of ${count} records arrived`)), options.timeoutMs ?? 30_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push({
            partition,
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            value: message.value?.toString('utf8') ?? null,
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)])),
          });
          if (received.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 0));
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** Produces raw records as another organisation's client would: any text, JSON or not. */
export async function produceRaw(brokers: string[], topic: string, records: { key: string | null; value: string | null; headers?: Record<string, string> }[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'outside-producer', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
  } finally {
    await producer.disconnect();
  }
}

/** A record as `kcat -J` prints it. */
export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

/** Reads a whole topic with kcat (the Debian package), as an outside client: `kcat -C -b <broker> -t <topic> -e -J`. */
export async function kcatRead(broker: string, topic: string): Promise<KcatRecord[]> {
  const { stdout } = await run('kcat', ['-C', '-b', broker, '-t', topic, '-e', '-J', '-q'], { timeout: 30_000 });
  return stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as KcatRecord);
}

/**
 * A Kafka broker of a test's own (deploy/kafka-local with its own KAFKA_LOCAL_HOME and ports), for
 * tests that stop and restart it without disturbing the run's shared broker.
 */
export class SeparateKafkaBroker {
  private constructor(
    readonly home: string,
    readonly port: number,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  static async start(): Promise<SeparateKafkaBroker> {
    const broker = new SeparateKafkaBroker(mkdtempSync(join(tmpdir(), 'safeguard-kafka-')), await freePortPair());
    await broker.script('start', String(broker.port));
    return broker;
  }

  /** Stops the broker (a controlled shutdown); its data stays. */
  stop(): Promise<void> {
    return this.script('stop');
  }

  /** Starts it again on the same data and port. */
  async startAgain(): Promise<void> {
    await this.script('start', '--keep-data');
  }

  async remove(): Promise<void> {
    await this.script('stop').catch(() => undefined);
    rmSync(this.home, { recursive: true, force: true });
  }

  private async script(...args: string[]): Promise<void> {
    await run(script, args, { env: { ...process.env, KAFKA_LOCAL_HOME: this.home }, timeout: 180_000 });
  }
}

/** A free port whose successor (the controller's) is free too. */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await listenOnce(0);
    if (port < 65000 && (await listenOnce(port + 1).then(() => true, () => false))) return port;
  }
  throw new Error('No two free consecutive ports for a Kafka broker');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}
