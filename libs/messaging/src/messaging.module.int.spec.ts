import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { IntelligenceDisseminatedV1 } from '@app/contracts';
import { EVENT_STORE, EventStore, EventStoreModule, OutboxStore, ProjectionsModule } from '@app/event-store';
import { scratchSqlite } from '@app/event-store-testing';
import { eventually } from '../testing/consumer.behaviour';
import { IntegrationMessageConsumer, MessageConsumer, MessageContext } from './consumer/message-consumer';
import { MessagingModule } from './messaging.module';
import { MessagingService } from './messaging.service';
import { DEFAULT_MESSAGING_SETTINGS } from './messaging.settings';
import { contractMessage } from './contract-message';
import { MappableEvent, OutboxMapper, OutboxMessageMapper, messageIdFor } from './outbox/outbox-mapper';
import { OutboxWriter } from './outbox/outbox-writer';

const TOPIC = 'police.intelligence-feed';

@Entity({ name: 'test_received_items' })
class ReceivedItem {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  itemId: string;

  @Column({ type: 'integer' })
  sequence: number;
}

/** How a context registers the message its dissemination events cause. */
@Injectable()
@OutboxMessageMapper()
class FeedMapper implements OutboxMapper {
  readonly eventTypes = ['ItemDisseminated'];

  map(event: MappableEvent) {
    const value: IntelligenceDisseminatedV1 = {
      ...IntelligenceDisseminatedV1.example,
      // Derived from the event, so both outbox paths give the same id.
      messageId: messageIdFor(event.id, IntelligenceDisseminatedV1.type),
      itemId: String(event.data.itemId),
      sequence: Number(event.data.sequence),
    };
    return [contractMessage(IntelligenceDisseminatedV1, { topic: TOPIC, key: value.itemId, value })];
  }
}

/** And how a context consumes a topic. */
@Injectable()
@IntegrationMessageConsumer()
class FeedConsumer implements MessageConsumer<IntelligenceDisseminatedV1> {
  readonly name = 'test-feed-reader';
  readonly topic = TOPIC;
  readonly group = 'test-feed-reader';
  readonly contract = IntelligenceDisseminatedV1;

  async handle(message: IntelligenceDisseminatedV1, context: MessageContext): Promise<void> {
    await context.manager.insert(ReceivedItem, { itemId: message.itemId, sequence: message.sequence });
  }
}

@Module({ imports: [TypeOrmModule.forFeature([ReceivedItem])], providers: [FeedMapper, FeedConsumer] })
class FeedFeatureModule {}

/** MessagingModule as the apps compose it: mappers and consumers found by their decorators, the relay and consumers run. */
describe('MessagingModule (embedded default: SQLite, in-process bus)', () => {
  const db = scratchSqlite();
  let moduleRef: TestingModule;

  beforeAll(async () => {
    // The app's tables come from the migrations at start; this test's own entity is not in them.
    await (await db.dataSource('read-models.sqlite', { entities: [ReceivedItem], synchronize: true })).destroy();
    moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({
          EVENT_STORE_ADAPTER: 'sqlite',
          EVENT_STORE_SQLITE_PATH: db.path('events.sqlite'),
          EVENT_STORE_POSTGRES_SCHEMA: 'public',
          EVENT_STORE_POSTGRES_POOL_SIZE: 1,
        }),
        ProjectionsModule.forRoot(
          { READ_MODEL_DB: 'sqlite', READ_MODEL_SQLITE_PATH: db.path('read-models.sqlite'), READ_MODEL_POSTGRES_SCHEMA: 'public' },
          { run: false },
        ),
        MessagingModule.forRoot({ ...DEFAULT_MESSAGING_SETTINGS, OUTBOX_RELAY_POLL_MS: 20 }, { run: true }),
        FeedFeatureModule,
      ],
    }).compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    await moduleRef.close();
    await db.drop();
  });

  it('writes the mapped message with its events, relays it, and the registered consumer handles it once', async () => {
    const messaging = moduleRef.get(MessagingService);
    const writer = moduleRef.get(OutboxWriter);
    const itemId = randomUUID();
    const result = await writer.append(`feed-${itemId}`, [
      { type: 'ItemDisseminated', data: { itemId, sequence: 7 }, metadata: { actor: { userId: 'pio-1', agencyId: 'tvp' } } },
    ]);
    const [event] = await moduleRef.get<EventStore>(EVENT_STORE).readStream(`feed-${itemId}`);
    expect(result.messages.map((m) => [m.id, m.payload.messageId])).toEqual([[messageIdFor(event.id, IntelligenceDisseminatedV1.type), messageIdFor(event.id, IntelligenceDisseminatedV1.type)]]);
    const store = moduleRef.get<EventStore & OutboxStore>(EVENT_STORE);
    const items = moduleRef.get<DataSource>(getDataSourceToken()).getRepository(ReceivedItem);
    await eventually(async () => (await items.count()) === 1, 'the consumer recorded the item');
    expect(await items.find()).toEqual([{ itemId, sequence: 7 }]);
    await messaging.outboxRelay.idle();
    expect(await store.countUnsentOutbox()).toBe(0);
    const status = await messaging.status();
    expect(status).toMatchObject({
      failing: false,
      bus: 'in-process',
      relay: { source: 'sql-outbox', pending: 0, published: 1 },
      consumers: [{ name: 'test-feed-reader', topic: TOPIC, subscribed: true, handled: 1, duplicates: 0, deadLettered: 0, lastError: null }],
    });
  });
});
