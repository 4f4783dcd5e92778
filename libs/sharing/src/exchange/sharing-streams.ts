import { Inject, Injectable } from '@nestjs/common';
import { StreamCommandContext, StreamCommandExecutor, StreamCommandResult } from '@app/common';
import { Decider } from '@app/common/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { OutboxWriter } from '@app/messaging';

/**
 * The stream executor (load, decide, append with If-Match and Idempotency-Key) with the outbox:
 * the messages a share's events cause (share-sent, share-revoked, acknowledgements, revocation
 * confirmations) are stored with them in one transaction, and only then relayed.
 */
@Injectable()
export class SharingStreams {
  private readonly executor: StreamCommandExecutor;

  constructor(@Inject(EVENT_STORE) readonly store: EventStore, writer: OutboxWriter) {
    this.executor = new StreamCommandExecutor(store, writer);
  }

  execute<C, E extends { type: string; data: object }, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: (now: string) => C,
    context: StreamCommandContext,
  ): Promise<StreamCommandResult<E, S>> {
    return this.executor.execute(streamId, decider, command, context);
  }
}
