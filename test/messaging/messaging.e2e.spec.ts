import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { MESSAGE_BUS, MessageBus, MessagingService, ReceivedMessage } from '@app/messaging';
import { kafkaBrokers } from '../kafka-broker';
import { readTopic } from '../support/kafka';
import { TestPlatform, startPlatform } from '../support/platform-app';

const actor = { userId: 'pio-1', agencyId: 'tvp' };

/** What a context handler does: events and the message they cause, in one append. */
async function disseminate(platform: TestPlatform, topic: string) {
  const messageId = randomUUID();
  await platform.store.append(`feed-item-${randomUUID()}`, [{ type: 'TestItemSent', data: { n: 1 }, metadata: { actor } }], {
    outbox: [{ id: messageId, topic, key: 'item-1', type: 'test-feed.v1', payload: { itemId: 'item-1' } }],
  });
  return messageId;
}

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(['sqlite', 'postgres'] as const)('messaging in the platform (%s, embedded default: in-process bus)', (database) => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform(database);
  });

  afterAll(async () => {
    await platform.close();
  });

  it('relays a message written with its events to the bus, and shows the relay in /health', async () => {
    const http = request(platform.app.getHttpServer());
    const received: ReceivedMessage[] = [];
    const subscription = await platform.app.get<MessageBus>(MESSAGE_BUS).consume({ topic: 'police.test-feed', group: 'e2e' }, async (m) => void received.push(m));
    try {
      await eventually(async () => (await http.get('/health')).body.messaging?.relay.active === true, 'the relay is active');
      const messageId = await disseminate(platform, 'police.test-feed');
      await eventually(() => received.length === 1, 'the message reached the bus');
      expect(received[0]).toMatchObject({ key: 'item-1', value: '{"itemId":"item-1"}', headers: { 'message-id': messageId, 'message-type': 'test-feed.v1' } });
      await platform.app.get(MessagingService).outboxRelay.idle();
      const health = await http.get('/health').expect(200);
      expect(health.body).toMatchObject({
        status: 'ok',
        messaging: {
          failing: false,
          bus: 'in-process',
          relay: { running: true, active: true, source: 'sql-outbox', bus: 'in-process', pending: 0, published: 1, lastError: null },
          consumers: expect.arrayContaining([
            expect.objectContaining({ name: 'police-acknowledgements', topic: 'police.intelligence-acknowledgements', subscribed: true, lastError: null }),
          ]),
        },
      });
    } finally {
      await subscription.stop();
    }
  });
});

describe('messaging in the platform with KAFKA_BROKERS set', () => {
  let platform: TestPlatform;
  let brokers: string[];

  beforeAll(async () => {
    brokers = kafkaBrokers();
    platform = await startPlatform('sqlite', { KAFKA_BROKERS: brokers.join(',') });
  });

  afterAll(async () => {
    await platform.close();
  });

  it('publishes to Kafka, chosen by configuration alone', async () => {
    const topic = `police-feed-${randomUUID()}`;
    const messageId = await disseminate(platform, topic);
    await platform.app.get(MessagingService).outboxRelay.idle();
    const [record] = await readTopic(brokers, topic, 1);
    expect(record).toMatchObject({ key: 'item-1', value: '{"itemId":"item-1"}', headers: { 'message-id': messageId, 'message-type': 'test-feed.v1' } });
    const health = await request(platform.app.getHttpServer()).get('/health').expect(200);
    expect(health.body.messaging).toMatchObject({ bus: 'kafka', relay: { bus: 'kafka', source: 'sql-outbox' } });
  });
});
