/**
 * Feed latency: from the commit of an append that carries an outbox message to the message on the
 * Kafka topic, as a plain kafkajs consumer (an outside client) receives it. DESIGN.md target:
 * p99 ≤ 250 ms.
 *
 *   npm run bench:feed                         # SQLite and PostgreSQL, about a minute
 *   npm run bench:feed -- --messages 1000 --rate 100 --only postgres
 *
 * Three paths, each measured in the same run:
 * - "raw, in process": an append with an outbox message, the relay in the same process (an
 *   append wakes it at once): the baseline.
 * - "raw, other process": the relay has its own connection (the projector of the distributed
 *   deployment) and finds messages by polling every OUTBOX_RELAY_POLL_MS (default 100 ms).
 * - "platform": the real dissemination path. The whole platform (HTTP, auth, the stream
 *   executor, the police feed mapper, the outbox, the relay) with an intelligence officer posting
 *   `POST /intelligence/{id}/dissemination` for items already graded and sanitised. Latency is
 *   measured from the request (an upper bound: it includes deciding) and from the response (a
 *   lower bound: the commit came just before it); the commit lies between the two.
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
import { bearer } from '@app/auth-testing';
import { beginTestRun, endTestRun, kafkaBrokers } from '../test/kafka-broker';
import { startPlatform } from '../test/support/platform-app';
import { printTable, runBench } from './table';

type Backend = 'sqlite' | 'postgres';
type Placement = 'in process' | 'other process';
type Path = 'raw, in process' | 'raw, other process' | 'platform';

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

/**
 * A plain kafkajs consumer (an outside client) timing each message against when it was sent. A
 * message may arrive before its sender has noted the time it was sent (the platform's relay can
 * publish, and this process receive, before the HTTP answer that caused it is read), so arrivals are
 * kept by id and joined with the sending times at the end.
 */
async function outsideReader(brokers: string[], topic: string, expected: number) {
  const kafka = new Kafka({ clientId: 'bench-outside-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  /** When each message's commit happened (or the bounds around it), by message id or item id, in sending order. */
  const sentAt = new Map<string, number[]>();
  /** When each message arrived, by its message id and by its key. */
  const arrivedAt = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  const arrivedCount = () => [...sentAt.keys()].filter((sent) => arrivedAt.has(sent)).length;
  let reported = 0;
  await consumer.run({
    eachMessage: async ({ message }) => {
      const now = performance.now();
      const id = message.headers?.['message-id']?.toString();
      const key = message.key?.toString();
      if (id !== undefined && !arrivedAt.has(id)) arrivedAt.set(id, now);
      if (key !== undefined && !arrivedAt.has(key)) arrivedAt.set(key, now);
      const arrived = arrivedCount();
      if (arrived >= reported + 100) process.stderr.write(`  ${(reported = arrived)}/${expected} on the topic\r`);
    },
  });
  await joined;
  return {
    sentAt,
    /** Latencies from each sending time, in sending order, once every one of the `expected` messages has arrived. */
    async done(): Promise<number[][]> {
      const deadline = Date.now() + 60_000;
      while (sentAt.size < expected || arrivedCount() < expected) {
        if (Date.now() > deadline) throw new Error(`only ${arrivedCount()} of ${expected} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await consumer.disconnect();
      return [...sentAt].map(([sent, times]) => times.map((t) => arrivedAt.get(sent)! - t));
    },
  };
}

async function paced(count: number, step: (i: number) => Promise<void>): Promise<void> {
  const interval = 1000 / RATE;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await step(i);
  }
}

async function runRaw(brokers: string[], backend: Backend, placement: Placement): Promise<number[][]> {
  const stores = await openStores(backend, placement);
  const topic = `bench-feed-${randomUUID()}`;
  const reader = await outsideReader(brokers, topic, MESSAGES);
  const bus = new KafkaMessageBus({ brokers, clientId: 'bench-relay', logLevel: logLevel.NOTHING });
  const relay = new OutboxRelay(new SqlOutboxSource(stores.relay), bus, undefined, { pollIntervalMs: POLL_MS });
  relay.start();
  // Warm up: topic metadata and the producer's connection.
  await bus.publish([{ id: randomUUID(), topic, key: 'warm-up', type: 'bench.v1', payload: {} }]);
  await paced(MESSAGES, async (i) => {
    const id = randomUUID();
    const item = `item-${i % 20}`;
    await stores.writer.append(`feed-${item}`, [{ type: 'ItemDisseminated', data: { item, i }, metadata: { actor: { userId: 'bench', agencyId: 'bench' } } }], {
      outbox: [{ id, topic, key: item, type: 'bench.v1', payload: { item, i } }],
    });
    reader.sentAt.set(id, [performance.now()]);
  });
  const latencies = await reader.done();
  await relay.stop();
  await bus.close();
  await stores.close();
  return latencies;
}

/** The real path: the platform disseminating graded, sanitised items over HTTP. */
async function runPlatform(brokers: string[], backend: Backend): Promise<number[][]> {
  const topic = `bench-police-feed-${randomUUID()}`;
  const platform = await startPlatform(backend, {
    KAFKA_BROKERS: brokers.join(','),
    POLICE_FEED_TOPIC: topic,
    POLICE_ACKNOWLEDGEMENTS_TOPIC: `${topic}.acknowledgements`,
    OUTBOX_RELAY_POLL_MS: String(POLL_MS),
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  try {
    await platform.app.listen(0, '127.0.0.1');
    const base = (await platform.app.getUrl()).replace('[::1]', '127.0.0.1');
    const partner = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
    const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });
    const post = async (path: string, headers: Record<string, string>, body: object) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { itemId: string };
    };
    const items: string[] = [];
    for (let i = 0; i < MESSAGES + 1; i++) {
      const { itemId } = await post('/intelligence', partner, {
        information: `Bench item ${i}: a man is seen collecting a girl from the park.`,
        subjects: [{ kind: 'location', text: 'Riverside Park' }],
        knownAt: '2026-11-27',
        howKnown: 'seen-or-heard',
        source: { name: 'Bench Source' },
      });
      await post(`/intelligence/${itemId}/grading`, officer, { source: 2, assessment: 'B', handling: 'P' });
      await post(`/intelligence/${itemId}/sanitisation`, officer, { text: `Item ${i}: a man is seen collecting a girl from the park.` });
      items.push(itemId);
      if ((i + 1) % 100 === 0) process.stderr.write(`  ${i + 1}/${MESSAGES + 1} items graded and sanitised\r`);
    }
    const reader = await outsideReader(brokers, topic, MESSAGES + 1);
    // Warm up the relay's producer with the first item, timed like the rest but left out.
    const warmUp = items.shift()!;
    reader.sentAt.set(warmUp, [performance.now(), performance.now()]);
    await post(`/intelligence/${warmUp}/dissemination`, officer, {});
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await paced(MESSAGES, async (i) => {
      const requested = performance.now();
      await post(`/intelligence/${items[i]}/dissemination`, officer, {});
      reader.sentAt.set(items[i], [requested, performance.now()]);
    });
    return (await reader.done()).slice(1);
  } finally {
    await platform.close();
  }
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
      let baselineP99 = NaN;
      for (const path of ['raw, in process', 'raw, other process', 'platform'] as Path[]) {
        process.stderr.write(`feed latency: ${backend}, ${path}: ${MESSAGES} messages at ${RATE}/s ...\n`);
        const measured = path === 'platform' ? await runPlatform(brokers, backend) : await runRaw(brokers, backend, path === 'raw, in process' ? 'in process' : 'other process');
        // Each bound sorted on its own: [from the request or append, from the response].
        for (const [bound, label] of (path === 'platform' ? [[0, 'from request'], [1, 'from response']] : [[0, 'from commit']]) as [number, string][]) {
          const sorted = measured.map((m) => m[bound]).sort((a, b) => a - b);
          const p99 = percentile(sorted, 99);
          if (path === 'raw, in process') baselineP99 = p99;
          rows.push([
            backend,
            `${path} (${label})`,
            String(sorted.length),
            percentile(sorted, 50).toFixed(1),
            percentile(sorted, 95).toFixed(1),
            p99.toFixed(1),
            sorted[sorted.length - 1].toFixed(1),
            `${(p99 / baselineP99).toFixed(2)}x`,
            p99 <= 250 ? 'met' : 'MISSED',
          ]);
        }
      }
    }
  } finally {
    endTestRun();
  }
  const header = ['store', 'path', 'messages', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 vs raw in process', 'p99 ≤ 250 ms'];
  printTable(`Commit to message on the topic (Kafka ${brokers.join(',')}, relay poll ${POLL_MS} ms, ${RATE} appends/s)`, header, rows);
}

runBench(main);
