import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HealthIndicatorResult, HealthReporter, Metrics, ReadinessIndicator, ReportsHealth } from '@app/common';
import { EVENT_STORE, EventStore, hasOutbox } from '@app/event-store';
import { ConsumerRunner, ConsumerStatus } from './consumer/consumer-runner';
import { IntegrationMessageConsumer, MessageConsumer } from './consumer/message-consumer';
import { MESSAGE_BUS, MessageBus } from './message-bus';
import { MessagingMetrics, MessagingMetricsSource } from './messaging.metrics';
import { MESSAGING_SETTINGS, MessagingSettings } from './messaging.settings';
import { OutboxRelay, OutboxRelayStatus } from './outbox/outbox-relay';
import { OutboxMappers } from './outbox/outbox-writer';
import { OutboxSource } from './outbox/outbox-source';
import { RelayLease } from './outbox/relay-lease';
import { SqlOutboxSource } from './outbox/sql-outbox-source';
import { SubscriptionOutboxSource } from './outbox/subscription-outbox-source';
import { MessagePruner } from './pruning/message-pruner';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** Run the outbox relay and the consumers in this process (where the projections run). */
  run: boolean;
  /** How long the relay's lease lasts unrenewed: a standby relay takes over within about this long (FAILOVER_LEASE_MS; default 15 s). */
  leaseMs?: number;
}

export interface MessagingStatus {
  failing: boolean;
  bus: MessageBus['kind'];
  relay: OutboxRelayStatus;
  consumers: ConsumerStatus[];
}

/**
 * Runs the outbox relay and every `@IntegrationMessageConsumer()` where projections run, and
 * reports on them under `messaging` in GET /health.
 */
@Injectable()
@ReportsHealth()
export class MessagingService implements OnApplicationBootstrap, BeforeApplicationShutdown, HealthReporter, ReadinessIndicator {
  readonly healthKey = 'messaging';
  private readonly logger = new Logger('Messaging');
  private relay!: OutboxRelay;
  private readonly runners: ConsumerRunner[] = [];
  private pruner?: MessagePruner;
  private measured?: MessagingMetrics;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly mappers: OutboxMappers,
    private readonly discovery: DiscoveryService,
    // Absent where nothing is scraped (command lines, tests that build the module alone).
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    const lease = new RelayLease(this.dataSource, undefined, this.options.leaseMs);
    const source: OutboxSource = hasOutbox(this.store) ? new SqlOutboxSource(this.store) : new SubscriptionOutboxSource(this.store, this.mappers.all(), lease);
    this.relay = new OutboxRelay(source, this.bus, lease, {
      pollIntervalMs: this.settings.OUTBOX_RELAY_POLL_MS,
      maxRetryDelayMs: this.settings.OUTBOX_RELAY_MAX_RETRY_MS,
      // The error's class and message: never a message's payload.
      onError: (error, attempt) => this.logger.error(`Outbox relay failed (attempt ${attempt}): ${(error as Error).name}: ${(error as Error).message}`),
      onPublished: (messages, seconds) => this.measured?.observePublished(this.bus.kind, messages.length, seconds),
      onLease: (held, { holder, takenOverFrom }) =>
        this.logger.log(
          held
            ? takenOverFrom
              ? `Outbox relay took over from ${takenOverFrom.owner}, whose lease lapsed ${(takenOverFrom.lapsedMs / 1000).toFixed(1)} s ago`
              : 'Outbox relay active in this process'
            : `Outbox relay standing by${holder ? `: ${holder} holds the lease` : ''}; taking over when it lapses`,
        ),
    });
    const names = new Set<string>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: IntegrationMessageConsumer.KEY })) {
      const consumer = wrapper.instance as MessageConsumer;
      if (names.has(consumer.name)) throw new Error(`Two message consumers are named ${consumer.name}`);
      names.add(consumer.name);
      this.runners.push(
        new ConsumerRunner(this.bus, this.dataSource, consumer, {
          maxRetryDelayMs: this.settings.OUTBOX_RELAY_MAX_RETRY_MS,
          log: (level, message) => this.logger[level](message),
        }),
      );
    }
    if (!this.options.run) return;
    // Where the relay and the consumers run: the processes that can say how they fare.
    if (this.metrics) this.measured = new MessagingMetrics(this.metrics, this.metricsSource());
    // Derived messages need mappers: without any there is nothing a relay could ever publish.
    if (source.kind === 'sql-outbox' || this.mappers.all().length > 0) this.relay.start();
    // Not awaited: a broker that is down must not hold the app's start; each retries on its own.
    for (const runner of this.runners) void runner.start();
    // Retention of sent messages and processed-message records, where the relay runs (harmless in several processes).
    this.pruner = new MessagePruner(this.store, this.dataSource, {
      outboxRetentionDays: this.settings.OUTBOX_RETENTION_DAYS,
      processedMessagesRetentionDays: this.settings.PROCESSED_MESSAGES_RETENTION_DAYS,
      log: (level, message) => this.logger[level](message),
    });
    this.pruner.start(this.settings.OUTBOX_PRUNE_INTERVAL_MINUTES * 60_000);
    this.logger.log(
      `Messaging on the ${this.bus.kind} bus: outbox relay from the ${source.kind}, ${this.runners.length} consumer(s)` +
        (this.runners.length > 0 ? `: ${this.runners.map((r) => r.consumer.name).join(', ')}` : ''),
    );
  }

  // Before the read-model connection and the event store close: finish the message in hand.
  async beforeApplicationShutdown(): Promise<void> {
    await this.pruner?.stop();
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await this.relay?.stop();
    await this.bus.close();
  }

  /** The relay, for tests and tools that wait for it (`idle()`) or wake it. */
  get outboxRelay(): OutboxRelay {
    return this.relay;
  }

  private metricsSource(): MessagingMetricsSource {
    return {
      relayStatus: () => this.relay.status(),
      oldestPendingAt: async () => (hasOutbox(this.store) ? ((await this.store.readUnsentOutbox(1))[0]?.storedAt ?? null) : null),
      consumers: () => this.runners.map((r) => ({ ...r.status(), lag: this.bus.lag?.({ topic: r.consumer.topic, group: r.consumer.group }) })),
    };
  }

  async status(): Promise<MessagingStatus> {
    const relay = await this.relay.status();
    const consumers = this.runners.map((r) => r.status());
    return {
      failing: relay.lastError !== null || consumers.some((c) => c.lastError !== null),
      bus: this.bus.kind,
      relay,
      consumers,
    };
  }

  healthReport(): Promise<MessagingStatus> {
    return this.status();
  }

  /** Not ready while Kafka is configured and its brokers do not answer: nothing could be published or consumed. */
  async readiness(): Promise<HealthIndicatorResult> {
    await this.bus.ping?.();
    return { status: 'up', bus: this.bus.kind };
  }
}
