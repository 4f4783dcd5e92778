import { Metrics } from '@app/common';
import { InProcessMessageBus } from './in-process/in-process-message-bus';
import { MessagingMetrics, MessagingMetricsSource } from './messaging.metrics';

const message = (id: string) => ({ id, topic: 'feed', key: 'k', type: 'test.v1', payload: { id } });

describe('messaging metrics', () => {
  it('tells a consumer group’s lag on the in-process bus: messages after its committed offset', async () => {
    const bus = new InProcessMessageBus();
    expect(bus.lag({ topic: 'feed', group: 'police' })).toBeUndefined();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    const subscription = await bus.consume({ topic: 'feed', group: 'police' }, async (m) => {
      await blocked;
      handled.push(m.offset);
    });
    await bus.publish([message('a'), message('b'), message('c')]);
    expect(bus.lag({ topic: 'feed', group: 'police' })).toBe(3);
    release();
    while (handled.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(bus.lag({ topic: 'feed', group: 'police' })).toBe(0);
    await subscription.stop();
    await bus.close();
  });

  it('exposes the outbox backlog, publish latency, consumer lag and dead letters, labelled by consumer and topic only', async () => {
    const metrics = new Metrics();
    const source: MessagingMetricsSource = {
      relayStatus: async () => ({ running: true, active: true, source: 'sql-outbox', bus: 'in-process', pending: 4, published: 0, lastPublishedAt: null, lastError: null }),
      oldestPendingAt: async () => new Date(Date.now() - 90_000).toISOString(),
      consumers: () => [{ name: 'police-acknowledgements', topic: 'acks', group: 'g', subscribed: true, handled: 2, duplicates: 0, deadLettered: 1, lastError: null, lag: 7 }],
    };
    new MessagingMetrics(metrics, source).observePublished('in-process', 3, 0.02);
    const { text } = await metrics.exposition();
    expect(text).toContain('safeguard_outbox_pending_messages 4');
    expect(Number(/^safeguard_outbox_oldest_pending_seconds (\S+)$/m.exec(text)![1])).toBeGreaterThanOrEqual(90);
    expect(text).toContain('safeguard_outbox_published_messages_total{bus="in-process"} 3');
    expect(text).toContain('safeguard_outbox_publish_duration_seconds_count{bus="in-process"} 1');
    expect(text).toContain('safeguard_consumer_lag_messages{consumer="police-acknowledgements",topic="acks"} 7');
    expect(text).toContain('safeguard_consumer_dead_letters_total{consumer="police-acknowledgements",topic="acks"} 1');
  });
});
