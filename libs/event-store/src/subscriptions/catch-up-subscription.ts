import { EventStore, LogPosition, RecordedEvent, START } from '../event-store.port';

/** What a subscription feeds. It owns its checkpoint, so it can store it atomically with its effects. */
export interface SubscriptionConsumer {
  readonly name: string;
  /** Where to resume: the position of the last event handled, or START. */
  loadCheckpoint(): Promise<LogPosition>;
  /**
   * Handle a batch, in order, and persist `checkpoint` (the last event's position) with the
   * same commit. Throwing leaves the checkpoint where it was: the batch comes again. Answering
   * `{ restartFrom }` (having stored that checkpoint instead) makes the subscription read on from there.
   */
  handle(events: RecordedEvent[], checkpoint: LogPosition): Promise<void | { restartFrom: LogPosition }>;
}

export interface SubscriptionOptions {
  batchSize?: number;
  /** How often to look for new events when no in-process append wakes us (other processes). */
  pollIntervalMs?: number;
  /** Back-off after a failed batch: doubles from this up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  onError?: (error: unknown, attempt: number) => void;
  onBatch?: (handled: number, position: LogPosition) => void;
}

/**
 * Catch up from the consumer's checkpoint, then follow live. Live means: woken at once by an
 * append in this process, and polling for appends made by other processes.
 */
export class CatchUpSubscription {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Set by an append that arrives while a batch is being handled, so the next sleep is skipped. */
  private woken = false;
  private position: LogPosition = START;
  private readonly waiters = new Set<{ target: LogPosition; resolve: () => void }>();
  private unsubscribe?: () => void;
  lastError?: unknown;

  constructor(
    private readonly store: EventStore,
    private readonly consumer: SubscriptionConsumer,
    private readonly options: SubscriptionOptions = {},
  ) {}

  get name(): string {
    return this.consumer.name;
  }

  get checkpoint(): LogPosition {
    return this.position;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.store.onAppended(() => this.wakeUp());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wakeUp();
    await this.loop;
  }

  /**
   * Process everything stored now, then return how many events were handled. For rebuilds,
   * tests and one-shot runs; not to be mixed with start().
   */
  async catchUp(): Promise<number> {
    this.position = await this.consumer.loadCheckpoint();
    let handled = 0;
    for (;;) {
      const n = await this.step();
      if (n === 0) return handled;
      handled += n;
    }
  }

  /** Resolves once every event up to `target` has been handled. */
  waitFor(target: LogPosition, timeoutMs = 10_000): Promise<void> {
    if (this.position >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { target, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Subscription ${this.name} did not reach ${target} within ${timeoutMs} ms (at ${this.position || 'start'})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async run(): Promise<void> {
    let attempt = 0;
    try {
      this.position = await this.consumer.loadCheckpoint();
    } catch (error) {
      this.lastError = error;
      this.options.onError?.(error, ++attempt);
    }
    while (this.running) {
      try {
        if (attempt > 0 && this.lastError) this.position = await this.consumer.loadCheckpoint();
        const handled = await this.step();
        attempt = 0;
        this.lastError = undefined;
        if (handled === 0) await this.sleep(this.options.pollIntervalMs ?? 250);
      } catch (error) {
        this.lastError = error;
        this.options.onError?.(error, ++attempt);
        const base = this.options.retryDelayMs ?? 200;
        await this.sleep(Math.min(base * 2 ** (attempt - 1), this.options.maxRetryDelayMs ?? 30_000));
      }
    }
  }

  private async step(): Promise<number> {
    const batch = await this.store.readAll({ after: this.position, limit: this.options.batchSize ?? 500 });
    if (batch.length === 0) return 0;
    const checkpoint = batch[batch.length - 1].position;
    const restart = await this.consumer.handle(batch, checkpoint);
    if (restart) {
      this.position = restart.restartFrom;
      return batch.length;
    }
    this.position = checkpoint;
    this.options.onBatch?.(batch.length, checkpoint);
    for (const waiter of this.waiters) {
      if (checkpoint >= waiter.target) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
    return batch.length;
  }

  private wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
