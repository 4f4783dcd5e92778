/**
 * Feed latency: from the commit of an append that carries an outbox message to the message on the
 * Kafka topic, as a plain kafkajs consumer (an outside client) receives it. DESIGN.md target:
 * p99 ≤ 250 ms.
 *
 *   npm run bench:feed                         # SQLite and PostgreSQL, about a minute
 *   npm run bench:feed -- --messages 1000 --rate 100 --only postgres
 *
 * Two placements of the relay, each against its own store connection:
 * - "in process": the relay runs where the appends happen (the embedded platform); an append
 *   wakes it at once.
 * - "other process": the relay has its own connection (the projector of the distributed
 *   deployment) and finds messages by polling every OUTBOX_RELAY_POLL_MS (default 100 ms).
 *
 * Flags (environment variable in brackets):
 *   --messages N   messages per run [BENCH_MESSAGES], default 400
 *   --rate N       appends per second [BENCH_RATE], default 50
 *   --poll N       the relay's poll interval in ms [OUTBOX_RELAY_POLL_MS], default 100 (as the apps)
 *   --only NAME    postgres | sqlite [BENCH_ONLY]
 *
 * Kafka: KAFKA_BROKERS, or a local broker from deploy/kafka-local (stopped again at the end).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { EventStore, OutboxStore, PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { KafkaMessageBus, OutboxRelay, SqlOutboxSource } from '@app/messaging';
import { beginTestRun, endTestRun, kafkaBrokers } from '../test/kafka-broker';

type Backend = 'sqlite' | 'postgres';
type Placement = 'in process' | 'other process';

function option(name: string, env: string | undefined, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : env;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name} must be a positive number, not ${raw}`);
  return n;
}

const MESSAGES = Math.round(option('messages', process.env.BENCH_MESSAGES, 400));
const RATE = option('rate', process.env.BENCH_RATE, 50);
const POLL_MS = Math.round(option('poll', process.env.OUTBOX_RELAY_POLL_MS, 100));
const onlyIndex = process.argv.indexOf('--only');
const ONLY = (onlyIndex >= 0 ? process.argv[onlyIndex + 1] : process.env.BENCH_ONLY) as Backend | undefined;

interface Stores {
  writer: EventStore;
  relay: EventStore & OutboxStore;
  close(): Promise<void>;
}

/** The writer's store, and the relay's: the same one, or a second connection to the same database. */
async function openStores(backend: Backend, placement: Placement): Promise<Stores> {
  if (backend === 'sqlite') {
    const db = scratchSqlite();
    const writer = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    const relay = placement === 'in process' ? writer : await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    return { writer, relay, close: async () => (relay !== writer && (await relay.close()), await writer.close(), await db.drop()) };
  }
  const db = await scratchPostgres();
  const writer = await PostgresEventStore.create({ dataSource: await db.dataSource(), schema: db.schema });
  const relay = placement === 'in process' ? writer : await PostgresEventStore.create({ dataSource: await db.dataSource(), schema: db.schema });
  return { writer, relay, close: async () => (relay !== writer && (await relay.close()), await writer.close(), await db.drop()) };
}

async function run(brokers: string[], backend: Backend, placement: Placement): Promise<number[]> {
  const stores = await openStores(backend, placement);
  const topic = `bench-feed-${randomUUID()}`;
  const kafka = new Kafka({ clientId: 'bench-outside-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();

  const committed = new Map<string, number>();
  const latencies: number[] = [];
  let allArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (allArrived = resolve));
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const now = performance.now();
      const id = message.headers?.['message-id']?.toString();
      const at = id ? committed.get(id) : undefined;
      if (at !== undefined) latencies.push(now - at);
      if (latencies.length === MESSAGES) allArrived();
    },
  });
  await joined;

  const bus = new KafkaMessageBus({ brokers, clientId: 'bench-relay', logLevel: logLevel.NOTHING });
  const relay = new OutboxRelay(new SqlOutboxSource(stores.relay), bus, undefined, { pollIntervalMs: POLL_MS });
  relay.start();
  // Warm up: topic metadata and the producer's connection.
  await bus.publish([{ id: randomUUID(), topic, key: 'warm-up', type: 'bench.v1', payload: {} }]);

  const interval = 1000 / RATE;
  const started = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = randomUUID();
    const item = `item-${i % 20}`;
    await stores.writer.append(`feed-${item}`, [{ type: 'ItemDisseminated', data: { item, i }, metadata: { actor: { userId: 'bench', agencyId: 'bench' } } }], {
      outbox: [{ id, topic, key: item, type: 'bench.v1', payload: { item, i } }],
    });
    committed.set(id, performance.now());
  }
  await Promise.race([arrived, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${latencies.length} of ${MESSAGES} arrived`)), 60_000))]);
  await relay.stop();
  await bus.close();
  await consumer.disconnect();
  await stores.close();
  return latencies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  beginTestRun();
  const brokers = kafkaBrokers();
  const rows: string[][] = [];
  try {
    for (const backend of (['sqlite', 'postgres'] as Backend[]).filter((b) => !ONLY || b === ONLY)) {
      for (const placement of ['in process', 'other process'] as Placement[]) {
        process.stderr.write(`feed latency: ${backend}, relay ${placement}: ${MESSAGES} messages at ${RATE}/s ...\n`);
        const sorted = (await run(brokers, backend, placement)).sort((a, b) => a - b);
        const p99 = percentile(sorted, 99);
        rows.push([
          backend,
          placement,
          String(sorted.length),
          percentile(sorted, 50).toFixed(1),
          percentile(sorted, 95).toFixed(1),
          p99.toFixed(1),
          sorted[sorted.length - 1].toFixed(1),
          p99 <= 250 ? 'met' : 'MISSED',
        ]);
      }
    }
  } finally {
    endTestRun();
  }
  const header = ['store', 'relay', 'messages', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 ≤ 250 ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`Commit to message on the topic (Kafka ${brokers.join(',')}, relay poll ${POLL_MS} ms, ${RATE} appends/s)`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  },
);
