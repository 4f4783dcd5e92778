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

/**
 * `contentHash` for an event whose data and metadata are already in canonical JSON (the append
 * path has them): the same bytes, assembled with the keys in sorted order (data, id, metadata,
 * streamId, type) instead of canonicalising the whole event a second time.
 */
export function contentHashOfCanonical(id: string, streamId: string, type: string, dataJson: string, metadataJson: string): Buffer {
  const canonical = `{"data":${dataJson},"id":${JSON.stringify(id)},"metadata":${metadataJson},"streamId":${JSON.stringify(streamId)},"type":${JSON.stringify(type)}}`;
  // One-shot: a third cheaper than a Hash object for an event's kilobyte, on every event appended.
  return hash('sha256', canonical, 'buffer');
}

export function linkHash(previous: Buffer, content: Buffer, revision: number, recordedAtMillis: number): Buffer {
  const input = Buffer.allocUnsafe(previous.length + content.length + 16);
  previous.copy(input, 0);
  content.copy(input, previous.length);
  input.writeBigInt64BE(BigInt(revision), previous.length + content.length);
  input.writeBigInt64BE(BigInt(recordedAtMillis), previous.length + content.length + 8);
  return hash('sha256', input, 'buffer');
}
