import { backoffDelay, Sleeper } from '../backoff';
import { MessageBus, OutgoingMessage } from '../message-bus';
import { OutboxSource } from './outbox-source';
import { RelayLease } from './relay-lease';

export interface OutboxRelayOptions {
  /** Messages per publish (default 100). */
  batchSize?: number;
  /** How often to look for messages appended by other processes (ms; this process's appends wake it at once). */
  pollIntervalMs?: number;
  /** Back-off after a failure (broker down): from this, doubling per failure, up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  onError?: (error: unknown, attempt: number) => void;
  /** After each batch is published and acknowledged, with how long that took (for the publish latency metric). */
  onPublished?: (messages: readonly OutgoingMessage[], seconds: number) => void;
  /** Called when the relay gains or loses the lease. */
  onLease?: (held: boolean, detail: { holder?: string | null; takenOverFrom?: { owner: string; lapsedMs: number } }) => void;
}

export interface OutboxRelayStatus {
  running: boolean;
  /** This relay holds the lease and publishes; another process's relay does otherwise. */
  active: boolean;
  source: OutboxSource['kind'];
  bus: MessageBus['kind'];
  /** Messages waiting to be published. */
  pending: number | null;
  /** Messages this relay has published since it started. */
  published: number;
  lastPublishedAt: string | null;
  /** The last failure, while it persists: its class and message (never a payload). */
  lastError: { message: string; at: string; attempts: number } | null;
}

/**
 * Publishes outbox messages to the bus: at least once, in order (per key, the order of the
 * events that caused them), retrying with exponential back-off while the bus is unavailable.
 * A batch is acknowledged to the source only after the bus accepted all of it, so a failure
 * publishes the whole batch again. With a lease, one relay at a time publishes across processes.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private readonly sleeper = new Sleeper();
  /** Back-off is not cut short by new appends (only by stop): a broker that is down is not hammered. */
  private readonly backoff = new Sleeper();
  private unsubscribe?: () => void;
  private heartbeat?: NodeJS.Timeout;
  private published = 0;
  private lastPublishedAt: string | null = null;
  private lastError: OutboxRelayStatus['lastError'] = null;
  private active = false;
  /** The holder last reported while standing by: each change is logged once. */
  private reportedHolder: string | null = null;
  private readonly idleWaiters = new Set<() => void>();

  constructor(
    private readonly source: OutboxSource,
    private readonly bus: MessageBus,
    private readonly lease?: RelayLease,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.source.onAvailable(() => this.sleeper.wake());
    if (this.lease) {
      this.heartbeat = setInterval(() => void this.renew(), Math.max(100, this.lease.leaseMs / 4));
      this.heartbeat.unref();
    }
    this.loop = this.run();
  }

  /** Finishes the batch in hand, then stops and releases the lease. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    this.sleeper.wake();
    this.backoff.wake();
    await this.loop;
    if (this.lease && this.active) await this.lease.release().catch(() => undefined);
    this.active = false;
  }

  /** Publishes now, without waiting for the poll (e.g. after appends made by another process). */
  wake(): void {
    this.sleeper.wake();
  }

  /** Resolves the next time the relay finds nothing left to publish. */
  idle(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => (this.idleWaiters.delete(done), reject(new Error(`The outbox relay was not idle within ${timeoutMs} ms`))), timeoutMs);
      this.idleWaiters.add(done);
      this.sleeper.wake();
    });
  }

  async status(): Promise<OutboxRelayStatus> {
    let pending: number | null = null;
    try {
      pending = await this.source.pending();
    } catch {
      // Reported through lastError when it matters: the relay reads the same source.
    }
    return {
      running: this.running,
      active: this.active,
      source: this.source.kind,
      bus: this.bus.kind,
      pending,
      published: this.published,
      lastPublishedAt: this.lastPublishedAt,
      lastError: this.lastError,
    };
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (this.running) {
      try {
        if (this.lease && !this.lease.held) {
          this.setActive(false);
          if (!(await this.lease.claim())) {
            if (this.lease.holder !== this.reportedHolder) this.options.onLease?.(false, { holder: this.lease.holder });
            this.reportedHolder = this.lease.holder;
            // A standby looks often: it takes over within a fraction of the lease of a relay that died.
            await this.sleeper.sleep(Math.min(500, this.lease.leaseMs / 4));
            continue;
          }
          await this.source.resume();
        }
        this.setActive(true);
        const batch = await this.source.next(this.options.batchSize ?? 100);
        if (!batch) {
          attempt = 0;
          this.lastError = null;
          for (const resolve of this.idleWaiters) resolve();
          this.idleWaiters.clear();
          await this.sleeper.sleep(this.options.pollIntervalMs ?? 250);
          continue;
        }
        const publishing = performance.now();
        if (batch.messages.length > 0) await this.bus.publish(batch.messages);
        await batch.acknowledge();
        attempt = 0;
        this.lastError = null;
        if (batch.messages.length > 0) {
          this.published += batch.messages.length;
          this.lastPublishedAt = new Date().toISOString();
          this.options.onPublished?.(batch.messages, (performance.now() - publishing) / 1000);
        }
      } catch (error) {
        attempt++;
        this.lastError = { message: describe(error), at: new Date().toISOString(), attempts: attempt };
        this.options.onError?.(error, attempt);
        if (this.running) await this.backoff.sleep(backoffDelay(attempt, this.options.retryDelayMs ?? 200, this.options.maxRetryDelayMs ?? 30_000));
      }
    }
  }

  private async renew(): Promise<void> {
    if (!this.running || !this.lease || !this.active) return;
    const kept = await this.lease.renew().catch(() => false);
    if (!kept) this.setActive(false);
  }

  private setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) this.reportedHolder = null;
    this.options.onLease?.(active, active ? { takenOverFrom: this.lease?.takenOverFrom } : {});
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
