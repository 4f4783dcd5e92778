import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START as ESDB_START,
  jsonEvent,
  type AppendExpectedRevision,
  type EventData,
  type StreamingRead,
} from '@eventstore/db-client';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  JsonObject,
  LogPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START,
  TypedLogPage,
} from '../event-store.port';
import { EventIdConflictError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import { GENESIS_HASH, linkHash } from '../integrity/hash-chain';
import { denormaliseExpected, prepareAppend } from '../prepare-append';
import { AppendListeners, asOfTime, readLimit } from '../sql/sql-common';
import {
  CLAIM_EVENT_TYPE,
  Claim,
  DEFAULT_NAMESPACE,
  EsdbEvent,
  StreamNames,
  claimData,
  decideAppend,
  exactExpectedRevision,
  parseClaim,
  positionFromEsdb,
  positionToEsdb,
  retriesAfterConcurrentAppend,
  revisionNumber,
  toRecordedEvent,
  unwrapMetadata,
  wrapMetadata,
} from './eventstoredb-mapping';

export interface EventStoreDbEventStoreOptions {
  /** An `esdb://` connection string, e.g. `esdb://localhost:2113?tls=false`. */
  connectionString: string;
  /**
   * Prefix of every stream this store writes (letters and digits, default `safeguard`). Stores
   * with different namespaces share a server without seeing each other's events.
   */
  namespace?: string;
}

type Prepared = ReturnType<typeof prepareAppend>;

interface Head {
  /** -1 when the stream has no events. */
  revision: number;
  hash: Buffer;
  recordedAt: number;
}

interface ClaimState extends Claim {
  /** Made by this append, as opposed to found. */
  mine: boolean;
}

interface Located {
  revision: number;
  position: LogPosition;
}

/** Retries of one `any` / `stream-exists` append against writers in other processes. */
const MAX_APPEND_ATTEMPTS = 10;
/** Claim streams written or read at once by one append. */
const CLAIM_CONCURRENCY = 32;
const EMPTY_HEAD: Head = { revision: -1, hash: GENESIS_HASH, recordedAt: 0 };

/**
 * The event store on EventStoreDB (22.6 or later), through `@eventstore/db-client`.
 *
 * Streams: the caller's stream `s` is the ESDB stream `${namespace}-s`; see
 * eventstoredb-mapping.ts for the layout of names and of the ESDB event metadata. Event data
 * is the event's JSON; ESDB's own metadata carries the caller's metadata untouched plus our
 * seal (link hash, recorded time, append id), which reads strip again.
 *
 * Hash chain: the same formula and the same recorded time rule as the SQL adapters, computed
 * here: an append reads the stream's last event, links each new event to it, and writes with
 * ESDB's expected revision set to exactly that last revision. A concurrent writer makes the
 * write fail whole instead of forking the chain; `any` and `stream-exists` then read the head
 * again and retry (a bounded number of times), an exact revision or `no-stream` is refused
 * with WrongExpectedRevisionError. Appends to one stream from this process queue behind each
 * other, so they do not spend those retries on each other.
 *
 * Idempotency: ESDB's own duplicate detection is best effort and per stream, so the adapter
 * keeps a claim per event id: the stream `${namespace}_eventid-${id}`, created with
 * NO_STREAM before the event is written, naming the stream the id belongs to and the
 * revision from which it can be stored. Claims make the answer exact: an id claimed for
 * another stream is an EventIdConflictError; an id claimed for this stream is looked for in
 * the stream from the claimed revision on, to tell a retry (every id stored: nothing written,
 * the first answer repeated) from a partial overlap (EventIdConflictError). Each write is
 * read back and recognised by its append id, because ESDB acknowledges a write that repeats
 * the ids at the expected revision without writing it.
 *
 * Not exact, by design or by ESDB: ESDB cannot write a claim and the events atomically, so a
 * claim stays when the append that made it then writes nothing (refused, lost a race, failed,
 * or the process died); the id stays bound to that stream and using it in another stream is
 * refused, where the SQL adapters would accept it. Retrying in the same stream works. The
 * global log is read unfiltered and filtered here (the client has no server-side filter for
 * `readAll`), which costs reading every other namespace's and the system's events too. The
 * client serialises JSON data itself (JSON.stringify), so the data bytes equal the canonical
 * JSON the SQL adapters store except where an object has integer-like keys ("9", "10"), which
 * JavaScript lists first, in numeric order; the values, and so the hashes, are the same.
 *
 * Needs read access to $all (an admin or ops user on a secure server). One append costs a
 * head read, a claim write per event id (in parallel), the write and a read-back; appends
 * larger than the server's MaxAppendSize (1 MiB by default) are refused by ESDB.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly listeners = new AppendListeners();
  private readonly queues = new Map<string, Promise<void>>();
  /** countEvents continues from here: $all only grows, and the adapter never deletes. */
  private counted: { after: LogPosition; events: number } = { after: START, events: 0 };

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly names: StreamNames,
  ) {}

  /** Connects lazily: the first operation opens the gRPC channel. */
  static async create(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const names = new StreamNames(options.namespace ?? DEFAULT_NAMESPACE);
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(options.connectionString), names);
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    if (options?.outbox?.length) {
      // ESDB cannot write other records in the events' transaction.
      throw new InvalidAppendError(
        'The eventstoredb adapter keeps no outbox: append the events alone and derive their messages from a checkpointed subscription (SubscriptionOutboxSource in libs/messaging)',
      );
    }
    const prepared = prepareAppend(streamId, events, options);
    const result = await this.oneAtATime(`stream:${streamId}`, () => this.appendQueued(streamId, prepared));
    if (result.written) this.listeners.notify();
    return result;
  }

  private async appendQueued(streamId: string, prepared: Prepared): Promise<AppendResult> {
    const stream = this.names.data(streamId);
    const ids = prepared.events.map((e) => e.id);
    let head = await this.readHead(stream);

    if (decideAppend(prepared.expected, head.revision).kind === 'refuse') {
      // A retry of an append that was stored is answered as such, whatever the revision now.
      const retried = await this.storedBefore(streamId, ids, await this.readClaims(ids), head.revision, true);
      if (retried) return retried;
      throw new WrongExpectedRevisionError(streamId, denormaliseExpected(prepared.expected), head.revision);
    }

    // Claims are made after the head was read, so their fromRevision is never above a
    // revision this or any later append can write the ids at.
    const claims = await this.claim(streamId, ids, head.revision + 1);
    const retried = await this.storedBefore(streamId, ids, claims, head.revision, false);
    if (retried) return retried;

    for (let attempt = 1; ; attempt++) {
      const written = await this.tryAppend(stream, prepared, head);
      if (written) return { streamId, nextExpectedRevision: written.revision, position: written.position, written: true };

      head = await this.readHead(stream);
      // The writer that got in first may have been a retry of this very append.
      const stored = await this.storedBefore(streamId, ids, claims, head.revision, true);
      if (stored) return stored;
      if (!retriesAfterConcurrentAppend(prepared.expected) || attempt >= MAX_APPEND_ATTEMPTS) {
        throw new WrongExpectedRevisionError(streamId, denormaliseExpected(prepared.expected), head.revision);
      }
      await sleep(Math.random() * Math.min(250, 10 * 2 ** attempt));
    }
  }

  /**
   * Writes the events after `head`, or nothing if the stream moved on. Returns the last
   * event's revision and position when this attempt's events are the ones stored.
   */
  private async tryAppend(stream: string, prepared: Prepared, head: Head): Promise<Located | undefined> {
    const recordedAt = Math.max(Date.now(), head.recordedAt);
    const append = randomUUID();
    let hash = head.hash;
    let revision = head.revision;
    const events = prepared.events.map((event) => {
      revision++;
      hash = linkHash(hash, event.contentHash, revision, recordedAt);
      const metadata = wrapMetadata(event.metadataJson, { v: 1, hash: hash.toString('hex'), recordedAt, append });
      return jsonEvent({
        id: event.id,
        type: event.type,
        data: JSON.parse(event.dataJson) as JsonObject,
        // Raw bytes: the client stores them as they are, so the metadata stays canonical JSON.
        metadata: Buffer.from(metadata, 'utf8'),
      });
    });
    if (!(await this.appendOrConflict(stream, events, exactExpectedRevision(head.revision)))) return undefined;

    const last = await this.readAt(stream, revision);
    if (!last || unwrapMetadata(last.metadata, last.streamId, last.revision).seal.append !== append) return undefined;
    // Read back rather than taken from the append's answer: this is the position readAll gives.
    return { revision, position: positionFromEsdb(last.position) };
  }

  /**
   * Whether the ids were stored by an earlier append: the first answer again if all were
   * (in this stream), EventIdConflictError if some were or if any belongs to another
   * stream, undefined if none. `afterRace` also searches when every claim is ours: another
   * writer that found our claim may have stored the ids since.
   */
  private async storedBefore(
    streamId: string,
    ids: readonly string[],
    claims: ReadonlyMap<string, ClaimState>,
    upTo: number,
    afterRace: boolean,
  ): Promise<AppendResult | undefined> {
    const all = [...claims.values()];
    if (all.some((claim) => claim.streamId !== streamId)) throw new EventIdConflictError(streamId, ids);
    if (all.length === 0 || (!afterRace && all.every((claim) => claim.mine))) return undefined;
    const from = Math.min(...all.map((claim) => claim.fromRevision));
    const found = await this.locate(this.names.data(streamId), new Set(ids), from, upTo);
    if (found.size === 0) return undefined;
    if (found.size < ids.length) throw new EventIdConflictError(streamId, ids);
    const last = [...found.values()].reduce((a, b) => (b.revision > a.revision ? b : a));
    return { streamId, nextExpectedRevision: last.revision, position: last.position, written: false };
  }

  /** Claims every id for `streamId`, or finds the claim another append made. */
  private async claim(streamId: string, ids: readonly string[], fromRevision: number): Promise<Map<string, ClaimState>> {
    const claims = new Map<string, ClaimState>();
    await forEachLimited(ids, CLAIM_CONCURRENCY, async (id) => {
      const ours: Claim = { streamId, fromRevision };
      const event = jsonEvent({ type: CLAIM_EVENT_TYPE, data: claimData(ours) });
      if (await this.appendOrConflict(this.names.claim(id), [event], NO_STREAM)) {
        claims.set(id, { ...ours, mine: true });
        return;
      }
      const existing = await this.readClaim(id);
      if (!existing) throw new Error(`EventStoreDB refused a first claim on event id ${id} but holds no claim for it`);
      claims.set(id, existing);
    });
    return claims;
  }

  private async readClaims(ids: readonly string[]): Promise<Map<string, ClaimState>> {
    const claims = new Map<string, ClaimState>();
    await forEachLimited(ids, CLAIM_CONCURRENCY, async (id) => {
      const claim = await this.readClaim(id);
      if (claim) claims.set(id, claim);
    });
    return claims;
  }

  private async readClaim(id: string): Promise<ClaimState | undefined> {
    const first = await this.firstEvent(this.client.readStream(this.names.claim(id), { direction: FORWARDS, fromRevision: ESDB_START, maxCount: 1 }));
    return first && { ...parseClaim(first), mine: false };
  }

  /** Where each of `ids` is stored in `stream` between two revisions (inclusive). */
  private async locate(stream: string, ids: ReadonlySet<string>, from: number, upTo: number): Promise<Map<string, Located>> {
    const found = new Map<string, Located>();
    if (from > upTo) return found;
    const read = this.client.readStream(stream, { direction: FORWARDS, fromRevision: BigInt(from), maxCount: upTo - from + 1 });
    await forEachEvent(read, (raw) => {
      const id = raw.id.toLowerCase();
      if (ids.has(id)) found.set(id, { revision: revisionNumber(raw.revision), position: positionFromEsdb(raw.position) });
      return true;
    });
    return found;
  }

  /** True when written (or acknowledged), false when the expected revision did not hold. */
  private async appendOrConflict(stream: string, events: EventData[], expectedRevision: AppendExpectedRevision): Promise<boolean> {
    try {
      // `success` is false instead of a throw when the connection string sets throwOnAppendFailure=false.
      return (await this.client.appendToStream(stream, events, { expectedRevision })).success;
    } catch (error) {
      if (isErrorType(error, ErrorType.WRONG_EXPECTED_VERSION)) return false;
      throw error;
    }
  }

  private async readHead(stream: string): Promise<Head> {
    const last = await this.firstEvent(this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    if (!last) return EMPTY_HEAD;
    const { seal } = unwrapMetadata(last.metadata, last.streamId, last.revision);
    return { revision: revisionNumber(last.revision), hash: Buffer.from(seal.hash, 'hex'), recordedAt: seal.recordedAt };
  }

  private async readAt(stream: string, revision: number): Promise<EsdbEvent | undefined> {
    const event = await this.firstEvent(this.client.readStream(stream, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1 }));
    return event && event.revision === BigInt(revision) ? event : undefined;
  }

  private async firstEvent(read: StreamingRead<{ event?: EsdbEvent }>): Promise<EsdbEvent | undefined> {
    let first: EsdbEvent | undefined;
    await forEachEvent(read, (raw) => {
      first = raw;
      return false;
    });
    return first;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.names.data(streamId);
    const backwards = options.direction === 'backwards';
    const limit = options.limit === undefined ? Number.POSITIVE_INFINITY : readLimit(options.limit, Number.MAX_SAFE_INTEGER);
    const until = options.asOf && 'time' in options.asOf ? asOfTime(options.asOf.time).getTime() : undefined;
    const bounds = [backwards ? options.fromRevision : options.toRevision, options.asOf && 'revision' in options.asOf ? options.asOf.revision : undefined];
    const highest = Math.min(...bounds.map((b) => b ?? Number.POSITIVE_INFINITY));
    const lowest = Math.max(0, (backwards ? options.toRevision : options.fromRevision) ?? 0);
    if (highest < lowest) return [];

    const events: RecordedEvent[] = [];
    if (!backwards) {
      const maxCount = Math.min(limit, highest - lowest + 1);
      const read = this.client.readStream(stream, { direction: FORWARDS, fromRevision: BigInt(lowest), ...countOption(maxCount) });
      await forEachEvent(read, (raw) => {
        const event = toRecordedEvent(raw, this.names);
        if (event.revision > highest || (until !== undefined && Date.parse(event.recordedAt) > until)) return false;
        events.push(event);
        return events.length < limit;
      });
      return events;
    }

    // ESDB does not clamp a backwards read that starts past the end, so start at the head.
    let start = highest;
    if (Number.isFinite(highest)) {
      start = Math.min(highest, (await this.readHead(stream)).revision);
      if (start < lowest) return [];
    }
    // Events newer than `until` are skipped at the top, so they cannot count against `limit`.
    const span = Number.isFinite(start) ? start - lowest + 1 : Number.POSITIVE_INFINITY;
    const maxCount = until === undefined ? Math.min(limit, span) : span;
    const fromRevision = Number.isFinite(start) ? BigInt(start) : END;
    const read = this.client.readStream(stream, { direction: BACKWARDS, fromRevision, ...countOption(maxCount) });
    await forEachEvent(read, (raw) => {
      const event = toRecordedEvent(raw, this.names);
      if (event.revision < lowest) return false;
      if (until !== undefined && Date.parse(event.recordedAt) > until) return true;
      events.push(event);
      return events.length < limit;
    });
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = readLimit(options.limit, 10_000);
    const events: RecordedEvent[] = [];
    await this.scanNamespace(options.after ?? START, (raw) => {
      events.push(toRecordedEvent(raw, this.names));
      return events.length < limit;
    });
    return events;
  }

  /** ESDB reads whole events; the others are dropped here, after the read. */
  async readAllOfTypes(types: readonly string[], options: ReadAllOptions = {}): Promise<TypedLogPage> {
    const limit = readLimit(options.limit, 10_000);
    const wanted = new Set(types);
    const events: RecordedEvent[] = [];
    let scanned = 0;
    let scannedTo: LogPosition | undefined;
    await this.scanNamespace(options.after ?? START, (raw) => {
      scanned++;
      scannedTo = positionFromEsdb(raw.position);
      if (wanted.has(raw.type)) events.push(toRecordedEvent(raw, this.names));
      return scanned < limit;
    });
    return { events, scanned, ...(scannedTo === undefined ? {} : { scannedTo }) };
  }

  /**
   * The first call reads the whole of $all (every namespace and the system's events); later
   * calls continue from where the previous one stopped.
   */
  async countEvents(): Promise<number> {
    return this.oneAtATime('count', async () => {
      await this.scanNamespace(
        this.counted.after,
        () => {
          this.counted.events++;
          return true;
        },
        (position) => (this.counted.after = position),
      );
      return this.counted.events;
    });
  }

  /**
   * Visits this namespace's events in $all after `after` (exclusive) until `visit` returns
   * false. ESDB's $all is one ordered log that readers see only up to what is committed, so an
   * event is never returned before one that precedes it.
   */
  private async scanNamespace(after: LogPosition, visit: (raw: EsdbEvent) => boolean, passed?: (position: LogPosition) => void): Promise<void> {
    // fromPosition is inclusive in ESDB; the event at `after` itself is skipped below.
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: after === START ? ESDB_START : positionToEsdb(after), resolveLinkTos: false });
    await forEachEvent(read, (raw) => {
      const position = positionFromEsdb(raw.position);
      if (after !== START && position <= after) return true;
      passed?.(position);
      // System events and link events have `$` types; claims and other namespaces fail the prefix.
      if (!this.names.isData(raw.streamId) || raw.type.startsWith('$')) return true;
      return visit(raw);
    });
  }

  onAppended(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.client.dispose();
  }

  /** Runs `work` after every earlier call with the same key has settled. */
  private async oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.queues.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.queues.get(key) === tail) this.queues.delete(key);
    }
  }
}

/**
 * Feeds each event of a read to `visit` until it returns false, then cancels the gRPC call
 * (an abandoned read would otherwise stay open). A stream that does not exist reads as empty.
 */
async function forEachEvent(read: StreamingRead<{ event?: EsdbEvent }>, visit: (raw: EsdbEvent) => boolean): Promise<void> {
  try {
    for await (const resolved of read) {
      if (!resolved.event) continue;
      if (!visit(resolved.event)) {
        await read.cancel();
        return;
      }
    }
  } catch (error) {
    if (isErrorType(error, ErrorType.STREAM_NOT_FOUND)) return;
    await read.cancel().catch(() => undefined);
    throw error;
  }
}

function countOption(maxCount: number): { maxCount?: number } {
  return Number.isFinite(maxCount) ? { maxCount } : {};
}

function isErrorType(error: unknown, type: ErrorType): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}

/** Stops taking items at the first failure, and returns only once nothing is in flight. */
async function forEachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
