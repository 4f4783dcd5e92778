import { ExpectedRevision } from './event-store.port';

/** The stream was not at the expected revision; nothing was written. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, -1 when it has no events. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at revision ${actual}, expected ${String(expected)}`);
  }
}

/**
 * Some of the event ids in an append are already stored and some are not, or they belong to
 * another stream: the append is not a retry of an earlier one. Nothing was written.
 */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(readonly streamId: string, readonly eventIds: readonly string[]) {
    super(`Event ids already stored elsewhere or partially: ${eventIds.join(', ')}`);
  }
}

export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}

/**
 * An outbox message id given with new events is already stored (with other events): message ids
 * must be unique. Nothing was written.
 */
export class OutboxMessageConflictError extends Error {
  override readonly name = 'OutboxMessageConflictError';
  constructor(readonly streamId: string, readonly messageIds: readonly string[]) {
    super(`Outbox message ids already stored with other events: ${messageIds.join(', ')}`);
  }
}

/**
 * A read waited on a projection that is failing (it cannot apply an event and is retrying): the
 * answer would never come within the wait, so the reader is told at once which read model it is.
 */
export class ProjectionFailingError extends Error {
  override readonly name = 'ProjectionFailingError';
  constructor(readonly projection: string) {
    super(`The read model ${projection} is failing to apply the log; it is retrying`);
  }
}
