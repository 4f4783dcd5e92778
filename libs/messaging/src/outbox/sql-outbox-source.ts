import { EventStore, OutboxStore } from '@app/event-store';
import { OutboxBatch, OutboxSource } from './outbox-source';

/**
 * The transactional outbox of the SQL adapters (`es_outbox`): unsent rows in the order of their
 * events, marked sent once published. A crash between publishing and marking publishes the batch
 * again: at least once, and consumers are idempotent by message id.
 */
export class SqlOutboxSource implements OutboxSource {
  readonly kind = 'sql-outbox' as const;

  constructor(private readonly store: EventStore & OutboxStore) {}

  async next(limit: number): Promise<OutboxBatch | undefined> {
    const rows = await this.store.readUnsentOutbox(limit);
    if (rows.length === 0) return undefined;
    return {
      messages: rows.map(({ storedAt: _, ...message }) => message),
      acknowledge: () => this.store.markOutboxSent(rows.map((r) => r.id)),
    };
  }

  pending(): Promise<number> {
    return this.store.countUnsentOutbox();
  }

  onAvailable(listener: () => void): () => void {
    return this.store.onOutboxAppended(listener);
  }

  async resume(): Promise<void> {}
}
