import { DataSource } from 'typeorm';
import type { IdentifiedMessage } from '@app/contracts';
import { acceptedTraceId, deterministicUuid, runInRequestContext } from '@app/common';
import { withWriteLock } from '@app/event-store';
import { backoffDelay, Sleeper } from '../backoff';
import { DeliveryControl, MESSAGE_CORRELATION_ID_HEADER, MESSAGE_ID_HEADER, MessageBus, MessageSubscription, ReceivedMessage } from '../message-bus';
import { MessageConsumer, MessageRejectedError, eventIdFromMessage } from './message-consumer';
import { ProcessedMessageEntity } from './processed-message.entity';

/** Why a message was set aside. */
export type DeadLetterReason = 'invalid-json' | 'invalid-message' | 'rejected';

/** The JSON payload of a dead letter on `<topic>.dlq` (type `dead-letter.v1`): a type, not an interface, so it is a JsonObject as it stands. */
export type DeadLetterV1 = {
  reason: DeadLetterReason;
  /** What is wrong, naming fields (never their values). */
  errors: string[];
  consumer: string;
  source: { topic: string; partition: number; offset: string; key: string | null; headers: Record<string, string> };
  /** The message as it arrived (UTF-8 text), for whoever repairs and resends it. */
  value: string | null;
  deadLetteredAt: string;
};

const HEARTBEAT_MS = 3000;

export const DEAD_LETTER_TYPE = 'dead-letter.v1';
export const dlqTopicOf = (topic: string) => `${topic}.dlq`;

export interface ConsumerRunnerOptions {
  /** Back-off when a handler fails or the bus is down: from this, doubling, up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  log?: (level: 'error' | 'warn' | 'log' | 'debug', message: string) => void;
}

export interface ConsumerStatus {
  name: string;
  topic: string;
  group: string;
  /** Subscribed to its topic (the bus reconnects on its own after an outage). */
  subscribed: boolean;
  handled: number;
  /** Redeliveries recognised by message id and left alone. */
  duplicates: number;
  deadLettered: number;
  lastError: { message: string; at: string; attempts: number } | null;
}

/**
 * Runs one MessageConsumer on a bus: parse, validate against the contract (or set aside on the
 * dead-letter topic, with the reason, and go on), then handle once per message id in one
 * read-model transaction with its processed-message record. A handler failure is retried with
 * back-off, the message's offset staying uncommitted, so nothing is skipped.
 */
export class ConsumerRunner<T extends IdentifiedMessage = IdentifiedMessage> {
  private running = false;
  private subscription?: MessageSubscription;
  private connecting?: Promise<void>;
  private readonly sleeper = new Sleeper();
  private counts = { handled: 0, duplicates: 0, deadLettered: 0 };
  private lastError: ConsumerStatus['lastError'] = null;

  constructor(
    private readonly bus: MessageBus,
    private readonly dataSource: DataSource,
    readonly consumer: MessageConsumer<T>,
    private readonly options: ConsumerRunnerOptions = {},
  ) {}

  /** Subscribes, retrying with back-off while the bus is unavailable; resolves once subscribed (or stopped). */
  start(): Promise<void> {
    if (this.running) return this.connecting ?? Promise.resolve();
    this.running = true;
    this.connecting = this.connect();
    return this.connecting;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.connecting;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  status(): ConsumerStatus {
    return {
      name: this.consumer.name,
      topic: this.consumer.topic,
      group: this.consumer.group,
      subscribed: this.subscription !== undefined,
      ...this.counts,
      lastError: this.lastError,
    };
  }

  private async connect(): Promise<void> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        this.subscription = await this.bus.consume({ topic: this.consumer.topic, group: this.consumer.group }, (m, c) => this.receiveCorrelated(m, c));
        this.lastError = null;
        return;
      } catch (error) {
        this.fail(error, attempt, `could not subscribe to ${this.consumer.topic}`);
        await this.sleeper.sleep(this.delay(attempt));
      }
    }
  }

  /**
   * Handles the message in the context of the work that sent it (its `correlation-id` header, else
   * its id): the runner's log lines carry the correlation id, and so do the events it writes.
   */
  private receiveCorrelated(message: ReceivedMessage, control: DeliveryControl): Promise<void> {
    const correlationId =
      acceptedTraceId(message.headers[MESSAGE_CORRELATION_ID_HEADER]) ?? acceptedTraceId(message.headers[MESSAGE_ID_HEADER]) ?? `${message.topic}:${message.partition}:${message.offset}`.slice(0, 100);
    return runInRequestContext({ correlationId }, () => this.receive(message, control));
  }

  private async receive(message: ReceivedMessage, control: DeliveryControl): Promise<void> {
    let json: unknown;
    try {
      if (message.value === null) throw new SyntaxError('no value');
      json = JSON.parse(message.value);
    } catch {
      return this.deadLetter(message, 'invalid-json', ['(message): is not JSON'], control);
    }
    const valid = this.consumer.contract.validate(json);
    if (!valid.ok) return this.deadLetter(message, 'invalid-message', valid.errors, control);
    const messageId = valid.value.messageId.toLowerCase();

    await this.withRetry(control, 'failed to handle a message', async () => {
      try {
        const outcome = await withWriteLock(this.dataSource, () =>
          this.dataSource.transaction(async (manager) => {
            if (await manager.existsBy(ProcessedMessageEntity, { consumer: this.consumer.name, messageId })) return 'duplicate' as const;
            await manager.insert(ProcessedMessageEntity, {
              consumer: this.consumer.name,
              messageId,
              messageType: this.consumer.contract.type,
              source: `${message.topic}/${message.partition}/${message.offset}`.slice(0, 300),
              processedAt: new Date().toISOString(),
            });
            await this.consumer.handle(valid.value, {
              messageId,
              topic: message.topic,
              partition: message.partition,
              offset: message.offset,
              key: message.key,
              headers: message.headers,
              manager,
              eventId: (index = 0) => eventIdFromMessage(this.consumer.name, messageId, index),
            });
            return 'handled' as const;
          }),
        );
        this.counts[outcome === 'handled' ? 'handled' : 'duplicates']++;
        // Ids and places only: the message's content may be personal data.
        this.options.log?.(
          outcome === 'handled' ? 'log' : 'debug',
          `${this.consumer.name}: ${outcome === 'handled' ? 'handled' : 'already handled'} ${this.consumer.contract.type} ${messageId} from ${message.topic}[${message.partition}]@${message.offset}`,
        );
      } catch (error) {
        if (!(error instanceof MessageRejectedError)) throw error;
        await this.deadLetter(message, 'rejected', [error.message], control);
      }
    });
  }

  /** Sets a message aside on `<topic>.dlq` with the reason in its headers and payload; then its offset is committed. */
  private async deadLetter(message: ReceivedMessage, reason: DeadLetterReason, errors: string[], control: DeliveryControl): Promise<void> {
    const topic = dlqTopicOf(message.topic);
    const letter: DeadLetterV1 = {
      reason,
      errors,
      consumer: this.consumer.name,
      source: { topic: message.topic, partition: message.partition, offset: message.offset, key: message.key, headers: message.headers },
      value: message.value,
      deadLetteredAt: new Date().toISOString(),
    };
    await this.withRetry(control, `could not publish to ${topic}`, () =>
      this.bus.publish([
        {
          id: deterministicUuid('dead-letter', this.consumer.name, message.topic, String(message.partition), message.offset),
          topic,
          key: message.key ?? `${message.topic}/${message.partition}`,
          type: DEAD_LETTER_TYPE,
          payload: letter,
          headers: {
            'dlq-reason': reason,
            'dlq-errors': errors.join('; ').slice(0, 4000),
            'dlq-consumer': this.consumer.name,
            'dlq-source-topic': message.topic,
            'dlq-source-partition': String(message.partition),
            'dlq-source-offset': message.offset,
          },
        },
      ]),
    );
    this.counts.deadLettered++;
    // Field names and rules only: a message's values may be personal data.
    this.options.log?.('warn', `${this.consumer.name}: set aside ${message.topic}[${message.partition}]@${message.offset} on ${topic} (${reason}: ${errors.join('; ')})`);
  }

  /** Retries `work` with back-off until it succeeds; gives up (without committing) only when stopping. */
  private async withRetry(control: DeliveryControl, what: string, work: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        this.lastError = null;
        return;
      } catch (error) {
        this.fail(error, attempt, what);
        // Heartbeats while waiting, so the broker does not hand the partition to another member.
        for (let left = this.delay(attempt); left > 0 && this.running; left -= HEARTBEAT_MS) {
          await control.heartbeat().catch(() => undefined);
          await this.sleeper.sleep(Math.min(left, HEARTBEAT_MS));
        }
        if (!this.running) throw error;
      }
    }
  }

  private fail(error: unknown, attempt: number, what: string): void {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.lastError = { message, at: new Date().toISOString(), attempts: attempt };
    this.options.log?.('error', `${this.consumer.name}: ${what} (attempt ${attempt}): ${message}`);
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt, this.options.retryDelayMs ?? 200, this.options.maxRetryDelayMs ?? 30_000);
  }
}
