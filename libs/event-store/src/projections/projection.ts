import { DiscoveryService } from '@nestjs/core';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { RecordedEvent } from '../event-store.port';

/**
 * A read model fed from the global log. Implementations are Nest providers marked with
 * `@ReadModelProjection()`; the runner gives each its own checkpoint, stored in the same
 * transaction as the rows it writes.
 */
export interface Projection<Held = unknown> {
  /** Stable name: the checkpoint's key. */
  readonly name: string;
  /**
   * Bump when the read model's shape or meaning changes: on start, a runner that finds an
   * older version stored rebuilds the read model from the first event.
   */
  readonly version: number;
  /** The TypeORM entities this projection owns; a rebuild clears them. */
  readonly entities: EntityTarget<ObjectLiteral>[];
  /**
   * Events of the log per read and transaction when rebuilt (default REBUILD_BATCH_SIZE): larger for
   * a projection whose batch writes much the same rows whatever its size (counts by month), so
   * that a rebuild writes them fewer times; its events in memory must stay small.
   */
  readonly rebuildBatchSize?: number;
  /** The event types it reads; other events are passed over (and checkpointed). */
  readonly eventTypes?: readonly string[];
  /**
   * The least time between the starts of its live batches while events keep coming (default
   * LIVE_BATCH_INTERVAL_MS): longer for a read model nobody reads within a second of a write
   * (the board's counts), whose every batch costs a transaction whatever its size. Someone waiting
   * for a position (`consistentWith`) is never kept waiting by it: the runner reads at once then.
   */
  readonly liveBatchIntervalMs?: number;
  /**
   * Apply events in log order inside the runner's transaction. Batches can be large (a rebuild
   * uses thousands): load the rows a batch touches once, write them once. The events are shared
   * with the process's other projections (one read of the log for all): never change them.
   */
  apply(events: readonly RecordedEvent[], manager: EntityManager, held?: Held): Promise<void>;
  /**
   * Optional, with `flushHeld`: what a rebuild lets the projection hold in memory from one batch to
   * the next instead of writing it each time (counts that every batch of a long log moves again).
   * The runner makes one per rebuild and hands it to every `apply`; `flushHeld` writes it in the
   * transaction that stores the rebuilt checkpoint. Until then the stored checkpoint stays at the
   * start, so a rebuild that stops part way (a crash, an error) is begun again from the first event,
   * and what its batches did write is cleared first. `apply` without it writes everything itself.
   * `writer`, given on PostgreSQL during a rebuild that is not one transaction: transactions of
   * their own in which held writes may be stored while later batches are applied.
   */
  holdWrites?(writer?: HeldWriter): Held;
  flushHeld?(held: Held, manager: EntityManager): Promise<void>;
}

/**
 * Runs work in a read-model transaction of its own, beside the batch's, which also renews the
 * runner's lease: it fails, and nothing of it is stored, when another runner has taken the
 * projection over. Resolves once committed.
 */
export type HeldWriter = (work: (manager: EntityManager) => Promise<void>) => Promise<void>;

/** Marks a provider as a projection for the runner to find. */
export const ReadModelProjection = DiscoveryService.createDecorator<void>();
