import { randomUUID } from 'node:crypto';
import { InvalidAppendError } from '../errors';
import { hasOutbox } from '../outbox/outbox';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * EventStoreDB cannot write outbox rows in the events' transaction: the adapter says so before it
 * touches the server (the client connects lazily, so no server is needed to prove it).
 */
describe('EventStoreDB and the outbox', () => {
  it('refuses outbox messages with a clear error and keeps no outbox', async () => {
    const store = await EventStoreDbEventStore.create({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
    try {
      expect(hasOutbox(store)).toBe(false);
      const attempt = store.append('feed-1', [{ type: 'Disseminated', data: {}, metadata: { actor: { userId: 'u', agencyId: 'a' } } }], {
        outbox: [{ id: randomUUID(), topic: 'police.feed', key: 'item-1', type: 'intelligence-disseminated.v1', payload: {} }],
      });
      await expect(attempt).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(attempt).rejects.toThrow(/keeps no outbox.*SubscriptionOutboxSource/);
    } finally {
      await store.close();
    }
  });
});
