import type { Counter, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, Metrics, cachedFor } from '@app/common';
import type { ConsumerStatus } from './consumer/consumer-runner';
import type { OutboxRelayStatus } from './outbox/outbox-relay';

/** What the messaging metrics read at scrape time (MessagingService, where the relay and consumers run). */
export interface MessagingMetricsSource {
  relayStatus(): Promise<OutboxRelayStatus>;
  /** When the oldest message waiting in the outbox was stored (ISO), null when none waits or the source cannot say. */
  oldestPendingAt(): Promise<string | null>;
  consumers(): readonly (ConsumerStatus & { lag?: number })[];
}

/**
 * The outbox's backlog (pending count, age of the oldest), the relay's publish latency, and each
 * consumer's lag and dead letters. Labels name consumers, topics and the bus: never a message.
 */
export class MessagingMetrics {
  private readonly publishSeconds: Histogram<'bus'>;
  private readonly published: Counter<'bus'>;

  constructor(metrics: Metrics, source: MessagingMetricsSource) {
    this.publishSeconds = metrics.histogram({
      name: 'safeguard_outbox_publish_duration_seconds',
      help: 'Time for the bus to accept a batch of outbox messages (relay publish latency)',
      labelNames: ['bus'],
      buckets: LATENCY_BUCKETS,
    });
    this.published = metrics.counter({ name: 'safeguard_outbox_published_messages_total', help: 'Outbox messages the relay in this process published', labelNames: ['bus'] });
    // Counted at most once a second: each is a query on the outbox.
    const relay = cachedFor(1000, () => source.relayStatus());
    const oldest = cachedFor(1000, () => source.oldestPendingAt());
    metrics.gauge({
      name: 'safeguard_outbox_pending_messages',
      help: 'Outbox messages waiting to be published',
      async collect() {
        const { pending } = await relay();
        if (pending !== null) this.set(pending);
      },
    });
    metrics.gauge({
      name: 'safeguard_outbox_oldest_pending_seconds',
      help: 'Age of the oldest outbox message waiting to be published (0 when none waits)',
      async collect() {
        const at = await oldest();
        this.set(at ? Math.max(0, (Date.now() - Date.parse(at)) / 1000) : 0);
      },
    });
    const labelNames = ['consumer', 'topic'] as const;
    metrics.gauge({
      name: 'safeguard_consumer_lag_messages',
      help: 'Messages on the topic the consumer group has not yet handled, as last known (Kafka: after each batch)',
      labelNames,
      collect() {
        this.reset();
        for (const c of source.consumers()) if (c.lag !== undefined) this.set({ consumer: c.name, topic: c.topic }, c.lag);
      },
    });
    metrics.counter({
      name: 'safeguard_consumer_dead_letters_total',
      help: 'Messages the consumer set aside on its dead-letter topic (<topic>.dlq)',
      labelNames,
      collect() {
        // The consumer's own count, read as it stands (it starts at 0 with the process, as a counter does).
        this.reset();
        for (const c of source.consumers()) this.inc({ consumer: c.name, topic: c.topic }, c.deadLettered);
      },
    });
  }

  /** A batch published and acknowledged in `seconds`. */
  observePublished(bus: string, messages: number, seconds: number): void {
    this.publishSeconds.observe({ bus }, seconds);
    this.published.inc({ bus }, messages);
  }
}
