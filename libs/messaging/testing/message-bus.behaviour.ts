import { randomUUID } from 'node:crypto';
import { MESSAGE_ID_HEADER, MESSAGE_TYPE_HEADER, MessageBus, MessageSubscription, OutgoingMessage, ReceivedMessage } from '../src';

/** A bus under test, and how an outside party writes to and reads from it. */
export interface BusSubject {
  bus: MessageBus;
  /** Publishes a raw record as another organisation's client would (any text). */
  publishRaw(topic: string, record: { key: string | null; value: string | null; headers?: Record<string, string> }): Promise<void>;
  /** Reads `count` records of a topic from the beginning, as an outside client would. */
  readTopic(topic: string, count: number): Promise<Pick<ReceivedMessage, 'key' | 'value' | 'headers'>[]>;
  close(): Promise<void>;
}

export const newTopic = (prefix = 't') => `${prefix}-${randomUUID()}`;

export function aMessage(topic: string, key: string, n: number): OutgoingMessage {
  return { id: randomUUID(), topic, key, type: 'test-message.v1', payload: { n, key }, headers: { origin: 'behaviour-test' } };
}

/** Collects what a group receives until `until` holds. */
export async function collect(
  bus: MessageBus,
  topic: string,
  group: string,
  until: (received: ReceivedMessage[]) => boolean,
  options: { fail?: (message: ReceivedMessage) => boolean; timeoutMs?: number } = {},
): Promise<{ received: ReceivedMessage[]; subscription: MessageSubscription }> {
  const received: ReceivedMessage[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const subscription = await bus.consume({ topic, group }, async (message) => {
    if (options.fail?.(message)) throw new Error('handler failed');
    received.push(message);
    if (until(received)) done();
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${topic}/${group}: only ${received.length} messages arrived`)), options.timeoutMs ?? 30_000).unref(),
  );
  await Promise.race([finished, timeout]);
  return { received, subscription };
}

const payloadOf = (m: Pick<ReceivedMessage, 'value'>) => JSON.parse(m.value!) as { n: number; key: string };

/**
 * What every MessageBus does, Kafka or in-process: the same tests run against each.
 */
export function describeMessageBusBehaviour(name: string, factory: () => Promise<BusSubject>): void {
  describe(`message bus behaviour: ${name}`, () => {
    let subject: BusSubject;
    let bus: MessageBus;
    const subscriptions: MessageSubscription[] = [];

    beforeEach(async () => {
      subject = await factory();
      bus = subject.bus;
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await subject.close();
    });

    it('delivers every message to a group, in order per key, with its id and type in the headers', async () => {
      const topic = newTopic();
      const messages = Array.from({ length: 12 }, (_, n) => aMessage(topic, `item-${n % 3}`, n));
      await bus.publish(messages.slice(0, 6));
      await bus.publish(messages.slice(6));
      const { received, subscription } = await collect(bus, topic, `g-${randomUUID()}`, (r) => r.length === 12);
      subscriptions.push(subscription);
      for (const key of ['item-0', 'item-1', 'item-2']) {
        const ns = received.filter((m) => m.key === key).map((m) => payloadOf(m).n);
        expect(ns).toEqual(messages.filter((m) => m.key === key).map((m) => m.payload.n));
      }
      const byId = new Map(messages.map((m) => [m.id, m]));
      for (const m of received) {
        const sent = byId.get(m.headers[MESSAGE_ID_HEADER])!;
        expect(m.headers).toMatchObject({ [MESSAGE_TYPE_HEADER]: 'test-message.v1', origin: 'behaviour-test', 'content-type': 'application/json' });
        expect(JSON.parse(m.value!)).toEqual(sent.payload);
        expect(m.key).toBe(sent.key);
      }
    });

    it('resumes a group from its committed offset: nothing handled comes again, nothing new is missed', async () => {
      const topic = newTopic();
      const group = `g-${randomUUID()}`;
      await bus.publish([aMessage(topic, 'k', 1), aMessage(topic, 'k', 2)]);
      const first = await collect(bus, topic, group, (r) => r.length === 2);
      await first.subscription.stop();
      await bus.publish([aMessage(topic, 'k', 3)]);
      const second = await collect(bus, topic, group, (r) => r.length >= 1);
      subscriptions.push(second.subscription);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(first.received.map((m) => payloadOf(m).n)).toEqual([1, 2]);
      expect(second.received.map((m) => payloadOf(m).n)).toEqual([3]);
    });

    it('gives a message whose handler failed again, and skips nothing after it', async () => {
      const topic = newTopic();
      await bus.publish([1, 2, 3].map((n) => aMessage(topic, 'k', n)));
      let failures = 0;
      const { received, subscription } = await collect(bus, topic, `g-${randomUUID()}`, (r) => r.length === 3, {
        fail: (m) => {
          if (payloadOf(m).n !== 2 || failures === 2) return false;
          failures++;
          return true;
        },
      });
      subscriptions.push(subscription);
      expect(failures).toBe(2);
      expect(received.map((m) => payloadOf(m).n)).toEqual([1, 2, 3]);
    });

    it('gives every message to each group, and shows outside readers what was published', async () => {
      const topic = newTopic();
      await bus.publish([aMessage(topic, 'k', 1), aMessage(topic, 'k', 2)]);
      const [a, b] = await Promise.all([
        collect(bus, topic, `a-${randomUUID()}`, (r) => r.length === 2),
        collect(bus, topic, `b-${randomUUID()}`, (r) => r.length === 2),
      ]);
      subscriptions.push(a.subscription, b.subscription);
      expect(a.received.map((m) => payloadOf(m).n)).toEqual([1, 2]);
      expect(b.received.map((m) => payloadOf(m).n)).toEqual([1, 2]);
      await subject.publishRaw(topic, { key: 'k', value: 'not json {' });
      const outside = await subject.readTopic(topic, 3);
      expect(outside.map((m) => m.value)).toEqual([JSON.stringify({ n: 1, key: 'k' }), JSON.stringify({ n: 2, key: 'k' }), 'not json {']);
    });
  });
}
