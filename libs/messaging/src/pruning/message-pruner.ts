import { DataSource } from 'typeorm';
import { EventStore, hasOutbox, withWriteLock } from '@app/event-store';
import { Sleeper } from '../backoff';
import { ProcessedMessageEntity } from '../consumer/processed-message.entity';

const DAY_MS = 86_400_000;

export interface MessagePrunerOptions {
  /** Sent outbox messages are deleted this many days after they were sent; 0 keeps them. */
  outboxRetentionDays: number;
  /**
   * Consumers' processed-message records are deleted this many days after the message was handled;
   * 0 keeps them. Must exceed the longest time a message can be redelivered (the topics' retention):
   * a message redelivered after its record is gone would be handled again.
   */
  processedMessagesRetentionDays: number;
  /** Rows per delete (one short transaction each; default 1000). */
  batchSize?: number;
  /** "Now", for the cutoffs (tests pass their own). */
  clock?: () => Date;
  /** Counts and error classes only: never a message's payload. */
  log?: (level: 'log' | 'error', message: string) => void;
}

export interface PruneResult {
  /** Sent outbox messages deleted; null when outbox pruning is off or the store keeps no outbox. */
  outbox: number | null;
  /** Processed-message records deleted; null when that pruning is off. */
  processedMessages: number | null;
}

/**
 * Deletes sent outbox messages and consumers' processed-message records once they are older than
 * their retention, in bounded batches so neither table is locked for long. Harmless when several
 * processes run it at once: each batch deletes rows no one else still needs, and on PostgreSQL
 * concurrent pruners skip each other's rows. Unsent messages are never touched.
 */
export class MessagePruner {
  private running = false;
  private loop?: Promise<void>;
  private readonly sleeper = new Sleeper();
  private readonly batchSize: number;
  private readonly clock: () => Date;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: DataSource,
    private readonly options: MessagePrunerOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Whether anything is to be pruned at all (both retentions 0: nothing). */
  get enabled(): boolean {
    return this.options.outboxRetentionDays > 0 || this.options.processedMessagesRetentionDays > 0;
  }

  /** Prunes now, then every `intervalMs` until stopped. */
  start(intervalMs: number): void {
    if (this.running || !this.enabled) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.pruneOnce().catch((error: unknown) => this.options.log?.('error', `Message pruning failed: ${describe(error)}`));
        if (this.running) await this.sleeper.sleep(intervalMs, { unref: true });
      }
    })();
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
  }

  /** One pass over both tables, every batch until none is left before the cutoffs. */
  async pruneOnce(): Promise<PruneResult> {
    const now = this.clock().getTime();
    const result: PruneResult = { outbox: null, processedMessages: null };
    const { outboxRetentionDays, processedMessagesRetentionDays } = this.options;
    const store = this.store;
    if (outboxRetentionDays > 0 && hasOutbox(store)) {
      const cutoff = new Date(now - outboxRetentionDays * DAY_MS);
      result.outbox = await this.inBatches(() => store.pruneSentOutbox(cutoff, this.batchSize));
    }
    if (processedMessagesRetentionDays > 0) {
      const cutoff = new Date(now - processedMessagesRetentionDays * DAY_MS);
      result.processedMessages = await this.inBatches(() => this.pruneProcessedMessages(cutoff));
    }
    if (result.outbox || result.processedMessages) {
      this.options.log?.('log', `Pruned ${result.outbox ?? 0} sent outbox message(s) and ${result.processedMessages ?? 0} processed-message record(s)`);
    }
    return result;
  }

  private async inBatches(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await batch();
      total += deleted;
      // A stop between batches leaves the rest for the next run.
      if (deleted < this.batchSize || (this.loop && !this.running)) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One batch of processed-message records handled before `cutoff` (ISO 8601 text sorts as time). */
  private async pruneProcessedMessages(cutoff: Date): Promise<number> {
    const metadata = this.readModels.getMetadata(ProcessedMessageEntity);
    const q = (name: string) => this.readModels.driver.escape(name);
    const table = metadata.schema ? `${q(metadata.schema)}.${q(metadata.tableName)}` : q(metadata.tableName);
    const column = (property: string) => q(metadata.findColumnWithPropertyName(property)!.databaseName);
    const processedAt = column('processedAt');
    // One bounded batch, by physical row id (a TID scan on PostgreSQL, rowid lookups on SQLite);
    // on PostgreSQL rows another pruner holds are skipped, not waited for.
    const sql =
      this.readModels.options.type === 'postgres'
        ? `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(
             SELECT ctid FROM ${table} WHERE ${processedAt} < $1 ORDER BY ${processedAt} LIMIT $2 FOR UPDATE SKIP LOCKED))`
        : `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${processedAt} < ? ORDER BY ${processedAt} LIMIT ?)`;
    return withWriteLock(this.readModels, async () => {
      const runner = this.readModels.createQueryRunner();
      try {
        return (await runner.query(sql, [cutoff.toISOString(), this.batchSize], true)).affected ?? 0;
      } finally {
        await runner.release();
      }
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
