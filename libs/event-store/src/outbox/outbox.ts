import { EventStore, JsonObject, OutboxMessage } from '../event-store.port';
import { InvalidAppendError } from '../errors';
import { canonicalJson } from '../integrity/canonical-json';
import { UUID_PATTERN } from '../prepare-append';

/** Kafka's rule for topic names. */
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const TYPE = /^[A-Za-z][A-Za-z0-9.:_-]{0,99}$/;
export const MAX_OUTBOX_MESSAGES_PER_APPEND = 1000;

/** A message as the outbox stores it: JSON canonical, checked. */
export interface PreparedOutboxMessage {
  id: string;
  topic: string;
  key: string;
  type: string;
  payloadJson: string;
  headersJson: string;
}

/** A stored message not yet marked sent. */
export interface StoredOutboxMessage extends OutboxMessage {
  headers: Record<string, string>;
  /** When it was stored (ISO 8601): the relay measures delivery latency from it. */
  storedAt: string;
}

/**
 * An event store that keeps a transactional outbox (the SQL adapters): messages given with an
 * append (`AppendOptions.outbox`) commit with its events and wait here until a relay marks them
 * sent. libs/messaging's SqlOutboxSource reads it.
 */
export interface OutboxStore {
  /**
   * Unsent messages, oldest first, in the order of the events that caused them in the global log
   * (so messages with one key keep their order). Only committed messages; never one whose
   * predecessor may still commit.
   */
  readUnsentOutbox(limit: number): Promise<StoredOutboxMessage[]>;
  /** Marks messages sent; they are never read as unsent again. */
  markOutboxSent(ids: readonly string[]): Promise<void>;
  /** How many messages wait to be sent. */
  countUnsentOutbox(): Promise<number>;
  /**
   * When each of these messages was marked sent (ISO 8601), or null while it waits; ids the outbox
   * does not hold are left out. For read models that show delivery state (the police feed).
   */
  readOutboxDelivery(ids: readonly string[]): Promise<Map<string, string | null>>;
  /**
   * Deletes up to `limit` messages marked sent before `sentBefore`, oldest sent first, in one short
   * transaction; returns how many it deleted. Unsent messages are never touched. Call it again
   * until it returns less than `limit` (each call is one bounded batch, so a busy table is never
   * locked for long). Safe to run from several processes at once. A message no longer held was
   * necessarily sent: readers of delivery state (the police feed) show it as published.
   */
  pruneSentOutbox(sentBefore: Date, limit: number): Promise<number>;
  /**
   * Called after each append made in this process that stored messages (not after every append:
   * a relay woken by every access record would read the outbox for nothing hundreds of times a second).
   */
  onOutboxAppended(listener: () => void): () => void;
}

/** Most rows one `pruneSentOutbox` call deletes. */
export const MAX_OUTBOX_PRUNE_BATCH = 10_000;

/** Checks `pruneSentOutbox`'s arguments: the cutoff in epoch ms and the batch size. */
export function pruneArguments(sentBefore: Date, limit: number): { before: number; limit: number } {
  const before = sentBefore instanceof Date ? sentBefore.getTime() : Number.NaN;
  if (Number.isNaN(before)) throw new RangeError('pruneSentOutbox: sentBefore is not a date');
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_OUTBOX_PRUNE_BATCH) {
    throw new RangeError(`pruneSentOutbox: limit must be an integer from 1 to ${MAX_OUTBOX_PRUNE_BATCH}`);
  }
  return { before, limit };
}

/** Whether this adapter stores outbox messages with events (PostgreSQL and SQLite do; EventStoreDB does not). */
export function hasOutbox(store: EventStore): store is EventStore & OutboxStore {
  return typeof (store as Partial<OutboxStore>).readUnsentOutbox === 'function';
}

/** Checks outbox messages before anything is written; all adapters store the same bytes. */
export function prepareOutbox(messages: readonly OutboxMessage[] | undefined): PreparedOutboxMessage[] {
  if (!messages || messages.length === 0) return [];
  if (messages.length > MAX_OUTBOX_MESSAGES_PER_APPEND) {
    throw new InvalidAppendError(`An append carries at most ${MAX_OUTBOX_MESSAGES_PER_APPEND} outbox messages`);
  }
  const seen = new Set<string>();
  return messages.map((message, i) => {
    const where = `Outbox message ${i}`;
    const id = typeof message.id === 'string' ? message.id.toLowerCase() : '';
    if (!UUID_PATTERN.test(id)) throw new InvalidAppendError(`${where}: id is not a UUID`);
    if (seen.has(id)) throw new InvalidAppendError(`${where}: id ${id} appears twice in one append`);
    seen.add(id);
    if (typeof message.topic !== 'string' || !TOPIC.test(message.topic)) throw new InvalidAppendError(`${where}: topic is not a valid topic name`);
    if (typeof message.key !== 'string' || message.key.length === 0 || message.key.length > 200) {
      throw new InvalidAppendError(`${where}: key must be 1 to 200 characters`);
    }
    if (typeof message.type !== 'string' || !TYPE.test(message.type)) throw new InvalidAppendError(`${where}: type is not a valid name`);
    if (typeof message.payload !== 'object' || message.payload === null || Array.isArray(message.payload)) {
      throw new InvalidAppendError(`${where}: payload must be a JSON object`);
    }
    const headers = message.headers ?? {};
    if (typeof headers !== 'object' || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
      throw new InvalidAppendError(`${where}: headers must map names to strings`);
    }
    return {
      id,
      topic: message.topic,
      key: message.key,
      type: message.type,
      payloadJson: canonicalJson(message.payload),
      headersJson: canonicalJson(headers as JsonObject),
    };
  });
}

export function toStoredOutboxMessage(row: {
  id: string;
  topic: string;
  key: string;
  type: string;
  payload: string;
  headers: string;
  storedAtMillis: number;
}): StoredOutboxMessage {
  return {
    id: row.id,
    topic: row.topic,
    key: row.key,
    type: row.type,
    payload: JSON.parse(row.payload) as JsonObject,
    headers: JSON.parse(row.headers) as Record<string, string>,
    storedAt: new Date(row.storedAtMillis).toISOString(),
  };
}
