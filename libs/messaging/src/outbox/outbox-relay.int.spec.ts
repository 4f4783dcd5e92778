import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent, OutboxMessage, OutboxStore, ProjectionCheckpointEntity } from '@app/event-store';
import { StoreAndReadModels, openStoreAndReadModels } from '@app/event-store-testing';
import { eventually } from '../../testing/consumer.behaviour';
import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import { MESSAGE_ID_HEADER, MessageSubscription, ReceivedMessage } from '../message-bus';
import { OutboxMapper, mapToMessages } from './outbox-mapper';
import { OutboxRelay } from './outbox-relay';
import { OutboxSource } from './outbox-source';
import { OutboxMappers, OutboxWriter } from './outbox-writer';
import { RelayLease } from './relay-lease';
import { SqlOutboxSource } from './sql-outbox-source';
import { SubscriptionOutboxSource } from './subscription-outbox-source';

const actor = { userId: 'intel-officer-1', agencyId: 'tvp' };
const disseminated = (itemId: string, sequence: number): NewEvent => ({
  id: randomUUID(),
  type: 'ItemDisseminated',
  data: { itemId, sequence },
  metadata: { actor },
});
const message = (topic: string, itemId: string, sequence: number): OutboxMessage => ({
  id: randomUUID(),
  topic,
  key: itemId,
  type: 'test-feed.v1',
  payload: { itemId, sequence },
});

/** The feed message each dissemination causes (what a context registers with @OutboxMessageMapper()). */
const feedMapper = (topic: string): OutboxMapper => ({
  eventTypes: ['ItemDisseminated'],
  map: (event) => [{ topic, key: String(event.data.itemId), type: 'test-feed.v1', payload: { itemId: event.data.itemId, sequence: event.data.sequence } }],
});

describe.each(['sqlite', 'postgres'] as const)('outbox relay on %s', (database) => {
  let storage: StoreAndReadModels;
  let store: EventStore & OutboxStore;
  let bus: InProcessMessageBus;
  const relays: OutboxRelay[] = [];
  const subscriptions: MessageSubscription[] = [];
  const topic = 'police.feed';

  beforeEach(async () => {
    storage = await openStoreAndReadModels(database, []);
    store = storage.store as EventStore & OutboxStore;
    bus = new InProcessMessageBus();
  });

  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await bus.close();
    await storage.close();
  });

  async function receive(): Promise<ReceivedMessage[]> {
    const received: ReceivedMessage[] = [];
    subscriptions.push(await bus.consume({ topic, group: `police-${randomUUID()}` }, async (m) => void received.push(m)));
    return received;
  }

  function relay(source: OutboxSource = new SqlOutboxSource(store), lease?: RelayLease): OutboxRelay {
    const r = new OutboxRelay(source, bus, lease, { pollIntervalMs: 30, retryDelayMs: 20, maxRetryDelayMs: 200 });
    relays.push(r);
    return r;
  }

  it('publishes outbox messages in the order of their events, marks them sent, and reports nothing pending', async () => {
    const received = await receive();
    const sent: OutboxMessage[] = [];
    for (let i = 0; i < 6; i++) {
      const item = `item-${i % 2}`;
      const m = message(topic, item, i);
      sent.push(m);
      await store.append(`feed-${item}`, [disseminated(item, i)], { outbox: [m] });
    }
    const r = relay();
    expect(await r.status()).toMatchObject({ running: false, pending: 6, published: 0, source: 'sql-outbox', bus: 'in-process' });
    r.start();
    await eventually(() => received.length === 6, 'six messages arrived');
    expect(received.map((m) => m.headers[MESSAGE_ID_HEADER])).toEqual(sent.map((m) => m.id));
    expect(received.map((m) => JSON.parse(m.value!))).toEqual(sent.map((m) => m.payload));
    // Appended later in this process: the append wakes the relay.
    const late = message(topic, 'item-0', 6);
    await store.append('feed-item-0', [disseminated('item-0', 6)], { outbox: [late] });
    await eventually(() => received.length === 7, 'the seventh message arrived');
    await r.idle();
    expect(await store.countUnsentOutbox()).toBe(0);
    expect(await r.status()).toMatchObject({ running: true, active: true, pending: 0, published: 7, lastError: null });
  });

  it('lets one relay publish at a time across processes; another takes over when it stops', async () => {
    const received = await receive();
    const [one, two] = [relay(undefined, new RelayLease(storage.readModels, 'relay-test', 600)), relay(undefined, new RelayLease(storage.readModels, 'relay-test', 600))];
    one.start();
    await eventually(async () => (await one.status()).active, 'the first relay holds the lease');
    two.start();
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) {
      const m = message(topic, `item-${i % 4}`, i);
      sent.push(m.id);
      await store.append(`feed-${i}`, [disseminated(`item-${i % 4}`, i)], { outbox: [m] });
    }
    await eventually(() => received.length >= 20, 'twenty messages arrived');
    expect(received.map((m) => m.headers[MESSAGE_ID_HEADER])).toEqual(sent);
    expect([(await one.status()).active, (await two.status()).active]).toEqual([true, false]);
    expect((await two.status()).published).toBe(0);

    await one.stop();
    const later = message(topic, 'item-9', 99);
    await store.append('feed-later', [disseminated('item-9', 99)], { outbox: [later] });
    // The stopped relay released its lease: the other takes over without waiting for it to lapse.
    await eventually(() => received.length === 21, 'the standby relay published');
    expect(received[20].headers[MESSAGE_ID_HEADER]).toBe(later.id);
    expect(await two.status()).toMatchObject({ active: true, published: 1 });
  });

  it('derives messages from stored events through a checkpoint (EventStoreDB), with the ids the SQL outbox stores', async () => {
    const mapper = feedMapper(topic);
    const received = await receive();
    const events = [disseminated('item-a', 1), disseminated('item-b', 2), { ...disseminated('item-a', 3), type: 'SomethingElse' }, disseminated('item-a', 4)];
    // As on EventStoreDB: the events alone, no outbox rows.
    for (const event of events) await store.append(`feed-${randomUUID()}`, [event]);
    const lease = new RelayLease(storage.readModels, 'subscription-relay', 600);
    const first = relay(new SubscriptionOutboxSource(store, [mapper], lease), lease);
    // On PostgreSQL a transaction open elsewhere in the cluster may hold the log back for a moment.
    await eventually(async () => (await first.status()).pending === 3, 'the three messages are pending');
    first.start();
    await eventually(() => received.length === 3, 'three derived messages arrived');
    expect(received.map((m) => JSON.parse(m.value!).sequence)).toEqual([1, 2, 4]);
    await first.stop();
    const checkpoint = await storage.readModels.getRepository(ProjectionCheckpointEntity).findOneByOrFail({ name: 'subscription-relay' });
    const stored = await store.readAll();
    expect(checkpoint.position).toBe(stored[stored.length - 1].position);

    // The same events through OutboxWriter on a SQL store: the same message ids, in the outbox.
    const writer = new OutboxWriter(store, { all: () => [mapper] } as unknown as OutboxMappers);
    const again = await openStoreAndReadModels(database, []);
    try {
      const sqlWriter = new OutboxWriter(again.store, { all: () => [mapper] } as unknown as OutboxMappers);
      for (const event of events) await sqlWriter.append(`feed-${randomUUID()}`, [event]);
      const outbox = await (again.store as EventStore & OutboxStore).readUnsentOutbox(10);
      expect(outbox.map((m) => m.id)).toEqual(received.map((m) => m.headers[MESSAGE_ID_HEADER]));
    } finally {
      await again.close();
    }

    // Resumed from its checkpoint: only what is new is published.
    const newer = await writer.append('feed-new', [disseminated('item-c', 5)]);
    const [storedNewer] = await store.readStream('feed-new');
    expect(newer.messages.map((m) => m.id)).toEqual(mapToMessages([mapper], [storedNewer]).map((m) => m.id));
    const second = relay(new SubscriptionOutboxSource(store, [mapper], lease), lease);
    second.start();
    await eventually(() => received.length === 4, 'the new message arrived');
    await second.idle();
    expect(received.map((m) => JSON.parse(m.value!).sequence)).toEqual([1, 2, 4, 5]);
  });
});
