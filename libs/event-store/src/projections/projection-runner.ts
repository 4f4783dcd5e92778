import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EventStore, LogPosition, RecordedEvent, START } from '../event-store.port';
import { CatchUpSubscription, SubscriptionConsumer, SubscriptionOptions } from '../subscriptions/catch-up-subscription';
import { HeldWriter, Projection } from './projection';
import { ProjectionCheckpointEntity, ProjectionFailure } from './projection-checkpoint.entity';
import { ProjectionEventError, describeError } from '../errors';
import { withWriteLock } from './write-lock';
import { readLogPage } from '../read-log-page';
import { PersonalDataProtectedEventStore } from '../personal-data/protected-event-store';
import { SUBJECT_ERASED } from '../personal-data/subject-erasure';

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** What happened to a runner's claim on its projection: for the process's log. */
export type LeaseEvent =
  /** It holds the projection; `from` is the runner whose lease had lapsed, when it took it over. */
  | { kind: 'held'; projection: string; from?: string; lapsedMs?: number }
  /** Another runner holds it: this one waits, and takes over when that lease lapses. */
  | { kind: 'standby'; projection: string; holder: string };

/**
 * The least time between the starts of a live projection's batches while events keep coming. A reader
 * of its own write never waits for it (`consistentWith` ends the gap at once); other readers see a write
 * up to this much later. 50 ms, not 15: at 300 referrals a second on PostgreSQL the platform sends
 * 3.2 statements a referral instead of 4.1 (`npm run bench:statements`, two runs of each), its
 * projections' transactions being fewer and larger.
 */
export const LIVE_BATCH_INTERVAL_MS = 50;

export interface ProjectionRunnerOptions extends SubscriptionOptions {
  /**
   * How long a runner's claim on a projection lasts without renewal: after a crash (kill -9) a
   * standby takes over within about this long. Renewed every quarter of it (default 30 s).
   */
  leaseMs?: number;
  onLease?: (event: LeaseEvent) => void;
  /**
   * A batch with no event the projection reads changes no row: its checkpoint is stored with the
   * next batch that does, or once this long has passed (default 5 s). After a restart the
   * runner passes over those events again, which changes nothing either.
   */
  idleCheckpointMs?: number;
}

/**
 * Events of the log covered per read and per read-model transaction when rebuilding. Larger
 * batches cost more than they save: 5,000 referrals and their views outgrow V8's young
 * generation and rebuild at about half the rate of 1,000–2,000 (measured with `npm run bench:store`).
 */
export const REBUILD_BATCH_SIZE = 2000;

/** How far apart the clocks of the process that records an erasure and this one may be. */
const CLOCK_MARGIN_MS = 60_000;

export interface RebuildProgress {
  projection: string;
  handled: number;
  total: number;
}

/**
 * Feeds one projection from the global log. Each batch is applied and checkpointed in one
 * read-model transaction, so a crash never skips or double-applies an event. One runner at a
 * time holds a projection (a lease in its checkpoint row), across processes.
 */
export class ProjectionRunner implements SubscriptionConsumer {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly subscription: CatchUpSubscription;
  private readonly leaseMs: number;
  private heartbeat?: NodeJS.Timeout;
  private stopped = true;
  private readonly eventTypes?: Set<string>;
  /** How many subjects the store has erased, when it can erase. */
  private readonly erasedCount?: () => Promise<number>;
  private erasuresSeen = 0;
  /** When the stored checkpoint last moved (batches with nothing to apply move it only now and then). */
  private checkpointStoredAt = 0;
  /** When this runner last began replaying its projection from the first event (never: +infinity). */
  private replayStartedAt = Number.POSITIVE_INFINITY;
  private rebuilding = false;
  /**
   * During a rebuild of a projection that holds writes (`holdWrites`): what it holds, and the
   * position the batches held so far end at, which the flush stores.
   */
  private held?: { value: unknown; position: LogPosition };
  /** Held writes under way beside a rebuild's batches: the rebuild ends only once none is. */
  private readonly heldWrites = new Set<Promise<void>>();
  /** When a rebuild that holds writes last renewed its lease. */
  private leaseRenewedAt = 0;
  /** While failing: since when, and how many attempts (cleared by the next batch applied). */
  private failingSince?: string;
  private failingAttempts = 0;
  /** A failure is stored in the checkpoint row: the next batch applied clears it. */
  private failureStored = false;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.eventTypes = projection.eventTypes ? new Set(projection.eventTypes) : undefined;
    if (store instanceof PersonalDataProtectedEventStore) this.erasedCount = () => store.keys.erasedCount();
    this.subscription = new CatchUpSubscription(store, this, {
      maxRetryDelayMs: 5000,
      // Under load a projection applies the appends of 50 ms in one transaction, not one each:
      // fewer round trips per append (on PostgreSQL these were most of the server's work).
      minBatchIntervalMs: projection.liveBatchIntervalMs ?? LIVE_BATCH_INTERVAL_MS,
      eventTypes: this.readTypes,
      ...options,
      onError: (error, attempt) => {
        options.onError?.(error, attempt);
        this.failingSince ??= new Date().toISOString();
        this.failingAttempts = attempt;
        // Best effort: the database may be what fails. Readiness in this process knows anyway.
        void this.storeFailure().catch(() => undefined);
      },
    });
  }

  get name(): string {
    return this.projection.name;
  }

  /** What the runner reads of the log: the projection's types, and erasures (which trigger a rebuild). */
  private get readTypes(): readonly string[] | undefined {
    return this.eventTypes ? [...this.eventTypes, SUBJECT_ERASED] : undefined;
  }

  get checkpoint(): LogPosition {
    return this.subscription.checkpoint;
  }

  get lastError(): unknown {
    return this.subscription.lastError;
  }

  /** Why this runner is not moving on, when it is failing. */
  get failure(): ProjectionFailure | undefined {
    const error = this.subscription.lastError;
    if (error === undefined) return undefined;
    return {
      ...(error instanceof ProjectionEventError ? { event: error.event } : {}),
      error: describeError(error instanceof ProjectionEventError ? error.cause : error),
      since: this.failingSince ?? new Date().toISOString(),
      attempts: this.failingAttempts,
    };
  }

  start(): void {
    this.stopped = false;
    this.subscription.start();
    this.heartbeat = setInterval(() => void this.renewLease().catch(() => undefined), Math.max(100, this.leaseMs / 4));
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    await this.subscription.stop();
    await this.write((manager) =>
      manager.update(ProjectionCheckpointEntity, { name: this.name, owner: this.owner }, { owner: null, leaseUntil: 0 }),
    );
  }

  waitFor(position: LogPosition, timeoutMs?: number): Promise<void> {
    return this.subscription.waitFor(position, timeoutMs);
  }

  /** Claims the projection (waiting for another runner's lease to lapse), then resumes. */
  async loadCheckpoint(): Promise<LogPosition> {
    let waitingFor: string | undefined;
    for (;;) {
      const row = await this.claim(false, false, (holder) => {
        if (holder !== waitingFor) this.options.onLease?.({ kind: 'standby', projection: this.name, holder });
        waitingFor = holder;
      });
      if (row) return row.position;
      if (this.stopped) throw new LeaseLostError(`Runner for ${this.name} stopped before it could claim the projection`);
      // A standby looks often: it takes over within a fraction of the lease of a holder that died.
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, this.leaseMs / 4)));
    }
  }

  async handle(events: RecordedEvent[], checkpoint: LogPosition): Promise<void | { restartFrom: LogPosition }> {
    if (this.erasedCount && events.some((e) => e.type === SUBJECT_ERASED)) {
      // A subject was erased since this read model was built: it may still show them. Replayed
      // now, the erased subject's events read as erased, so nothing of them comes back.
      const erased = await this.erasedCount();
      // Also an erasure recorded after this runner began replaying from the start: it counted the
      // subject as erased already, yet may have been handed its events opened before the key was
      // destroyed (read ahead by the shared log tail in the moment between the two).
      const sinceReplay = events.some((e) => e.type === SUBJECT_ERASED && Date.parse(e.recordedAt) >= this.replayStartedAt - CLOCK_MARGIN_MS);
      if (erased > this.erasuresSeen || sinceReplay) return { restartFrom: await this.rebuildWithin(erased) };
    }
    const relevant = this.eventTypes ? events.filter((e) => this.eventTypes!.has(e.type)) : events;
    // Nothing to apply: no read-model transaction per batch of other contexts' events (a busy
    // platform appends hundreds a second, and every projection sees each one).
    // A rebuild stores every checkpoint: its batches are large, and it ends where the log ends.
    if (relevant.length === 0 && !this.rebuilding && !this.failureStored && Date.now() - this.checkpointStoredAt < (this.options.idleCheckpointMs ?? 5000)) return;
    if (this.held) {
      await this.applyHeld(this.held, relevant, checkpoint);
      return;
    }
    try {
      await this.applyAndMove(relevant, checkpoint);
    } catch (error) {
      if (error instanceof LeaseLostError || relevant.length === 0) throw error;
      await this.applyOneByOne(relevant, checkpoint);
    }
    this.checkpointStoredAt = Date.now();
    this.failingSince = undefined;
    this.failingAttempts = 0;
    this.failureStored = false;
  }

  /** Applies events and moves the checkpoint to `checkpoint` in one read-model transaction. */
  private applyAndMove(events: readonly RecordedEvent[], checkpoint: LogPosition): Promise<void> {
    const postgres = this.dataSource.options.type === 'postgres';
    return this.write(async (manager) => {
      if (events.length > 0) await this.projection.apply(events, manager);
      const leaseUntil = Date.now() + this.leaseMs;
      const updatedAt = new Date().toISOString();
      let moved: number | undefined;
      if (postgres) {
        // The transaction's commit mode (see write) set by this statement: one round trip less in
        // every batch of every projection. It is read at COMMIT, so setting it last is in time.
        const update = manager
          .createQueryBuilder()
          .update(ProjectionCheckpointEntity)
          .set({ position: checkpoint, leaseUntil, updatedAt, ...(this.failureStored ? { failure: null } : {}) })
          .where({ name: this.name, owner: this.owner })
          .returning(`set_config('synchronous_commit', 'off', true)`);
        moved = (await update.execute()).affected;
      } else {
        // SQLite: written here with every value bound. TypeORM's SQLite driver writes numbers into
        // the statement's text, so each batch's lease made a statement never seen before: prepared
        // anew, and pushing the other statements out of the connection's cache of 100.
        const clearFailure = this.failureStored ? ', "failure" = NULL' : '';
        const result = (await manager.queryRunner!.query(
          `UPDATE "projection_checkpoints" SET "position" = ?, "leaseUntil" = ?, "updatedAt" = ?${clearFailure} WHERE "name" = ? AND "owner" = ?`,
          [checkpoint, leaseUntil, updatedAt, this.name, this.owner],
          true,
        )) as { affected?: number };
        moved = result.affected;
      }
      if (moved !== 1) throw new LeaseLostError(`Runner ${this.owner} no longer holds ${this.name}`);
    }, postgres ? 'set by the work' : 'set first');
  }

  /**
   * A batch of a rebuild whose projection holds writes: applied with what it holds, in a transaction
   * that renews the lease and leaves the stored checkpoint at the start. Any error ends the rebuild
   * (no event-by-event retry): what is held may have taken in part of a batch whose transaction
   * rolled back, so none of it is written, and the projection is rebuilt from the first event again.
   */
  private async applyHeld(held: { value: unknown; position: LogPosition }, events: readonly RecordedEvent[], checkpoint: LogPosition): Promise<void> {
    // A batch with nothing to apply writes nothing: no transaction, unless the lease is due for renewal
    // (most of a long log is other projections' events).
    if (events.length === 0 && Date.now() - this.leaseRenewedAt < this.leaseMs / 4) {
      held.position = checkpoint;
      return;
    }
    try {
      const renewing = Date.now();
      await this.write(async (manager) => {
        if (events.length > 0) await this.projection.apply(events, manager, held.value);
        await this.renewWithin(manager);
      }, this.renewalSetsCommitMode);
      this.leaseRenewedAt = renewing;
      held.position = checkpoint;
    } catch (error) {
      this.held = undefined;
      throw error;
    }
  }

  /**
   * Renews this runner's lease in the transaction of `manager`, and on PostgreSQL sets its commit
   * mode (see write: 'set by the work'); throws (rolling it back) when the lease is lost.
   */
  private async renewWithin(manager: EntityManager): Promise<void> {
    let update = manager
      .createQueryBuilder()
      .update(ProjectionCheckpointEntity)
      .set({ leaseUntil: Date.now() + this.leaseMs, updatedAt: new Date().toISOString() })
      .where({ name: this.name, owner: this.owner });
    if (this.dataSource.options.type === 'postgres') update = update.returning(`set_config('synchronous_commit', 'off', true)`);
    const renewed = await update.execute();
    if (renewed.affected !== 1) throw new LeaseLostError(`Runner ${this.owner} no longer holds ${this.name}`);
  }

  /** 'set by the work' where the work ends with renewWithin (PostgreSQL: one round trip less a transaction). */
  private get renewalSetsCommitMode(): 'set first' | 'set by the work' {
    return this.dataSource.options.type === 'postgres' ? 'set by the work' : 'set first';
  }

  /** The end of a rebuild that held writes: they are written, and the checkpoint stored with them. */
  private flushHeld(held: { value: unknown; position: LogPosition }): Promise<void> {
    return this.write(async (manager) => {
      await this.projection.flushHeld!(held.value, manager);
      const moved = await manager.update(
        ProjectionCheckpointEntity,
        { name: this.name, owner: this.owner },
        { position: held.position, leaseUntil: Date.now() + this.leaseMs, updatedAt: new Date().toISOString() },
      );
      if (moved.affected !== 1) throw new LeaseLostError(`Runner ${this.owner} no longer holds ${this.name}`);
    });
  }

  /**
   * What the projection holds across the batches of a rebuild, if it holds anything. `beside`: a
   * rebuild of many transactions on PostgreSQL lets it store held writes in transactions of their
   * own, while later batches are applied (each renews the lease, as a batch does).
   */
  private holdWrites(beside: boolean): unknown {
    if (!this.projection.holdWrites || !this.projection.flushHeld) return undefined;
    if (!beside || this.dataSource.options.type !== 'postgres') return this.projection.holdWrites();
    const writer: HeldWriter = (work) => {
      const writing = this.write(async (manager) => {
        await work(manager);
        await this.renewWithin(manager);
      }, this.renewalSetsCommitMode);
      this.heldWrites.add(writing);
      const settled = () => void this.heldWrites.delete(writing);
      writing.then(settled, settled);
      return writing;
    };
    return this.projection.holdWrites(writer);
  }

  /**
   * A batch failed: apply it again one event at a time, each with its checkpoint, to find the event
   * that fails. The events before it stay applied (the read model is as far on as it can be), and
   * the error names that event; the subscription retries from there with back-off. When every
   * event applies on its own, the batch failed for a reason of the moment, and it is done.
   */
  private async applyOneByOne(events: readonly RecordedEvent[], checkpoint: LogPosition): Promise<void> {
    for (const event of events) {
      try {
        await this.applyAndMove([event], event.position);
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        throw new ProjectionEventError(this.name, { id: event.id, position: event.position, type: event.type }, error);
      }
    }
    await this.applyAndMove([], checkpoint);
  }

  /** Stores why this runner is failing with its checkpoint, for other processes and the auditor to see. */
  private async storeFailure(): Promise<void> {
    await this.write(async (manager) => {
      // Read in the write's turn: a batch applied since may have ended the failure.
      const failure = this.failure;
      if (!failure) return;
      const stored = await manager.update(ProjectionCheckpointEntity, { name: this.name, owner: this.owner }, { failure });
      if (stored.affected === 1) this.failureStored = true;
    });
  }

  /**
   * Rebuilds the read model in one read-model transaction: readers keep the old rows until the new
   * ones commit (no empty screens while a board's history replays), and the checkpoint moves with
   * them. Used after an erasure, when the erased subject's events read as erased.
   */
  private async rebuildWithin(erasuresSeen: number): Promise<LogPosition> {
    let position: LogPosition = START;
    // A rebuild under way that held writes goes on writing as it goes from the checkpoint stored here.
    this.held = undefined;
    // Its held writes still under way (views made before the erasure) end before the read model is
    // cleared: one landing after the DELETE would put back what the erasure took away.
    await Promise.allSettled([...this.heldWrites]);
    // One transaction (readers keep the old rows until it commits): nothing is written beside it.
    const held = this.holdWrites(false);
    await this.write(async (manager) => {
      // DELETE, not TRUNCATE: a truncate would lock readers out until the commit.
      for (const entity of this.projection.entities) await manager.createQueryBuilder().delete().from(entity).execute();
      for (;;) {
        const page = await readLogPage(this.store, { after: position, limit: this.projection.rebuildBatchSize ?? REBUILD_BATCH_SIZE }, this.projection.eventTypes);
        if (page.scannedTo === undefined) break;
        if (page.events.length > 0) await this.projection.apply(page.events, manager, held);
        position = page.scannedTo;
      }
      if (held !== undefined) await this.projection.flushHeld!(held, manager);
      const moved = await manager.update(
        ProjectionCheckpointEntity,
        { name: this.name, owner: this.owner },
        { position, erasuresSeen, leaseUntil: Date.now() + this.leaseMs, updatedAt: new Date().toISOString() },
      );
      if (moved.affected !== 1) throw new LeaseLostError(`Runner ${this.owner} no longer holds ${this.name}`);
    });
    this.erasuresSeen = erasuresSeen;
    return position;
  }

  /**
   * Drops the read model and replays the whole log into it, taking the projection over from any
   * live runner (which waits, then resumes from the rebuilt checkpoint).
   */
  async rebuild(onProgress?: (progress: RebuildProgress) => void, batchSize = this.projection.rebuildBatchSize ?? REBUILD_BATCH_SIZE): Promise<number> {
    const total = await this.store.countEvents();
    await this.claim(true, true);
    let handled = 0;
    const replay = new CatchUpSubscription(this.store, this, {
      batchSize,
      eventTypes: this.readTypes,
      onBatch: (n) => {
        handled += n;
        onProgress?.({ projection: this.name, handled, total });
      },
    });
    onProgress?.({ projection: this.name, handled: 0, total });
    this.rebuilding = true;
    this.leaseRenewedAt = Date.now();
    const held = this.holdWrites(true);
    this.held = held === undefined ? undefined : { value: held, position: START };
    try {
      const handled = await replay.catchUp();
      if (this.held) await this.flushHeld(this.held);
      return handled;
    } finally {
      // A rebuild that failed leaves no write of its own running after it (nor beside the next rebuild).
      await Promise.allSettled([...this.heldWrites]);
      this.rebuilding = false;
      this.held = undefined;
      if (this.stopped) {
        await this.write((manager) =>
          manager.update(ProjectionCheckpointEntity, { name: this.name, owner: this.owner }, { owner: null, leaseUntil: 0 }),
        );
      }
    }
  }

  /**
   * Takes the lease if free, lapsed or ours (or always, with `force`). Clears the read model
   * when asked to or when the stored version differs from the projection's.
   */
  private async claim(force: boolean, reset = false, heldBy?: (holder: string) => void): Promise<ProjectionCheckpointEntity | undefined> {
    // Look before writing: a runner waiting for a held lease must not write at all, or on
    // SQLite its attempts would keep failing the holder's transactions as busy.
    const current = await this.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ name: this.name });
    if (!force && current?.owner && current.owner !== this.owner && current.leaseUntil >= Date.now()) {
      heldBy?.(current.owner);
      return undefined;
    }
    const previous = current?.owner && current.owner !== this.owner ? { from: current.owner, lapsedMs: Math.max(0, Date.now() - current.leaseUntil) } : {};
    const claimed = await this.write(async (manager) => {
      const repo = manager.getRepository(ProjectionCheckpointEntity);
      await repo
        .createQueryBuilder()
        .insert()
        .values({ name: this.name, position: START, version: this.projection.version, owner: null, leaseUntil: 0 })
        .orIgnore()
        .execute();
      const now = Date.now();
      const claim = repo
        .createQueryBuilder()
        .update()
        .set({ owner: this.owner, leaseUntil: now + this.leaseMs })
        .where('name = :name', { name: this.name });
      if (!force) claim.andWhere('(owner IS NULL OR owner = :owner OR "leaseUntil" < :now)', { owner: this.owner, now });
      const claimed = await claim.execute();
      if (claimed.affected !== 1) return undefined;
      const row = await repo.findOneByOrFail({ name: this.name });
      if (reset || row.version !== this.projection.version || row.position === START) {
        // Built from the start, it reads every erasure made so far as erased already.
        this.replayStartedAt = Date.now();
        const erasuresSeen = this.erasedCount ? await this.erasedCount() : 0;
        for (const entity of this.projection.entities) await manager.clear(entity);
        await repo.update({ name: this.name }, { position: START, version: this.projection.version, erasuresSeen, failure: null });
        row.position = START;
        row.version = this.projection.version;
        row.erasuresSeen = erasuresSeen;
      }
      this.erasuresSeen = row.erasuresSeen;
      return row;
    });
    if (claimed) this.options.onLease?.({ kind: 'held', projection: this.name, ...previous });
    return claimed;
  }

  private async renewLease(): Promise<void> {
    if (this.stopped) return;
    await this.write((manager) =>
      manager.update(ProjectionCheckpointEntity, { name: this.name, owner: this.owner }, { leaseUntil: Date.now() + this.leaseMs }),
    );
  }

  /**
   * One read-model transaction. On PostgreSQL it commits without waiting for its WAL to reach
   * disk (synchronous_commit off, for this transaction only): a read model is derived, and its
   * checkpoint commits with its rows, so a crash that loses the last commits loses both, and the
   * runner applies those events again. The events themselves are written durably by the store.
   * Under load this takes one disk flush per batch per projection off the appends' path.
   * `commitMode`: 'set by the work' where the work's own statement sets it (applyAndMove, renewWithin).
   */
  private write<T>(work: (manager: EntityManager) => Promise<T>, commitMode: 'set first' | 'set by the work' = 'set first'): Promise<T> {
    return withWriteLock(this.dataSource, () =>
      this.dataSource.transaction(async (manager) => {
        if (commitMode === 'set first' && this.dataSource.options.type === 'postgres') await manager.query('SET LOCAL synchronous_commit = off');
        return work(manager);
      }),
    );
  }
}
