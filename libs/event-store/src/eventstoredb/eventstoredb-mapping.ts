import type { AppendExpectedRevision, Position } from '@eventstore/db-client';
import { EventMetadata, JsonObject, LogPosition, RecordedEvent } from '../event-store.port';
import { canonicalJson } from '../integrity/canonical-json';
import { decodePosition, encodePosition } from '../log-position';

/*
 * Pure mapping between the port and EventStoreDB (ESDB), kept free of I/O so it can be unit
 * tested without a server. Only types are imported from the client.
 *
 * Stream layout inside one namespace `ns` (letters and digits only):
 *   `${ns}-${streamId}`        the events of the caller's stream `streamId`
 *   `${ns}_eventid-${eventId}` the claim of one event id (see the adapter's JSDoc)
 * A namespace cannot contain `-` or `_`, so no stream of one namespace starts with the data
 * prefix `${other}-` of another, and claim streams never match any data prefix.
 *
 * ESDB event metadata of a data event (canonical JSON, stored as raw bytes):
 *   { "$safeguard": { "append": <uuid>, "hash": <hex>, "recordedAt": <ms>, "v": 1 },
 *     "metadata": <the caller's EventMetadata, as appended> }
 * `$safeguard` carries what the SQL adapters keep in columns: the chain link and the recorded
 * time the link covers (ESDB's own `created` is not covered by the chain, so it is not used).
 * `append` identifies the append attempt that wrote the event, so a writer can tell its own
 * write from an identical one that ESDB acknowledged idempotently. The caller's metadata is
 * nested, not spread, so no caller key can ever collide with ours.
 */

export const DEFAULT_NAMESPACE = 'safeguard';
export const SEAL_KEY = '$safeguard';
export const CLAIM_EVENT_TYPE = 'EventIdClaimed';
const NAMESPACE = /^[A-Za-z0-9]{1,64}$/;
const HEX_HASH = /^[0-9a-f]{64}$/;
/** What ESDB servers before 22.6 put in the commit position of events read from a stream. */
const NO_POSITION = 2n ** 64n - 1n;

export class StreamNames {
  readonly dataPrefix: string;

  constructor(readonly namespace: string) {
    if (!NAMESPACE.test(namespace)) throw new RangeError(`EventStoreDB namespace ${JSON.stringify(namespace)} must be 1 to 64 letters or digits`);
    this.dataPrefix = `${namespace}-`;
  }

  data(streamId: string): string {
    return this.dataPrefix + streamId;
  }

  claim(eventId: string): string {
    return `${this.namespace}_eventid-${eventId}`;
  }

  isData(streamName: string): boolean {
    return streamName.startsWith(this.dataPrefix);
  }

  streamIdOf(streamName: string): string {
    if (!this.isData(streamName)) throw new RangeError(`Stream ${streamName} is not in namespace ${this.namespace}`);
    return streamName.slice(this.dataPrefix.length);
  }
}

/** The adapter's own fields in an event's ESDB metadata. */
export interface Seal {
  v: 1;
  /** Hex link hash (see integrity/hash-chain.ts). */
  hash: string;
  /** Milliseconds since the epoch: the `recordedAtMillis` the link hash covers. */
  recordedAt: number;
  /** The append attempt that wrote the event. */
  append: string;
}

/** An event in our namespace that this adapter did not write, or that was altered. */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  constructor(readonly streamName: string, readonly revision: bigint | number, problem: string) {
    super(`EventStoreDB event ${streamName}@${revision} cannot be read as a stored event: ${problem}`);
  }
}

/** The structural part of the client's RecordedEvent that the mapping needs. */
export interface EsdbEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

export function positionFromEsdb(position: Position | undefined): LogPosition {
  if (!position || position.commit >= NO_POSITION || position.prepare >= NO_POSITION || position.commit < 0n || position.prepare < 0n) {
    throw new RangeError('EventStoreDB gave no $all position for an event read from a stream: this adapter needs EventStoreDB 22.6 or later');
  }
  return encodePosition(position.commit, position.prepare);
}

export function positionToEsdb(position: LogPosition): Position {
  const { major, minor } = decodePosition(position);
  return { commit: major, prepare: minor };
}

/** `metadataJson` is the canonical JSON from prepareAppend; the result is canonical JSON too. */
export function wrapMetadata(metadataJson: string, seal: Seal): string {
  const sealJson = canonicalJson({ v: seal.v, hash: seal.hash, recordedAt: seal.recordedAt, append: seal.append });
  // Both parts are canonical and "$safeguard" sorts before "metadata", so the whole is canonical.
  return `{${JSON.stringify(SEAL_KEY)}:${sealJson},"metadata":${metadataJson}}`;
}

/** `raw` is the metadata as the client parsed it (an object for JSON metadata). */
export function unwrapMetadata(raw: unknown, streamName: string, revision: bigint | number): { metadata: EventMetadata; seal: Seal } {
  const fail = (problem: string) => new UnreadableEventError(streamName, revision, problem);
  if (!isPlainObject(raw)) throw fail('its metadata is not a JSON object');
  const seal = raw[SEAL_KEY];
  const metadata = raw.metadata;
  if (!isPlainObject(seal)) throw fail(`its metadata has no ${SEAL_KEY} seal`);
  if (!isPlainObject(metadata)) throw fail('its metadata holds no event metadata');
  if (Object.keys(raw).length !== 2) throw fail('its metadata has unexpected fields');
  if (seal.v !== 1) throw fail(`its seal has unknown layout version ${JSON.stringify(seal.v)}`);
  if (typeof seal.hash !== 'string' || !HEX_HASH.test(seal.hash)) throw fail('its seal has no valid hash');
  if (typeof seal.recordedAt !== 'number' || !Number.isSafeInteger(seal.recordedAt) || seal.recordedAt < 0) {
    throw fail('its seal has no valid recorded time');
  }
  if (typeof seal.append !== 'string') throw fail('its seal names no append');
  return { metadata: metadata as EventMetadata, seal: { v: 1, hash: seal.hash, recordedAt: seal.recordedAt, append: seal.append } };
}

export function toRecordedEvent(raw: EsdbEvent, names: StreamNames): RecordedEvent {
  const { metadata, seal } = unwrapMetadata(raw.metadata, raw.streamId, raw.revision);
  if (!raw.isJson || !isPlainObject(raw.data)) throw new UnreadableEventError(raw.streamId, raw.revision, 'its data is not a JSON object');
  return {
    id: raw.id.toLowerCase(),
    streamId: names.streamIdOf(raw.streamId),
    revision: revisionNumber(raw.revision),
    position: positionFromEsdb(raw.position),
    type: raw.type,
    data: raw.data as JsonObject,
    metadata,
    recordedAt: new Date(seal.recordedAt).toISOString(),
    hash: seal.hash,
  };
}

export function revisionNumber(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Stream revision ${revision} is out of range`);
  return Number(revision);
}

/** What a claim stream holds: the stream an event id belongs to, and where to look for it. */
export interface Claim {
  streamId: string;
  /**
   * The stream's next revision when the claim was made. Every append that can store the id
   * runs after the claim exists, with an exact expected revision read no earlier, so the id
   * can only be stored at this revision or later.
   */
  fromRevision: number;
}

export function claimData(claim: Claim): JsonObject {
  return { streamId: claim.streamId, fromRevision: claim.fromRevision };
}

export function parseClaim(raw: EsdbEvent): Claim {
  const data = raw.data;
  if (
    raw.type !== CLAIM_EVENT_TYPE ||
    !isPlainObject(data) ||
    typeof data.streamId !== 'string' ||
    typeof data.fromRevision !== 'number' ||
    !Number.isSafeInteger(data.fromRevision) ||
    data.fromRevision < 0
  ) {
    throw new UnreadableEventError(raw.streamId, raw.revision, 'it is not an event id claim');
  }
  return { streamId: data.streamId, fromRevision: data.fromRevision };
}

/**
 * How the caller's expectation (normalised: any -1, no-stream -2, stream-exists -3, n >= 0)
 * meets the head we read (-1: no events). An accepted append is always sent with the exact
 * revision of that head, never ANY or STREAM_EXISTS, so no other writer can slip in between
 * the read and the write and fork the hash chain.
 */
export type AppendDecision = { kind: 'append'; expectedRevision: AppendExpectedRevision } | { kind: 'refuse' };

export function decideAppend(expectedCode: number, head: number): AppendDecision {
  const accepted =
    expectedCode === -1 ? true : expectedCode === -2 ? head === -1 : expectedCode === -3 ? head >= 0 : head === expectedCode;
  return accepted ? { kind: 'append', expectedRevision: exactExpectedRevision(head) } : { kind: 'refuse' };
}

export function exactExpectedRevision(head: number): AppendExpectedRevision {
  return head < 0 ? 'no_stream' : BigInt(head);
}

/**
 * When another writer moved the head between our read and our write: `any` and
 * `stream-exists` still hold against the new head, so we read it again and retry; an exact
 * revision or `no-stream` can no longer hold, so the caller is told.
 */
export function retriesAfterConcurrentAppend(expectedCode: number): boolean {
  return expectedCode === -1 || expectedCode === -3;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
