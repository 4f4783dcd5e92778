import { randomUUID } from 'node:crypto';
import { logLevel } from 'kafkajs';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IntelligenceDisseminatedV1 } from '@app/contracts';
import { EventStore, OutboxStore } from '@app/event-store';
import { StoreAndReadModels, openStoreAndReadModels } from '@app/event-store-testing';
import { SeparateKafkaBroker } from '../../../../test/support/kafka';
import { eventually } from '../../testing/consumer.behaviour';
import { contractMessage } from '../contract-message';
import { ConsumerRunner } from '../consumer/consumer-runner';
import { MessageConsumer, MessageContext } from '../consumer/message-consumer';
import { ProcessedMessageEntity } from '../consumer/processed-message.entity';
import { OutboxRelay } from '../outbox/outbox-relay';
import { RelayLease } from '../outbox/relay-lease';
import { SqlOutboxSource } from '../outbox/sql-outbox-source';
import { KafkaMessageBus } from './kafka-message-bus';

/** What the police unit's idempotent consumer keeps: one row per item message it applied. */
@Entity({ name: 'test_police_feed_rows' })
class PoliceFeedRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 36 })
  messageId: string;

  @Column({ type: 'varchar', length: 100 })
  itemId: string;

  @Column({ type: 'integer' })
  sequence: number;
}

class PoliceFeedConsumer implements MessageConsumer<IntelligenceDisseminatedV1> {
  readonly name = 'police-unit-feed';
  readonly group = `police-unit-${randomUUID()}`;
  readonly contract = IntelligenceDisseminatedV1;

  constructor(readonly topic: string) {}

  async handle(message: IntelligenceDisseminatedV1, context: MessageContext): Promise<void> {
    await context.manager.insert(PoliceFeedRow, { messageId: message.messageId, itemId: message.itemId, sequence: message.sequence });
  }
}

/**
 * A broker outage in the middle of a run, on a broker of this test's own (the run's shared one
 * stays up): messages written while it is down wait in the outbox, the relay keeps retrying with
 * back-off, and once the broker is back every message reaches the idempotent consumer once.
 */
describe('a Kafka outage between the outbox and the police unit', () => {
  let broker: SeparateKafkaBroker;
  let storage: StoreAndReadModels;
  let store: EventStore & OutboxStore;
  let relayBus: KafkaMessageBus;
  let policeBus: KafkaMessageBus;
  let relay: OutboxRelay;
  let consumer: ConsumerRunner<IntelligenceDisseminatedV1>;
  const topic = `police-feed-${randomUUID()}`;
  const items = [randomUUID(), randomUUID()];
  const sent: string[] = [];

  beforeAll(async () => {
    broker = await SeparateKafkaBroker.start();
    storage = await openStoreAndReadModels('postgres', [ProcessedMessageEntity, PoliceFeedRow]);
    store = storage.store as EventStore & OutboxStore;
    relayBus = new KafkaMessageBus({ brokers: broker.brokers, clientId: 'safeguard-relay', logLevel: logLevel.NOTHING, publishTimeoutMs: 3000 });
    policeBus = new KafkaMessageBus({ brokers: broker.brokers, clientId: 'police-unit', logLevel: logLevel.NOTHING });
    relay = new OutboxRelay(new SqlOutboxSource(store), relayBus, new RelayLease(storage.readModels), { pollIntervalMs: 50, retryDelayMs: 100, maxRetryDelayMs: 1000 });
    consumer = new ConsumerRunner(policeBus, storage.readModels, new PoliceFeedConsumer(topic), { retryDelayMs: 100, maxRetryDelayMs: 1000 });
  }, 180_000);

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await Promise.all([relayBus?.close(), policeBus?.close()]);
    await storage?.close();
    await broker?.remove();
  }, 60_000);

  async function disseminate(sequences: number[]): Promise<void> {
    for (const sequence of sequences) {
      const itemId = items[sequence % 2];
      const payload: IntelligenceDisseminatedV1 = { ...IntelligenceDisseminatedV1.example, messageId: randomUUID(), itemId, sequence };
      sent.push(payload.messageId);
      await store.append(`feed-item-${itemId}`, [{ type: 'IntelligenceDisseminated', data: { itemId, sequence }, metadata: { actor: { userId: 'pio-1', agencyId: 'tvp' } } }], {
        outbox: [contractMessage(IntelligenceDisseminatedV1, { topic, key: itemId, value: payload })],
      });
    }
  }

  const rows = () => storage.readModels.getRepository(PoliceFeedRow).find({ order: { id: 'ASC' } });

  it('queues messages while the broker is down and delivers every one once after it restarts', async () => {
    relay.start();
    await consumer.start();
    await disseminate([1, 2, 3, 4, 5, 6]);
    await eventually(async () => (await rows()).length === 6, 'the first six messages were consumed', 60_000);

    await broker.stop();
    await disseminate([7, 8, 9, 10, 11, 12]);
    await eventually(async () => {
      const status = await relay.status();
      return status.pending === 6 && (status.lastError?.attempts ?? 0) >= 2;
    }, 'the relay failed to publish at least twice with six messages waiting', 60_000);
    expect((await rows()).length).toBe(6);

    await broker.startAgain();
    await eventually(async () => (await rows()).length >= 12, 'all twelve messages were consumed', 120_000);
    await relay.idle(30_000);
    // Anything published twice around the outage arrived as a duplicate and changed nothing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const consumed = await rows();
    expect(consumed.map((r) => r.messageId).sort()).toEqual([...sent].sort());
    for (const item of items) {
      const sequences = consumed.filter((r) => r.itemId === item).map((r) => r.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
    expect(await storage.readModels.getRepository(ProcessedMessageEntity).countBy({ consumer: 'police-unit-feed' })).toBe(12);
    expect(await relay.status()).toMatchObject({ pending: 0, lastError: null, active: true });
    expect((await relay.status()).published).toBeGreaterThanOrEqual(12);
  }, 300_000);
});
