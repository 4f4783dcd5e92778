import { randomUUID } from 'node:crypto';
import { AppendOptions, ExpectedRevision, NewEvent } from './event-store.port';
import { InvalidAppendError } from './errors';
import { canonicalJsonPieces } from './integrity/canonical-json';
import { hashContent } from './integrity/hash-chain';

/** A UUID in its usual form (8-4-4-4-12 hex digits, either case): event and message ids. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_EVENTS_PER_APPEND = 10_000;

/** An event ready to store: id fixed, JSON canonical, content hashed. */
export interface PreparedEvent {
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string;
  contentHash: Buffer;
}

/** Validation and hashing shared by every adapter, so they all store the same bytes. */
export function prepareAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}) {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 200 || streamId.startsWith('$')) {
    throw new InvalidAppendError('A stream id is 1 to 200 characters and does not start with $');
  }
  if (events.length === 0) throw new InvalidAppendError('An append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppendError(`An append holds at most ${MAX_EVENTS_PER_APPEND} events`);
  }
  const expected = normaliseExpected(options.expectedRevision ?? 'any');
  const quotedStreamId = JSON.stringify(streamId);
  const seen = new Set<string>();
  const prepared: PreparedEvent[] = events.map((event) => {
    const id = (event.id ?? randomUUID()).toLowerCase();
    if (!UUID_PATTERN.test(id)) throw new InvalidAppendError(`Event id ${id} is not a UUID`);
    if (seen.has(id)) throw new InvalidAppendError(`Event id ${id} appears twice in one append`);
    seen.add(id);
    if (typeof event.type !== 'string' || !/^[A-Za-z][A-Za-z0-9.:_-]{0,99}$/.test(event.type)) {
      throw new InvalidAppendError(`Event type ${JSON.stringify(event.type)} is not a valid name`);
    }
    if (!event.metadata?.actor?.userId || !event.metadata.actor.agencyId) {
      throw new InvalidAppendError(`Event ${event.type} has no actor (user and agency) in its metadata`);
    }
    // The id (a lower-case UUID) and the type (letters, digits and .:_-) need no escaping.
    const { dataJson, metadataJson, contentHash } = hashContent(canonicalJsonPieces(event.data), `"${id}"`, canonicalJsonPieces(event.metadata), quotedStreamId, `"${event.type}"`);
    return { id, type: event.type, dataJson, metadataJson, contentHash };
  });
  return { expected, events: prepared };
}

/** any = -1, no-stream = -2, stream-exists = -3, n >= 0 exact: the encoding the SQL adapters use. */
export function normaliseExpected(expected: ExpectedRevision): number {
  switch (expected) {
    case 'any':
      return -1;
    case 'no-stream':
      return -2;
    case 'stream-exists':
      return -3;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new InvalidAppendError(`Expected revision ${String(expected)} is not valid`);
      }
      return expected;
  }
}

export function denormaliseExpected(code: number): ExpectedRevision {
  return code === -1 ? 'any' : code === -2 ? 'no-stream' : code === -3 ? 'stream-exists' : code;
}

/** Whether a stream at `actual` (-1: no events) satisfies the expectation. */
export function revisionMatches(expectedCode: number, actual: number): boolean {
  if (expectedCode === -1) return true;
  if (expectedCode === -2) return actual === -1;
  if (expectedCode === -3) return actual >= 0;
  return actual === expectedCode;
}
