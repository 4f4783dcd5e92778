import { randomUUID } from 'node:crypto';
import { EventStore, OutboxMessage, OutboxStore } from '@app/event-store';
import { StoreAndReadModels, openStoreAndReadModels } from '@app/event-store-testing';
import { eventually } from '../../testing/consumer.behaviour';
import { ProcessedMessageEntity } from '../consumer/processed-message.entity';
import { MessagePruner, MessagePrunerOptions } from './message-pruner';

const DAY_MS = 86_400_000;
const actor = { userId: 'intel-officer-1', agencyId: 'tvp' };
const message = (): OutboxMessage => ({ id: randomUUID(), topic: 'police.feed', key: 'item-1', type: 'test-feed.v1', payload: { itemId: 'item-1' } });

describe.each(['sqlite', 'postgres'] as const)('message pruner on %s', (database) => {
  let storage: StoreAndReadModels;
  let store: EventStore & OutboxStore;
  const logs: string[] = [];

  beforeEach(async () => {
    storage = await openStoreAndReadModels(database, [ProcessedMessageEntity]);
    store = storage.store as EventStore & OutboxStore;
    logs.length = 0;
  });

  afterEach(async () => {
    await storage.close();
  });

  /** A pruner whose "now" is `now` (the retentions are 7 and 30 days unless given). */
  const pruner = (now: Date, options: Partial<MessagePrunerOptions> = {}) =>
    new MessagePruner(store, storage.readModels, {
      outboxRetentionDays: 7,
      processedMessagesRetentionDays: 30,
      clock: () => now,
      log: (level, text) => void logs.push(`${level}: ${text}`),
      ...options,
    });

  /** Messages appended with an event; the first `sent` of them marked sent (now). */
  async function outbox(count: number, sent: number): Promise<OutboxMessage[]> {
    const messages = Array.from({ length: count }, message);
    await store.append(`feed-${randomUUID()}`, [{ type: 'ItemDisseminated', data: { n: 1 }, metadata: { actor } }], { outbox: messages });
    await store.markOutboxSent(messages.slice(0, sent).map((m) => m.id));
    return messages;
  }

  /** Records as a consumer writes them, handled `daysAgo` days before `now`. */
  async function processed(now: Date, daysAgo: number[]): Promise<string[]> {
    const rows = daysAgo.map((days) => ({
      consumer: 'police-acknowledgements',
      messageId: randomUUID(),
      messageType: 'intelligence-acknowledged.v1',
      source: 'police.acks/0/1',
      processedAt: new Date(now.getTime() - days * DAY_MS).toISOString(),
    }));
    await storage.readModels.getRepository(ProcessedMessageEntity).insert(rows);
    return rows.map((r) => r.messageId);
  }

  const processedIds = async () => (await storage.readModels.getRepository(ProcessedMessageEntity).find()).map((r) => r.messageId).sort();
  const held = async (messages: OutboxMessage[]) => [...(await store.readOutboxDelivery(messages.map((m) => m.id))).keys()].sort();

  it('deletes sent messages past the outbox retention and never an unsent one', async () => {
    const messages = await outbox(4, 3);
    const unsent = messages[3];
    // Six days after sending: within the 7 days, nothing goes.
    expect(await pruner(new Date(Date.now() + 6 * DAY_MS)).pruneOnce()).toEqual({ outbox: 0, processedMessages: 0 });
    expect(await held(messages)).toHaveLength(4);

    expect(await pruner(new Date(Date.now() + 8 * DAY_MS)).pruneOnce()).toEqual({ outbox: 3, processedMessages: 0 });
    expect(await held(messages)).toEqual([unsent.id]);
    expect((await store.readUnsentOutbox(10)).map((m) => m.id)).toEqual([unsent.id]);
    // Years later the unsent message still waits for the relay.
    expect((await pruner(new Date(Date.now() + 3650 * DAY_MS)).pruneOnce()).outbox).toBe(0);
    expect(await store.countUnsentOutbox()).toBe(1);
    expect(logs).toEqual(['log: Pruned 3 sent outbox message(s) and 0 processed-message record(s)']);
  });

  it("deletes consumers' records older than their window and keeps those inside it (what redeliveries are recognised by)", async () => {
    const now = new Date();
    const old = await processed(now, [31, 45, 400]);
    const recent = await processed(now, [0, 7, 29]);
    expect(await pruner(now).pruneOnce()).toEqual({ outbox: 0, processedMessages: 3 });
    expect(await processedIds()).toEqual([...recent].sort());
    expect(await processedIds()).not.toEqual(expect.arrayContaining(old));
  });

  it('works through a backlog in batches until none is left', async () => {
    const now = new Date();
    await processed(now, [40, 41, 42, 43, 44, 45, 46]);
    const kept = await processed(now, [1]);
    const messages = await outbox(5, 5);
    expect(await pruner(new Date(Date.now() + 8 * DAY_MS), { batchSize: 2 }).pruneOnce()).toEqual({ outbox: 5, processedMessages: 7 });
    expect(await processedIds()).toEqual(kept);
    expect(await held(messages)).toEqual([]);
  });

  it('keeps everything when a retention is 0', async () => {
    const now = new Date(Date.now() + 400 * DAY_MS);
    const messages = await outbox(2, 2);
    await processed(now, [100, 200]);
    expect(await pruner(now, { outboxRetentionDays: 0 }).pruneOnce()).toEqual({ outbox: null, processedMessages: 2 });
    expect(await held(messages)).toHaveLength(2);
    await processed(now, [100]);
    expect(await pruner(now, { processedMessagesRetentionDays: 0 }).pruneOnce()).toEqual({ outbox: 2, processedMessages: null });
    expect(await processedIds()).toHaveLength(1);
    expect(pruner(now, { outboxRetentionDays: 0, processedMessagesRetentionDays: 0 }).enabled).toBe(false);
  });

  it('is harmless when several processes prune at once: each row is deleted once, unsent ones stay', async () => {
    const now = new Date(Date.now() + 60 * DAY_MS);
    const messages = await outbox(40, 30);
    await processed(now, Array.from({ length: 30 }, (_, i) => 31 + i));
    const results = await Promise.all([1, 2, 3].map(() => pruner(now, { batchSize: 4 }).pruneOnce()));
    expect(results.reduce((n, r) => n + r.outbox!, 0)).toBe(30);
    expect(results.reduce((n, r) => n + r.processedMessages!, 0)).toBe(30);
    expect(await held(messages)).toEqual(messages.slice(30).map((m) => m.id).sort());
    expect(await processedIds()).toEqual([]);
  });

  it('runs on its schedule from the start and stops cleanly', async () => {
    const messages = await outbox(3, 2);
    const scheduled = pruner(new Date(Date.now() + 8 * DAY_MS));
    scheduled.start(60_000);
    try {
      await eventually(async () => (await held(messages)).length === 1, 'the first run pruned the sent messages');
    } finally {
      await scheduled.stop();
    }
    expect(await held(messages)).toEqual([messages[2].id]);
  });
});
