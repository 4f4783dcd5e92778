import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { EventMetadata, JsonObject } from '../event-store.port';

/**
 * The per-stream hash chain.
 *
 *   content_i = SHA-256(canonicalJson({ id, streamId, type, data, metadata }))
 *   link_i    = SHA-256(link_{i-1} || content_i || int64be(revision_i) || int64be(recordedAtMillis_i))
 *   link_{-1} = 32 zero bytes
 *
 * The stored `hash` of an event is link_i. Changing any field of any event, reordering events
 * or removing one breaks every link from that event on. The PostgreSQL adapter computes the
 * link inside its append function with the same formula (see sql/postgres.schema.ts).
 * Personal data is encrypted before it is put in `data`, so the chain covers the ciphertext
 * and still verifies after a subject's key is destroyed.
 */
export const GENESIS_HASH = Buffer.alloc(32);

export interface HashableEvent {
  id: string;
  streamId: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

export function contentHash(event: HashableEvent): Buffer {
  const canonical = canonicalJson({
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
  return hash('sha256', canonical, 'buffer');
}

/** An event's data and metadata as canonical JSON, and its content hash. */
export interface HashedContent {
  dataJson: string;
  metadataJson: string;
  contentHash: Buffer;
}

const DATA_OFFSET = '{"data":'.length;
const ID_KEY_LENGTH = ',"id":'.length;
const METADATA_KEY_LENGTH = ',"metadata":'.length;

/**
 * `contentHash` on the append path, from the data's and metadata's canonical texts as
 * canonicalJsonPieces leaves them: the canonical JSON of { data, id, metadata, streamId, type } is
 * assembled in that (sorted) key order from the fields' texts instead of canonicalising the whole
 * event a second time, made one sequential string once, hashed, and the data and metadata are read
 * back as slices of it (V8 shares the envelope's characters). Copying each text flat first, then
 * again into the envelope, copied a hundred-event append's kilobytes twice. `quotedId`,
 * `quotedStreamId` and `quotedType` are JSON strings (quotes included).
 */
export function hashContent(dataPieces: string, quotedId: string, metadataPieces: string, quotedStreamId: string, quotedType: string): HashedContent {
  const envelope = `{"data":${dataPieces},"id":${quotedId},"metadata":${metadataPieces},"streamId":${quotedStreamId},"type":${quotedType}}`;
  // Reading a character makes V8 flatten the string in place; the pieces become garbage at once.
  envelope.charCodeAt(0);
  const metadataStart = DATA_OFFSET + dataPieces.length + ID_KEY_LENGTH + quotedId.length + METADATA_KEY_LENGTH;
  return {
    dataJson: envelope.slice(DATA_OFFSET, DATA_OFFSET + dataPieces.length),
    metadataJson: envelope.slice(metadataStart, metadataStart + metadataPieces.length),
    // One-shot: a third cheaper than a Hash object for an event's kilobyte, on every event appended.
    contentHash: hash('sha256', envelope, 'buffer'),
  };
}

export function linkHash(previous: Buffer, content: Buffer, revision: number, recordedAtMillis: number): Buffer {
  const input = Buffer.allocUnsafe(previous.length + content.length + 16);
  previous.copy(input, 0);
  content.copy(input, previous.length);
  input.writeBigInt64BE(BigInt(revision), previous.length + content.length);
  input.writeBigInt64BE(BigInt(recordedAtMillis), previous.length + content.length + 8);
  return hash('sha256', input, 'buffer');
}
