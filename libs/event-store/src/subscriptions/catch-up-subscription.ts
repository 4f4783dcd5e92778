import { performance } from 'node:perf_hooks';
import { EventStore, LogPosition, RecordedEvent, START, TypedLogPage } from '../event-store.port';
import { readLogPage } from '../read-log-page';

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

/** Reads a page of the global log: every event after `after`, or only those of `types`. */
export type LogReader = (after: LogPosition, limit: number, types?: readonly string[]) => Promise<TypedLogPage>;

export interface SubscriptionOptions {
  /** Events covered per read of the log. */
  batchSize?: number;
  /**
   * Only these event types are handed to the consumer (`readAllOfTypes`): the others are passed
   * over without being decoded, and the checkpoint still moves past them.
   */
  eventTypes?: readonly string[];
  /** How often to look for new events when no in-process append wakes us (other processes). */
  pollIntervalMs?: number;
  /**
   * Live batches begin at least this long apart while events keep coming (default 0): under load
   * a consumer then takes several appends per batch (one read-model transaction) instead of one
   * transaction per append. A batch after a quiet spell begins at once.
   */
  minBatchIntervalMs?: number;
  /** Back-off after a failed batch: doubles from this up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  onError?: (error: unknown, attempt: number) => void;
  /** Where pages come from: the store (the default), or a process's SharedLogTail. */
  reader?: LogReader;
  /** After each batch: how many events of the log it covered, and where it ended. */
  onBatch?: (covered: number, position: LogPosition) => void;
}


/**
 * Catch up from the consumer's checkpoint, then follow live. Live means: woken at once by an
 * append in this process, and polling for appends made by other processes.
 */
export class CatchUpSubscription {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Ends the sleep between two live batches (minBatchIntervalMs): waitFor calls it. */
  private endGap?: () => void;
  /** Ends any sleep: stop() calls it. */
  private halt?: () => void;
  /** Set by an append that arrives while a batch is being handled, so the next sleep is skipped. */
  private woken = false;
  /** Appends signalled so far, and how many of them a read has found since (see run()). */
  private signals = 0;
  private signalsSeen = 0;
  /** The current short wait for an append signalled but not yet readable (ms); 0 when none. */
  private lookAgainMs = 0;
  private lookedAgain = 0;
  /** When the last live batch that handled events began (performance.now()). */
  private lastBatchAt = 0;
  private position: LogPosition = START;
  private readonly waiters = new Set<{ target: LogPosition; resolve: () => void }>();
  private unsubscribe?: () => void;
  /** The last page read held few events of the types read (see ReadAllOptions.sparse). */
  private sparse = false;
  /** The next page, read while the consumer handles the current one (only after a full page). */
  private prefetched?: { after: LogPosition; page: Promise<TypedLogPage | undefined> };
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
    this.halt?.();
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
      // A reader of its own write comes before the spacing of live batches (minBatchIntervalMs).
      this.endGap?.();
    });
  }

  private async run(): Promise<void> {
    let attempt = 0;
    try {
      this.position = await this.consumer.loadCheckpoint();
      // Whoever waits for a position the stored checkpoint has already passed waits no more.
      this.resolveWaiters();
    } catch (error) {
      this.lastError = error;
      this.options.onError?.(error, ++attempt);
    }
    while (this.running) {
      try {
        if (attempt > 0 && this.lastError) {
          this.position = await this.consumer.loadCheckpoint();
          this.resolveWaiters();
        }
        const gap = this.options.minBatchIntervalMs ?? 0;
        const early = this.lastBatchAt + gap - performance.now();
        // Not while someone waits for a position (reading their own write): they come first.
        if (gap > 0 && early > 0 && this.waiters.size === 0) await this.sleep(early, false, true);
        const signalled = this.signals;
        const began = performance.now();
        const handled = await this.step();
        if (handled > 0) this.lastBatchAt = began;
        attempt = 0;
        this.lastError = undefined;
        const pollMs = this.options.pollIntervalMs ?? 250;
        if (handled > 0) [this.signalsSeen, this.lookAgainMs, this.lookedAgain] = [signalled, 0, 0];
        if (handled < (this.options.batchSize ?? 500)) {
          if (handled === 0 && this.signals > this.signalsSeen && this.lookAgainMs < pollMs) {
            // An append was signalled but its events are not readable yet (on PostgreSQL a
            // transaction begun before it is still open, and the log is read only below the
            // oldest open one): look again soon, not a whole poll interval later,
            // since someone may be waiting to read their own write.
            // Four looks 5 ms apart (an append's neighbours commit within a few ms), then 10, 20 ...
            this.lookAgainMs = Math.min(pollMs, 5 * 2 ** Math.floor(this.lookedAgain++ / 4));
            await this.sleep(this.lookAgainMs);
          } else {
            // A page short of full reached the end of the log: wait for the next append (an append
            // made meanwhile ends the wait at once) instead of reading again to find nothing.
            // An append still unreadable after the short waits is left to this polling.
            if (handled === 0) this.signalsSeen = this.signals;
            this.lookAgainMs = 0;
            this.lookedAgain = 0;
            await this.sleep(pollMs);
          }
        }
      } catch (error) {
        this.lastError = error;
        this.options.onError?.(error, ++attempt);
        const base = this.options.retryDelayMs ?? 200;
        // Appends do not cut a back-off short: on a busy platform a failing consumer would retry on every one.
        await this.sleep(Math.min(base * 2 ** (attempt - 1), this.options.maxRetryDelayMs ?? 30_000), false);
      }
    }
  }

  private async step(): Promise<number> {
    const limit = this.options.batchSize ?? 500;
    const page = await this.read(this.position, limit);
    if (page.scannedTo === undefined) return 0;
    const checkpoint = page.scannedTo;
    // Mostly events of other types: the next page likely too (a rebuild passing over other contexts' events).
    this.sparse = page.events.length * 4 < page.scanned;
    // A full page means more may follow: read on while the consumer handles this one.
    if (page.scanned === limit) this.prefetch(checkpoint, limit);
    const restart = await this.consumer.handle(page.events, checkpoint);
    if (restart) {
      this.position = restart.restartFrom;
      this.resolveWaiters();
      return page.scanned;
    }
    this.position = checkpoint;
    this.options.onBatch?.(page.scanned, checkpoint);
    this.resolveWaiters();
    return page.scanned;
  }

  private resolveWaiters(): void {
    for (const waiter of this.waiters) {
      if (this.position >= waiter.target) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private async read(after: LogPosition, limit: number): Promise<TypedLogPage> {
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    const page = prefetched?.after === after ? await prefetched.page : undefined;
    return page ?? this.readPage(after, limit);
  }

  private prefetch(after: LogPosition, limit: number): void {
    // A read ahead that fails is simply made again when its turn comes.
    this.prefetched = { after, page: this.readPage(after, limit).catch(() => undefined) };
  }

  private readPage(after: LogPosition, limit: number): Promise<TypedLogPage> {
    const { reader, eventTypes } = this.options;
    return reader ? reader(after, limit, eventTypes) : readLogPage(this.store, { after, limit, ...(eventTypes && this.sparse ? { sparse: true } : {}) }, eventTypes);
  }

  private wakeUp(): void {
    this.signals++;
    this.woken = true;
    this.wake?.();
  }

  /**
   * Sleeps `ms`, or until an append wakes it (unless `untilAppend` is false), or until stopped;
   * with `untilWaiter` (the gap between live batches), also until someone waits for a position.
   */
  private sleep(ms: number, untilAppend = true, untilWaiter = false): Promise<void> {
    if (!this.running || (untilAppend && this.woken)) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.endGap = undefined;
        this.halt = undefined;
        if (untilAppend) this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (untilAppend) this.wake = done;
      if (untilWaiter) this.endGap = done;
      this.halt = done;
    });
  }
}
