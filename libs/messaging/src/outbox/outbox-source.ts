import type { OutgoingMessage } from '../message-bus';

/** Messages ready to publish, in order, and how to say they were published. */
export interface OutboxBatch {
  /** In order; may be empty when the source moved past events that cause no message. */
  messages: OutgoingMessage[];
  /** Once every message is published: the source never gives them again. */
  acknowledge(): Promise<void>;
}

/**
 * Where the relay finds messages to publish: the SQL adapters' transactional outbox
 * (SqlOutboxSource), or messages derived from the stored events through a checkpointed
 * subscription (SubscriptionOutboxSource, for EventStoreDB).
 */
export interface OutboxSource {
  readonly kind: 'sql-outbox' | 'subscription';
  /** The next messages (about `limit`), or undefined when there is nothing to do now. */
  next(limit: number): Promise<OutboxBatch | undefined>;
  /** How many messages wait (for /health). A subscription source counts at most a few batches ahead. */
  pending(): Promise<number>;
  /** Called when this process appends events: there may be new messages. */
  onAvailable(listener: () => void): () => void;
  /** The relay (re)gained the right to publish: resume from the durable state. */
  resume(): Promise<void>;
}

export const OUTBOX_SOURCE = Symbol('OUTBOX_SOURCE');
