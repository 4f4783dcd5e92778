import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IntelligenceAcknowledgedV1 } from '@app/contracts';
import { EventStore } from '@app/event-store';
import { StoreAndReadModels, openStoreAndReadModels } from '@app/event-store-testing';
import { ConsumerRunner, DeadLetterV1, MessageConsumer, MessageContext, MessageRejectedError, ProcessedMessageEntity } from '../src';
import { BusSubject, newTopic } from './message-bus.behaviour';

/** A read model a test consumer writes: one row per acknowledgement it applied. */
@Entity({ name: 'test_acknowledgement_rows' })
export class AcknowledgementRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  itemId: string;

  @Column({ type: 'varchar', length: 36 })
  messageId: string;

  @Column({ type: 'varchar', length: 40 })
  outcome: string;
}

/** Records police acknowledgements as events and read-model rows, as the feed's consumer will. */
class AcknowledgementConsumer implements MessageConsumer<IntelligenceAcknowledgedV1> {
  readonly name = 'test-acknowledgements';
  readonly contract = IntelligenceAcknowledgedV1;
  readonly group = `group-${randomUUID()}`;
  readonly topic = newTopic('acks');
  failuresLeft = 0;
  readonly unknownItems = new Set<string>();

  constructor(private readonly store: EventStore) {}

  async handle(message: IntelligenceAcknowledgedV1, context: MessageContext): Promise<void> {
    if (this.unknownItems.has(message.itemId)) throw new MessageRejectedError('itemId: no item with this id was disseminated by this board');
    await this.store.append(`feed-item-${message.itemId}`, [
      {
        id: context.eventId(),
        type: 'IntelligenceAcknowledged',
        data: { itemId: message.itemId, outcome: message.outcome, messageId: context.messageId },
        metadata: { actor: { userId: message.unit.officer, agencyId: message.unit.id } },
      },
    ]);
    await context.manager.insert(AcknowledgementRow, { itemId: message.itemId, messageId: context.messageId, outcome: message.outcome });
    // A failure after the effects were written: none of them may commit.
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('read model unavailable');
    }
  }
}

export function anAcknowledgement(overrides: Partial<IntelligenceAcknowledgedV1> = {}): IntelligenceAcknowledgedV1 {
  return { ...IntelligenceAcknowledgedV1.example, messageId: randomUUID(), itemId: randomUUID(), ...overrides };
}

export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * What a MessageConsumer does on any bus: validate, set malformed messages aside on the
 * dead-letter topic and go on, handle each message id once with its effects in one transaction.
 */
export function describeConsumerBehaviour(name: string, database: 'sqlite' | 'postgres', factory: () => Promise<BusSubject>): void {
  describe(`message consumer behaviour: ${name}, read models on ${database}`, () => {
    let subject: BusSubject;
    let storage: StoreAndReadModels;
    let consumer: AcknowledgementConsumer;
    let runner: ConsumerRunner<IntelligenceAcknowledgedV1>;

    beforeEach(async () => {
      subject = await factory();
      storage = await openStoreAndReadModels(database, [ProcessedMessageEntity, AcknowledgementRow]);
      consumer = new AcknowledgementConsumer(storage.store);
      runner = new ConsumerRunner(subject.bus, storage.readModels, consumer, { retryDelayMs: 20, maxRetryDelayMs: 100 });
    });

    afterEach(async () => {
      await runner.stop();
      await subject.close();
      await storage.close();
    });

    const publish = (message: object, key = 'k') => subject.publishRaw(consumer.topic, { key, value: JSON.stringify(message) });
    const rows = () => storage.readModels.getRepository(AcknowledgementRow).find({ order: { id: 'ASC' } });
    const settled = (handled: number, others: Partial<{ duplicates: number; deadLettered: number }> = {}) =>
      eventually(() => {
        const status = runner.status();
        return status.handled === handled && status.duplicates === (others.duplicates ?? 0) && status.deadLettered === (others.deadLettered ?? 0);
      }, `${handled} handled, ${JSON.stringify(others)}`);

    it('handles each message once, even when it is delivered again', async () => {
      const [a, b] = [anAcknowledgement(), anAcknowledgement({ outcome: 'actioned', operationRef: undefined })];
      delete b.operationRef;
      await runner.start();
      await publish(a, a.itemId);
      await publish(a, a.itemId);
      await publish(b, b.itemId);
      await settled(2, { duplicates: 1 });
      expect((await rows()).map((r) => [r.itemId, r.outcome])).toEqual([
        [a.itemId, 'linked-to-operation'],
        [b.itemId, 'actioned'],
      ]);
      expect((await storage.store.readStream(`feed-item-${a.itemId}`)).map((e) => e.data.outcome)).toEqual(['linked-to-operation']);
      expect(await storage.readModels.getRepository(ProcessedMessageEntity).countBy({ consumer: consumer.name })).toBe(2);
    });

    it('sets a malformed message aside on <topic>.dlq with the reason, and carries on', async () => {
      await runner.start();
      await subject.publishRaw(consumer.topic, { key: 'item-x', value: '{"messageId": "truncated' });
      const { operationRef: _, ...linkedWithoutOperation } = anAcknowledgement({ unit: { id: 'tvp-fib', officer: 'DC Secret Name' } });
      await publish(linkedWithoutOperation, 'item-y');
      const good = anAcknowledgement();
      await publish(good, good.itemId);
      await settled(1, { deadLettered: 2 });
      expect((await rows()).map((r) => r.itemId)).toEqual([good.itemId]);

      const letters = await subject.readTopic(`${consumer.topic}.dlq`, 2);
      expect(letters.map((l) => [l.key, l.headers['dlq-reason'], l.headers['dlq-errors'], l.headers['dlq-source-topic'], l.headers['dlq-consumer']])).toEqual([
        ['item-x', 'invalid-json', '(message): is not JSON', consumer.topic, consumer.name],
        ['item-y', 'invalid-message', 'operationRef: is required', consumer.topic, consumer.name],
      ]);
      const [notJson, invalid] = letters.map((l) => JSON.parse(l.value!) as DeadLetterV1);
      expect(notJson).toMatchObject({ reason: 'invalid-json', errors: ['(message): is not JSON'], value: '{"messageId": "truncated', consumer: consumer.name });
      expect(invalid).toMatchObject({ reason: 'invalid-message', errors: ['operationRef: is required'], source: { topic: consumer.topic, key: 'item-y' } });
      expect(JSON.parse(invalid.value!)).toEqual(linkedWithoutOperation);
      // The reason names the field; the officer's name stays in the set-aside message only.
      expect(JSON.stringify(runner.status())).not.toContain('Secret');
    });

    it('sets aside a message its handler rejects, with none of its effects', async () => {
      const unknown = anAcknowledgement();
      consumer.unknownItems.add(unknown.itemId);
      const known = anAcknowledgement();
      await runner.start();
      await publish(unknown, unknown.itemId);
      await publish(known, known.itemId);
      await settled(1, { deadLettered: 1 });
      expect((await rows()).map((r) => r.itemId)).toEqual([known.itemId]);
      const [letter] = await subject.readTopic(`${consumer.topic}.dlq`, 1);
      expect(letter.headers).toMatchObject({ 'dlq-reason': 'rejected', 'dlq-errors': 'itemId: no item with this id was disseminated by this board' });
      expect(await storage.store.readStream(`feed-item-${unknown.itemId}`)).toEqual([]);
    });

    it('retries a handler that fails: its effects commit once, with the message, and nothing is skipped', async () => {
      consumer.failuresLeft = 2;
      const [first, second] = [anAcknowledgement(), anAcknowledgement()];
      await runner.start();
      await publish(first, 'same-key');
      await publish(second, 'same-key');
      await settled(2);
      expect(runner.status().lastError).toBeNull();
      expect((await rows()).map((r) => r.messageId)).toEqual([first.messageId, second.messageId]);
      // Appended on each attempt with the id derived from the message: stored once.
      expect(await storage.store.readStream(`feed-item-${first.itemId}`)).toHaveLength(1);
    });
  });
}
