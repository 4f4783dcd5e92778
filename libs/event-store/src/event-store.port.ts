/**
 * The event store port. Every adapter (SQL on PostgreSQL or SQLite, EventStoreDB) implements
 * it and passes the contract suite in `libs/event-store/testing`.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who caused an event and why. The store records it verbatim and hashes it with the data. */
export type EventMetadata = {
  /** The user who caused the change. */
  actor: { userId: string; agencyId: string };
  correlationId?: string;
  causationId?: string;
  /** Why, where the law asks for a reason (sharing, break-glass access, erasure). */
  reason?: string;
} & { [key: string]: unknown };

export interface NewEvent<TType extends string = string, TData extends JsonObject = JsonObject> {
  /** A UUID. Re-appending an id that is already stored writes nothing (idempotent retry). */
  id?: string;
  type: TType;
  data: TData;
  metadata: EventMetadata;
}

/**
 * A point in the global log. Opaque, but ordered: positions compare correctly as plain
 * strings (`a < b` means `a` comes first). `START` is before every event.
 */
export type LogPosition = string;
export const START: LogPosition = '';

export interface RecordedEvent<TType extends string = string, TData extends JsonObject = JsonObject> {
  id: string;
  streamId: string;
  /** 0 for the first event of a stream, then 1, 2, ... without gaps. */
  revision: number;
  position: LogPosition;
  type: TType;
  data: TData;
  metadata: EventMetadata;
  /** ISO 8601, millisecond precision, never decreasing within a stream. */
  recordedAt: string;
  /** Hex SHA-256 linking this event to the previous one of its stream (see hash-chain.ts). */
  hash: string;
}

/** `any`: no check; `no-stream`: must not exist yet; `stream-exists`: must have an event; n: the last revision must be n. */
export type ExpectedRevision = 'any' | 'no-stream' | 'stream-exists' | number;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
  /**
   * Integration messages caused by these events (the transactional outbox): stored in the same
   * transaction as the events, so both commit or neither does, and relayed later (libs/messaging).
   * An idempotent retry stores nothing again. The SQL adapters keep them in `es_outbox`; the
   * EventStoreDB adapter refuses them (derive messages from a checkpointed subscription there).
   */
  outbox?: readonly OutboxMessage[];
}

/** A message to publish once the append commits. */
export interface OutboxMessage {
  /** A UUID, unique across the outbox: consumers are idempotent by it. Derive it from the event id. */
  id: string;
  /** Where it goes, e.g. a Kafka topic. */
  topic: string;
  /** The partition key: messages with the same key are published in the order they were stored. */
  key: string;
  /** The message contract's type, e.g. `intelligence-disseminated.v1`. */
  type: string;
  payload: JsonObject;
  headers?: Record<string, string>;
}

export interface AppendResult {
  streamId: string;
  /** The revision of the last event now in the stream: pass it as the next expected revision. */
  nextExpectedRevision: number;
  /** The position of the last event appended (or found, for an idempotent retry). */
  position: LogPosition;
  /** False when every event id was already stored and nothing was written. */
  written: boolean;
}

export type AsOf = { time: string | Date } | { revision: number };

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Forwards defaults to 0, backwards to the end. */
  fromRevision?: number;
  /** Inclusive bound on the other side of `fromRevision`. */
  toRevision?: number;
  /** What the stream looked like at a moment or revision: later events are left out. */
  asOf?: AsOf;
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Defaults to START. */
  after?: LogPosition;
  /** At most this many events (default 500). */
  limit?: number;
  /**
   * `readAllOfTypes` only: few events of the page are expected to be of the types asked for (the
   * page before had few). A store may then read the page another way, cheaper for a page of mostly
   * other events; the page is the same either way.
   */
  sparse?: boolean;
}

/** A page of the global log read for some event types only (`readAllOfTypes`). */
export interface TypedLogPage {
  /** The scanned events of the wanted types, in log order. */
  events: RecordedEvent[];
  /** How many events of the log the page covered, wanted or not (0 at the end of the log). */
  scanned: number;
  /** The position of the last event covered: the next page reads after it. Absent when none was. */
  scannedTo?: LogPosition;
}

export interface EventStore {
  /** Which adapter this is, for logs and health checks. */
  readonly kind: 'postgres' | 'sqlite' | 'eventstoredb';

  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /** The events of one stream; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * The global log in order, in batches. An adapter never returns an event while an event that
   * precedes it in this order may still be committed later: a reader that moves its
   * checkpoint to the last position returned can never skip an event.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * The same page of the log as `readAll` with the same options (`limit` counts events
   * covered, not returned), keeping only events of the given types: the others are passed over
   * without reading or decoding their data. For readers that want a few types of a log that
   * holds many (a projection among access records), resuming after `scannedTo`.
   */
  readAllOfTypes(types: readonly string[], options?: ReadAllOptions): Promise<TypedLogPage>;

  /** Number of events in the whole store (for progress reporting). */
  countEvents(): Promise<number>;

  /** Called after every successful append in this process, to wake live subscriptions. */
  onAppended(listener: () => void): () => void;

  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
