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
  constructor(
    readonly projection: string,
    /** The event it cannot get past, where known (an id and a position: never its data). */
    readonly event?: { id: string; position: string; type: string },
  ) {
    super(`The read model ${projection} is failing to apply the log${event ? ` at event ${event.id} (${event.type})` : ''}; it is retrying`);
  }
}

/**
 * A projection could not apply one event of the log. The runner finds which (it applies a failed
 * batch again one event at a time, keeping the events before it), stops there and retries with
 * back-off: the other projections go on. Names the event by id, position and type, never by data.
 */
export class ProjectionEventError extends Error {
  override readonly name = 'ProjectionEventError';
  constructor(
    readonly projection: string,
    readonly event: { id: string; position: string; type: string },
    override readonly cause: unknown,
  ) {
    super(`${projection} cannot apply event ${event.id} (${event.type}) at ${event.position}: ${describeError(cause)}`);
  }
}

/**
 * An event whose personal data does not open (its sealed block is damaged, or was sealed with a
 * key this store does not hold). Thrown only when its data is read: a projection that does not
 * read its type passes over it, one that does fails on it alone, as on any event it cannot apply.
 */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  constructor(readonly event: { id: string; position: string; type: string }, cause: unknown) {
    super(`The personal data of event ${event.id} (${event.type}) cannot be opened: ${describeError(cause)}`);
  }
}

/**
 * An error as operators may see it: its class and message, cut short; a database driver's error
 * by its class and code only (a driver's message can quote the values of a row, or name hosts).
 */
export function describeError(error: unknown): string {
  // Duck-typed: errors from Node's own modules may come from another realm (a test runner's sandbox).
  if (typeof error !== 'object' || error === null || typeof (error as Error).message !== 'string') return 'Unknown error';
  const { name = 'Error', message, code } = error as Error & { code?: unknown };
  if (typeof code === 'string' && /QueryFailed|Driver|Sqlite|Postgres|Database/i.test(`${name} ${error.constructor?.name}`)) return `${name} (${code})`;
  return `${name}: ${message.length > 200 ? `${message.slice(0, 200)}…` : message}`;
}
