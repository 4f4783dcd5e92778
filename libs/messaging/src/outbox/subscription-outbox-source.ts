import { EventStore, LogPosition } from '@app/event-store';
import { OutboxMapper, mapToMessages } from './outbox-mapper';
import { OutboxBatch, OutboxSource } from './outbox-source';
import { OutboxCheckpoint } from './relay-lease';

/**
 * Messages derived from the stored events, for EventStoreDB (which cannot write an outbox row in
 * the events' transaction): the global log is read from a checkpoint, like a projection, and each
 * event is mapped by the registered mappers; the checkpoint moves once a batch is published. The
 * mappers give every message an id derived from its event, so publishing a batch again (a crash
 * before the checkpoint moved) repeats ids that idempotent consumers recognise.
 */
export class SubscriptionOutboxSource implements OutboxSource {
  readonly kind = 'subscription' as const;
  private position?: LogPosition;
  private readonly eventTypes: Set<string>;

  constructor(
    private readonly store: EventStore,
    private readonly mappers: readonly OutboxMapper[],
    private readonly checkpoint: OutboxCheckpoint,
    private readonly eventBatchSize = 500,
  ) {
    this.eventTypes = new Set(mappers.flatMap((m) => m.eventTypes));
  }

  async resume(): Promise<void> {
    this.position = await this.checkpoint.load();
  }

  async next(limit: number): Promise<OutboxBatch | undefined> {
    this.position ??= await this.checkpoint.load();
    const events = await this.store.readAll({ after: this.position, limit: Math.max(limit, this.eventBatchSize) });
    if (events.length === 0) return undefined;
    const last = events[events.length - 1].position;
    return {
      messages: mapToMessages(
        this.mappers,
        events.filter((e) => this.eventTypes.has(e.type)),
      ),
      acknowledge: async () => {
        await this.checkpoint.save(last);
        this.position = last;
      },
    };
  }

  async pending(): Promise<number> {
    let after = this.position ?? (await this.checkpoint.load());
    let count = 0;
    // A few batches ahead at most: the count is for /health, not for accounting.
    for (let i = 0; i < 4; i++) {
      const events = await this.store.readAll({ after, limit: this.eventBatchSize });
      if (events.length === 0) break;
      count += mapToMessages(this.mappers, events.filter((e) => this.eventTypes.has(e.type))).length;
      after = events[events.length - 1].position;
    }
    return count;
  }

  onAvailable(listener: () => void): () => void {
    return this.store.onAppended(listener);
  }
}
