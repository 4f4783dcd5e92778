import type { OutboxMessage } from '@app/event-store';

/** A message to publish: what the outbox stores (id, topic, key, contract type, JSON payload, headers). */
export type OutgoingMessage = OutboxMessage;

/** Header names every published message carries, so an outside consumer can dedupe and dispatch. */
export const MESSAGE_ID_HEADER = 'message-id';
export const MESSAGE_TYPE_HEADER = 'message-type';
export const CONTENT_TYPE_HEADER = 'content-type';
/**
 * The correlation id of the work that caused the message (the request's X-Correlation-Id, recorded
 * in its events' metadata); a consumer carries it into its logs and the events it writes.
 */
export const MESSAGE_CORRELATION_ID_HEADER = 'correlation-id';

/** A message as a consumer receives it: the raw value, which may not even be JSON. */
export interface ReceivedMessage {
  topic: string;
  partition: number;
  /** The message's offset in its partition (a decimal string, as Kafka gives it). */
  offset: string;
  key: string | null;
  /** The value as UTF-8 text; null for a tombstone. */
  value: string | null;
  headers: Record<string, string>;
}

export interface ConsumeOptions {
  topic: string;
  /** Consumers in one group share the work; each group receives every message. */
  group: string;
}

/** What a handler can do while it works on a message. */
export interface DeliveryControl {
  /** Tells the broker this consumer is alive during long work (retries), so it keeps its partitions. */
  heartbeat(): Promise<void>;
}

export interface MessageSubscription {
  /** Finishes the message in hand, then stops; what was not handled is delivered again later. */
  stop(): Promise<void>;
}

/**
 * Where integration messages go and come from: Kafka when KAFKA_BROKERS is set, otherwise an
 * in-process bus with the same behaviour for the embedded platform.
 */
export interface MessageBus {
  readonly kind: 'kafka' | 'in-process';

  /**
   * Publishes in the order given (per key, the order consumers see) and resolves once the
   * messages are durably accepted (Kafka: by every in-sync replica). Rejects when they may not
   * have been: the caller publishes them again (at least once).
   */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;

  /**
   * Delivers every message of the topic to `handler`, one at a time and in order per partition,
   * from the group's committed offset (from the beginning for a new group). A message's offset is
   * committed once its handler resolves; a handler that rejects gets the message again.
   */
  consume(options: ConsumeOptions, handler: MessageHandler): Promise<MessageSubscription>;

  close(): Promise<void>;

  /** Rejects when the broker does not answer now (readiness); a bus in this process has none to ask. */
  ping?(): Promise<void>;

  /**
   * Messages on the topic that the group consuming it in this process has not handled yet, as last
   * known (Kafka reports it after each batch); undefined before it is known. For metrics.
   */
  lag?(options: ConsumeOptions): number | undefined;
}

export type MessageHandler = (message: ReceivedMessage, control: DeliveryControl) => Promise<void>;

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

/** The headers a published message carries: its own, then its id and contract type. */
export function headersOf(message: OutgoingMessage): Record<string, string> {
  return {
    ...(message.headers ?? {}),
    [MESSAGE_ID_HEADER]: message.id,
    [MESSAGE_TYPE_HEADER]: message.type,
    [CONTENT_TYPE_HEADER]: 'application/json',
  };
}
