import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { OutboxMessagesFor } from '@app/common';
import { AppendOptions, AppendResult, EVENT_STORE, EventStore, NewEvent, OutboxMessage, hasOutbox } from '@app/event-store';
import { OutboxMapper, OutboxMessageMapper, mapToMessages, withEventIds } from './outbox-mapper';

/** The registered `@OutboxMessageMapper()` providers. */
@Injectable()
export class OutboxMappers {
  private found?: OutboxMapper[];

  constructor(private readonly discovery: DiscoveryService) {}

  all(): OutboxMapper[] {
    this.found ??= this.discovery.getProviders({ metadataKey: OutboxMessageMapper.KEY }).map((w) => w.instance as OutboxMapper);
    return this.found;
  }
}

/**
 * Appends events together with the integration messages the registered mappers derive from them.
 * On the SQL adapters the messages go into the outbox in the events' transaction; on EventStoreDB
 * the events are appended alone and the relay derives the same messages (same ids) from the
 * stored events. Either way: a message exists if and only if its events were stored.
 */
@Injectable()
export class OutboxWriter implements OutboxMessagesFor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly mappers: OutboxMappers,
  ) {}

  /** The messages these events cause (used by the common StreamCommandExecutor). */
  messagesFor(streamId: string, events: readonly (NewEvent & { id: string })[]): OutboxMessage[] {
    return mapToMessages(this.mappers.all(), events.map((e) => ({ ...e, streamId })));
  }

  async append(streamId: string, events: readonly NewEvent[], options: Omit<AppendOptions, 'outbox'> = {}): Promise<AppendResult & { messages: OutboxMessage[] }> {
    const withIds = withEventIds(events, randomUUID);
    const messages = this.messagesFor(streamId, withIds);
    const outbox = messages.length > 0 && hasOutbox(this.store) ? { outbox: messages } : {};
    return { ...(await this.store.append(streamId, withIds, { ...options, ...outbox })), messages };
  }
}
