import { DiscoveryService } from '@nestjs/core';
import { deterministicUuid } from '@app/common';
import type { NewEvent, OutboxMessage, RecordedEvent } from '@app/event-store';
import { MESSAGE_CORRELATION_ID_HEADER } from '../message-bus';

/** What a mapper sees of an event: known before it is stored (SQL outbox) and after (subscription). */
export type MappableEvent = Pick<RecordedEvent, 'id' | 'streamId' | 'type' | 'data' | 'metadata'>;

/** A message a mapper makes; without an id it gets one derived from the event id and its index. */
export type OutboxMessageDraft = Omit<OutboxMessage, 'id'> & { id?: string };

/**
 * Turns events into the integration messages they cause. Pure and deterministic: the same event
 * always gives the same messages with the same ids, whether they are derived before the append
 * (the SQL outbox) or from the stored event (EventStoreDB), so a consumer sees one message id.
 * Everything a message says must be in the event's data. Nest providers marked
 * `@OutboxMessageMapper()` are found by MessagingModule.
 */
export interface OutboxMapper {
  readonly eventTypes: readonly string[];
  map(event: MappableEvent): OutboxMessageDraft[];
}

export const OutboxMessageMapper = DiscoveryService.createDecorator<void>();

/** The id of the `index`-th message of a type that an event causes. */
export function messageIdFor(eventId: string, type: string, index = 0): string {
  return deterministicUuid('outbox-message', eventId.toLowerCase(), type, String(index));
}

/** Every message the events cause, in event order, with ids. */
export function mapToMessages(mappers: readonly OutboxMapper[], events: readonly MappableEvent[]): OutboxMessage[] {
  const messages: OutboxMessage[] = [];
  for (const event of events) {
    const perType = new Map<string, number>();
    for (const mapper of mappers) {
      if (!mapper.eventTypes.includes(event.type)) continue;
      for (const draft of mapper.map(event)) {
        const index = perType.get(draft.type) ?? 0;
        perType.set(draft.type, index + 1);
        messages.push({ ...draft, id: draft.id ?? messageIdFor(event.id, draft.type, index), ...correlated(draft, event) });
      }
    }
  }
  return messages;
}

/** The event's correlation id as the message's `correlation-id` header, unless the mapper set one. */
function correlated(draft: OutboxMessageDraft, event: MappableEvent): Pick<OutboxMessage, 'headers'> {
  const correlationId = event.metadata?.correlationId;
  if (typeof correlationId !== 'string' || draft.headers?.[MESSAGE_CORRELATION_ID_HEADER] !== undefined) return {};
  return { headers: { ...draft.headers, [MESSAGE_CORRELATION_ID_HEADER]: correlationId } };
}

/** For a handler that appends: events whose messages are derived from them need their ids now. */
export function withEventIds(events: readonly NewEvent[], newId: () => string): (NewEvent & { id: string })[] {
  return events.map((e) => ({ ...e, id: e.id ?? newId() }));
}
