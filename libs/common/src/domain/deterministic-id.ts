import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, name-based with SHA-256) derived from its parts: the same parts always give
 * the same id. Used to turn a client's Idempotency-Key into event and record ids, so a retried
 * command addresses the same stream and the store refuses to write it twice.
 */
export function deterministicUuid(...parts: string[]): string {
  const bytes = createHash('sha256').update(parts.join('\u0000'), 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
