import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { IdentifiedMessage, MessageContract } from '@app/contracts';
import { deterministicUuid } from '@app/common';

/** What a handler knows about the message in hand besides its validated content. */
export interface MessageContext {
  messageId: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /**
   * The read-model transaction that also records the message as processed: effects written
   * through it commit with that record, or neither does.
   */
  manager: EntityManager;
  /**
   * The id for the `index`-th event this message causes, derived from the message id: appending
   * it again on a redelivery writes nothing (the store is idempotent by event id).
   */
  eventId(index?: number): string;
}

/**
 * A consumer of one topic's integration messages. Messages are validated against `contract`
 * on the way in: one that is not JSON or not valid goes to `<topic>.dlq` with the reason, and
 * consumption goes on. A valid message is handled once per message id. Nest providers marked
 * `@IntegrationMessageConsumer()` are run by MessagingModule where projections run.
 */
export interface MessageConsumer<T extends IdentifiedMessage = IdentifiedMessage> {
  /** Stable name: the key of its processed-message records, and its log name. */
  readonly name: string;
  readonly topic: string;
  /** The Kafka consumer group. */
  readonly group: string;
  readonly contract: MessageContract<T>;
  /**
   * Handles a valid message. Throw MessageRejectedError to set it aside on the dead-letter topic
   * (e.g. it names an item this board never sent); any other error is retried with back-off.
   */
  handle(message: T, context: MessageContext): Promise<void>;
}

/** Thrown by a handler: the message is valid but cannot be accepted; it goes to the dead-letter topic. */
export class MessageRejectedError extends Error {
  override readonly name = 'MessageRejectedError';
}

export const IntegrationMessageConsumer = DiscoveryService.createDecorator<void>();

/** The `index`-th event id caused by a message (deterministic, see MessageContext.eventId). */
export function eventIdFromMessage(consumer: string, messageId: string, index = 0): string {
  return deterministicUuid('message-event', consumer, messageId.toLowerCase(), String(index));
}
