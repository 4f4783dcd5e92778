import { randomUUID } from 'node:crypto';
import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import { MessageBus, OutgoingMessage, ReceivedMessage } from '../message-bus';
import { OutboxRelay } from './outbox-relay';
import { OutboxBatch, OutboxSource } from './outbox-source';

/** An outbox in memory: what the SQL outbox does, without a database. */
class MemoryOutbox implements OutboxSource {
  readonly kind = 'sql-outbox' as const;
  readonly unsent: OutgoingMessage[] = [];
  acknowledgements = 0;

  add(...messages: OutgoingMessage[]): void {
    this.unsent.push(...messages);
  }

  async next(limit: number): Promise<OutboxBatch | undefined> {
    const messages = this.unsent.slice(0, limit);
    if (messages.length === 0) return undefined;
    return {
      messages,
      acknowledge: async () => {
        this.acknowledgements++;
        this.unsent.splice(0, messages.length);
      },
    };
  }

  async pending(): Promise<number> {
    return this.unsent.length;
  }

  onAvailable(): () => void {
    return () => undefined;
  }

  async resume(): Promise<void> {}
}

/** A bus that refuses every publish while `down` (a broker outage), recording when it was asked. */
class BusWithOutage implements MessageBus {
  readonly kind = 'in-process' as const;
  down = true;
  readonly attempts: number[] = [];

  constructor(private readonly inner: InProcessMessageBus) {}

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.attempts.push(Date.now());
    if (this.down) throw new Error('broker unavailable');
    await this.inner.publish(messages);
  }

  consume: MessageBus['consume'] = (options, handler) => this.inner.consume(options, handler);

  close(): Promise<void> {
    return this.inner.close();
  }
}

const message = (key: string, n: number): OutgoingMessage => ({ id: randomUUID(), topic: 'feed', key, type: 't.v1', payload: { n } });

describe('outbox relay', () => {
  it('backs off exponentially while the bus is down, then publishes every batch whole and in order', async () => {
    const inner = new InProcessMessageBus();
    const bus = new BusWithOutage(inner);
    const outbox = new MemoryOutbox();
    outbox.add(...Array.from({ length: 5 }, (_, n) => message(`k${n % 2}`, n)));
    const relay = new OutboxRelay(outbox, bus, undefined, { batchSize: 3, retryDelayMs: 20, maxRetryDelayMs: 160, pollIntervalMs: 20 });
    relay.start();
    try {
      while (bus.attempts.length < 6) await new Promise((resolve) => setTimeout(resolve, 10));
      const status = await relay.status();
      expect(status).toMatchObject({ running: true, pending: 5, published: 0, lastError: { message: 'Error: broker unavailable' } });
      expect(status.lastError!.attempts).toBeGreaterThanOrEqual(5);
      expect(outbox.acknowledgements).toBe(0);
      // 20, 40, 80, 160, 160 ms between attempts (timers may run late, never early).
      const gaps = bus.attempts.slice(1, 6).map((t, i) => t - bus.attempts[i]);
      [20, 40, 80, 160, 160].forEach((expected, i) => expect(gaps[i]).toBeGreaterThanOrEqual(expected - 2));
      expect(gaps[3]).toBeGreaterThan(gaps[0]);

      const received: ReceivedMessage[] = [];
      await inner.consume({ topic: 'feed', group: 'unit' }, async (m) => void received.push(m));
      bus.down = false;
      await relay.idle(5000);
      expect(received.map((m) => JSON.parse(m.value!).n)).toEqual([0, 1, 2, 3, 4]);
      expect(outbox.acknowledgements).toBe(2);
      expect(await relay.status()).toMatchObject({ pending: 0, published: 5, lastError: null });
    } finally {
      await relay.stop();
      await inner.close();
    }
  });
});
