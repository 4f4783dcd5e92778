import { backoffDelay, Sleeper } from '../backoff';
import { ConsumeOptions, MessageBus, MessageHandler, MessageSubscription, OutgoingMessage, ReceivedMessage, headersOf } from '../message-bus';

const NO_HEARTBEAT = { heartbeat: async () => undefined };

/** A topic kept in memory: one partition, offsets from 0. */
interface Topic {
  /** Offset of records[0]: older records were dropped once every group had them. */
  base: number;
  records: ReceivedMessage[];
  groups: Map<string, Group>;
}

interface Group {
  /** The next offset to deliver (everything before it is committed). */
  next: number;
  consumer?: { wake(): void };
}

export interface InProcessMessageBusOptions {
  /**
   * Records kept per topic (default 10,000), like a broker's retention: a new group starts at the
   * oldest kept. A record some group has not consumed yet is never dropped.
   */
  retain?: number;
  /** Back-off before a message whose handler failed is given again. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * The bus of the embedded platform when KAFKA_BROKERS is not set: the same contract as Kafka
 * within one process. Each topic is one ordered partition; each group has a committed offset
 * and receives every message once its handler resolves, in order; a failing handler gets the
 * message again after a back-off. Nothing survives a restart: unsent messages stay in the outbox,
 * which is durable, and the relay publishes them again.
 */
export class InProcessMessageBus implements MessageBus {
  readonly kind = 'in-process' as const;
  private readonly topics = new Map<string, Topic>();
  private closed = false;

  constructor(private readonly options: InProcessMessageBusOptions = {}) {}

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    for (const message of messages) {
      this.append(message.topic, { key: message.key, value: JSON.stringify(message.payload), headers: headersOf(message) });
    }
  }

  /**
   * Publishes a raw record, as an outside producer could: any text, JSON or not. For tests and
   * tools that play the part of another organisation on the in-process bus.
   */
  async publishRaw(topic: string, record: { key?: string | null; value: string | null; headers?: Record<string, string> }): Promise<void> {
    this.assertOpen();
    this.append(topic, { key: record.key ?? null, value: record.value, headers: record.headers ?? {} });
  }

  async consume(options: ConsumeOptions, handler: MessageHandler): Promise<MessageSubscription> {
    this.assertOpen();
    const topic = this.topic(options.topic);
    let group = topic.groups.get(options.group);
    if (!group) {
      group = { next: topic.base };
      topic.groups.set(options.group, group);
    }
    if (group.consumer) throw new Error(`Group ${options.group} already consumes ${options.topic} in this process`);
    const sleeper = new Sleeper();
    let running = true;
    group.consumer = { wake: () => sleeper.wake() };
    const current = group;
    const loop = (async () => {
      let attempt = 0;
      while (running) {
        const record = topic.records[current.next - topic.base];
        if (!record) {
          await sleeper.sleep(60_000, { unref: true });
          continue;
        }
        try {
          await handler(record, NO_HEARTBEAT);
          attempt = 0;
          current.next++;
          this.trim(topic);
        } catch {
          attempt++;
          if (running) await sleeper.sleep(backoffDelay(attempt, this.options.retryDelayMs ?? 100, this.options.maxRetryDelayMs ?? 5000));
        }
      }
    })();
    return {
      stop: async () => {
        running = false;
        sleeper.wake();
        await loop;
        current.consumer = undefined;
      },
    };
  }

  /** Records of the topic after the group's committed offset. */
  lag(options: ConsumeOptions): number | undefined {
    const topic = this.topics.get(options.topic);
    const group = topic?.groups.get(options.group);
    return topic && group ? topic.base + topic.records.length - group.next : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const topic of this.topics.values()) for (const group of topic.groups.values()) group.consumer?.wake();
  }

  private append(topicName: string, record: Pick<ReceivedMessage, 'key' | 'value' | 'headers'>): void {
    const topic = this.topic(topicName);
    const offset = topic.base + topic.records.length;
    topic.records.push({ topic: topicName, partition: 0, offset: String(offset), ...record });
    this.trim(topic);
    for (const group of topic.groups.values()) group.consumer?.wake();
  }

  /** Keeps at most `retain` records, never dropping one a group has still to consume. */
  private trim(topic: Topic): void {
    const end = topic.base + topic.records.length;
    const slowest = Math.min(end, ...[...topic.groups.values()].map((g) => g.next));
    const drop = Math.min(slowest - topic.base, topic.records.length - (this.options.retain ?? 10_000));
    if (drop > 0) {
      topic.records.splice(0, drop);
      topic.base += drop;
    }
  }

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = { base: 0, records: [], groups: new Map() };
      this.topics.set(name, topic);
    }
    return topic;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The in-process message bus is closed');
  }
}
