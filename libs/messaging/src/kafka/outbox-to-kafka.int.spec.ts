import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { IntelligenceDisseminatedV1 } from '@app/contracts';
import { EventStore, OutboxMessage, OutboxStore } from '@app/event-store';
import { StoreAndReadModels, openStoreAndReadModels } from '@app/event-store-testing';
import { kafkaBrokers } from '../../../../test/kafka-broker';
import { kcatRead, readTopic } from '../../../../test/support/kafka';
import { contractMessage } from '../contract-message';
import { OutboxRelay } from '../outbox/outbox-relay';
import { SqlOutboxSource } from '../outbox/sql-outbox-source';
import { KafkaMessageBus } from './kafka-message-bus';

/** A disseminated item as the police feed carries it; the outbox message id is the contract's messageId. */
function feedMessage(topic: string, itemId: string, sequence: number): OutboxMessage {
  const payload: IntelligenceDisseminatedV1 = {
    ...IntelligenceDisseminatedV1.example,
    messageId: randomUUID(),
    itemId,
    sequence,
    disseminatedAt: new Date(Date.UTC(2026, 10, 27, 10, sequence)).toISOString(),
    urgent: sequence % 4 === 0,
  };
  return contractMessage(IntelligenceDisseminatedV1, { topic, key: itemId, value: payload });
}

/**
 * The outbox relayed to the real broker, read back by outside clients: a plain kafkajs consumer
 * and kcat, which know nothing of this code base, only the documented contract.
 */
describe('the outbox relayed to Kafka', () => {
  let brokers: string[];
  let storage: StoreAndReadModels;
  let bus: KafkaMessageBus;
  let relay: OutboxRelay;

  beforeAll(() => {
    brokers = kafkaBrokers();
  });

  afterEach(async () => {
    await relay?.stop();
    await bus?.close();
    await storage?.close();
  });

  async function relayFrom(database: 'sqlite' | 'postgres'): Promise<EventStore & OutboxStore> {
    storage = await openStoreAndReadModels(database, []);
    const store = storage.store as EventStore & OutboxStore;
    bus = new KafkaMessageBus({ brokers, clientId: 'relay-test', logLevel: logLevel.NOTHING });
    relay = new OutboxRelay(new SqlOutboxSource(store), bus, undefined, { pollIntervalMs: 50, retryDelayMs: 100, maxRetryDelayMs: 1000 });
    relay.start();
    return store;
  }

  async function disseminate(store: EventStore, messages: OutboxMessage[]): Promise<void> {
    for (const m of messages) {
      await store.append(`feed-item-${m.key}`, [{ type: 'IntelligenceDisseminated', data: { itemId: m.key, sequence: m.payload.sequence }, metadata: { actor: { userId: 'pio-1', agencyId: 'tvp' } } }], {
        outbox: [m],
      });
    }
  }

  it.each(['sqlite', 'postgres'] as const)(
    'publishes the outbox from %s in order per key, and a plain kafkajs consumer reads each message as the contract documents',
    async (database) => {
      const topic = `police-feed-${randomUUID()}`;
      const admin = new Kafka({ clientId: 'test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
      await admin.disconnect();

      const store = await relayFrom(database);
      const items = [randomUUID(), randomUUID(), randomUUID()];
      const sent = Array.from({ length: 9 }, (_, i) => feedMessage(topic, items[i % 3], i + 1));
      await disseminate(store, sent);
      await relay.idle(20_000);

      const records = await readTopic(brokers, topic, 9, { settleMs: 500 });
      expect(records).toHaveLength(9);
      for (const item of items) {
        const forItem = records.filter((r) => r.key === item);
        expect(forItem.map((r) => JSON.parse(r.value!).sequence)).toEqual(sent.filter((m) => m.key === item).map((m) => m.payload.sequence));
        expect(new Set(forItem.map((r) => r.partition)).size).toBe(1);
      }
      const byId = new Map(sent.map((m) => [m.id, m]));
      for (const record of records) {
        const value = JSON.parse(record.value!);
        expect(IntelligenceDisseminatedV1.validate(value)).toMatchObject({ ok: true, errors: [] });
        expect(value).toEqual(byId.get(value.messageId)!.payload);
        expect(record.headers).toEqual({ 'message-id': value.messageId, 'message-type': 'intelligence-disseminated.v1', 'content-type': 'application/json' });
      }
      expect(await relay.status()).toMatchObject({ bus: 'kafka', pending: 0, published: 9, lastError: null });
    },
  );

  it('is read by kcat as an outside client would', async () => {
    const topic = `police-feed-${randomUUID()}`;
    const store = await relayFrom('postgres');
    const item = randomUUID();
    const sent = [feedMessage(topic, item, 1), feedMessage(topic, item, 2)];
    await disseminate(store, sent);
    await relay.idle(20_000);

    const records = await kcatRead(brokers[0], topic);
    expect(records.map((r) => [r.key, JSON.parse(r.payload!)])).toEqual(sent.map((m) => [item, m.payload]));
    expect(records[0].headers).toEqual(['message-id', sent[0].id, 'message-type', 'intelligence-disseminated.v1', 'content-type', 'application/json']);
    for (const r of records) expect(IntelligenceDisseminatedV1.validate(JSON.parse(r.payload!)).ok).toBe(true);
  });
});
