import { Admin, Consumer, IHeaders, Kafka, KafkaConfig, LogEntry, logLevel, Producer } from 'kafkajs';
import { KafkaLogFilter } from './kafka-log';
import { ConsumeOptions, MessageBus, MessageHandler, MessageSubscription, OutgoingMessage, headersOf } from '../message-bus';

export interface KafkaMessageBusOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs's own log lines at this level and above go to `log`, through KafkaLogFilter (default: info, which tells when a client is through again). */
  logLevel?: logLevel;
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
  /** A repeated kafkajs line is written once per this many ms (default 60 s). */
  logWindowMs?: number;
  /** How long one publish keeps retrying inside kafkajs before it fails to the caller (ms). */
  publishTimeoutMs?: number;
  /** Consumer group session timeout (ms). */
  sessionTimeoutMs?: number;
}

/**
 * The message bus on Kafka (kafkajs). Publishing uses one idempotent producer (acks from all
 * in-sync replicas, one request in flight, so a retry inside kafkajs never reorders or repeats a
 * partition's messages); keyed messages, so one key stays in one partition and in order. When a
 * publish fails the producer is dropped and the next publish starts a new one: the caller
 * publishes again (the relay's at-least-once), and consumers are idempotent by message id.
 * Topics are created on first use with the broker's defaults.
 */
export class KafkaMessageBus implements MessageBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private readonly knownTopics = new Set<string>();
  private readonly consumers = new Set<Consumer>();
  /** Each group's lag per topic and partition, as kafkajs reported it after the last batch. */
  private readonly lags = new Map<string, Map<number, number>>();
  /** Kept connected between readiness probes, so a probe is one metadata request, not a new connection. */
  private admin?: Promise<Admin>;
  private closed = false;
  /** One line per state change (unreachable, reachable again), not one per retry. */
  private readonly logFilter: KafkaLogFilter;

  constructor(private readonly options: KafkaMessageBusOptions) {
    const log = options.log;
    this.logFilter = new KafkaLogFilter((level, message) => log?.(level, message), { windowMs: options.logWindowMs });
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      // Retries inside kafkajs are kept short: the relay and consumers back off on their own.
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
      logLevel: options.logLevel ?? logLevel.INFO,
      logCreator: () => (entry: LogEntry) => {
        // The message and the error only: a log entry never carries a message's payload.
        const level = entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : entry.level === logLevel.INFO ? 'info' : 'debug';
        this.logFilter.entry(level, entry.namespace, String(entry.log.message), entry.log.error ? String(entry.log.error) : undefined);
      },
    };
    this.kafka = new Kafka(config);
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('The Kafka message bus is closed');
    if (messages.length === 0) return;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    try {
      await this.ensureTopics([...byTopic.keys()]);
      const producer = await this.connectedProducer();
      await producer.sendBatch({
        acks: -1,
        timeout: this.options.publishTimeoutMs ?? 10_000,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((m) => ({ key: m.key, value: JSON.stringify(m.payload), headers: headersOf(m) })),
        })),
      });
      this.logFilter.reachable();
    } catch (error) {
      await this.dropProducer();
      throw error;
    }
  }

  async consume(options: ConsumeOptions, handler: MessageHandler): Promise<MessageSubscription> {
    if (this.closed) throw new Error('The Kafka message bus is closed');
    await this.ensureTopics([options.topic]);
    const consumer = this.kafka.consumer({
      groupId: options.group,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1000,
      // A fetch waits at most this long for new messages (data is answered at once); stopping
      // waits for the fetch in flight, so a short wait makes a quick, clean shutdown.
      maxWaitTimeInMs: 1000,
      // After these retries kafkajs restarts the consumer (a retriable crash), so an outage of any
      // length ends with the consumer back on its committed offsets.
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
    });
    this.consumers.add(consumer);
    const lagKey = `${options.group}\u0000${options.topic}`;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const partitions = this.lags.get(lagKey) ?? new Map<number, number>();
      partitions.set(payload.partition, Number(payload.offsetLag));
      this.lags.set(lagKey, partitions);
    });
    try {
      await consumer.connect();
      // A group with no committed offset starts at the first message still on the topic.
      await consumer.subscribe({ topic: options.topic, fromBeginning: true });
      await consumer.run({
        // The offset is committed once the handler has resolved, message by message.
        autoCommitThreshold: 1,
        eachMessage: async ({ topic, partition, message, heartbeat }) =>
          handler(
            {
              topic,
              partition,
              offset: message.offset,
              key: message.key ? message.key.toString('utf8') : null,
              value: message.value ? message.value.toString('utf8') : null,
              headers: textHeaders(message.headers),
            },
            { heartbeat },
          ),
      });
      this.logFilter.reachable();
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        this.lags.delete(lagKey);
        await consumer.disconnect();
      },
    };
  }

  /** The sum over the topic's partitions of the lag kafkajs reported after the group's last batch on each. */
  lag(options: ConsumeOptions): number | undefined {
    const partitions = this.lags.get(`${options.group}\u0000${options.topic}`);
    return partitions ? [...partitions.values()].reduce((sum, lag) => sum + lag, 0) : undefined;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('The Kafka message bus is closed');
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
    }
    try {
      await (await this.admin).describeCluster();
      this.logFilter.reachable();
    } catch (error) {
      await this.dropAdmin();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.dropAdmin();
    await Promise.all([...this.consumers].map((c) => c.disconnect().catch(() => undefined)));
    this.consumers.clear();
    await this.dropProducer();
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      this.producer = producer.connect().then(
        () => producer,
        (error) => {
          this.producer = undefined;
          throw error;
        },
      );
    }
    return this.producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await producer.then((p) => p.disconnect()).catch(() => undefined);
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await admin.then((a) => a.disconnect()).catch(() => undefined);
  }

  private async ensureTopics(topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const toCreate = missing.filter((t) => !existing.has(t));
      if (toCreate.length > 0) {
        try {
          await admin.createTopics({ topics: toCreate.map((topic) => ({ topic })), waitForLeaders: true });
        } catch (error) {
          // Another client created it meanwhile (kafkajs reports each topic's error in `errors`).
          const errors = (error as { errors?: { type?: string }[] }).errors ?? [error as { type?: string }];
          if (!errors.every((e) => e.type === 'TOPIC_ALREADY_EXISTS')) throw error;
        }
      }
      for (const t of missing) this.knownTopics.add(t);
    } finally {
      await admin.disconnect();
    }
  }
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
