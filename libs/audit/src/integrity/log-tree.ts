import { BrokenLink, EventStore, GENESIS_HASH, LogPosition, RecordedEvent, START, contentHash, linkHash } from '@app/event-store';
import { leafHash } from './merkle';

/**
 * The leaves of the audit log tree: one per event, in global log order. A leaf is
 * `leafHash(link)`, where `link` is the event's chain link (hash-chain.ts) *recomputed* from the
 * event's stored content and its recomputed predecessor, never the stored `hash` column. So an
 * edited row changes its leaf even when the editor also rewrote the stored hashes, and the root
 * of any tree that contains it changes.
 */
export interface LogTree {
  /** Hashed leaves, index = place in the global log. */
  leaves: Buffer[];
  /** Each leaf's position in the global log. */
  positions: LogPosition[];
  /** The position of the last leaf (START for an empty log). */
  lastPosition: LogPosition;
  /** The first event whose stored hash or revision disagrees with the recomputed chain. */
  firstBroken?: BrokenLink;
}

export interface ReadLogTreeOptions {
  /** Stop after this many leaves (to rebuild an earlier checkpoint's tree). */
  upTo?: number;
  batchSize?: number;
  onProgress?: (leaves: number) => void;
  /**
   * Read on until the tree holds the event at this position (up to 5 s): an event just committed
   * may not be readable yet on PostgreSQL, where the log is read below the oldest open transaction.
   */
  including?: LogPosition;
}

export async function readLogTree(store: EventStore, options: ReadLogTreeOptions = {}): Promise<LogTree> {
  const heads = new Map<string, { revision: number; link: Buffer }>();
  const leaves: Buffer[] = [];
  const positions: LogPosition[] = [];
  let lastPosition: LogPosition = START;
  let firstBroken: BrokenLink | undefined;
  const upTo = options.upTo ?? Number.POSITIVE_INFINITY;
  const deadline = Date.now() + 5_000;
  while (leaves.length < upTo) {
    const batch = await store.readAll({ after: lastPosition, limit: Math.min(options.batchSize ?? 5000, upTo - leaves.length) });
    if (batch.length === 0) {
      if (options.including === undefined || lastPosition >= options.including || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
      continue;
    }
    for (const event of batch) {
      const { link, broken } = recompute(event, heads.get(event.streamId));
      firstBroken ??= broken;
      heads.set(event.streamId, { revision: event.revision, link });
      leaves.push(leafHash(link));
      positions.push(event.position);
    }
    lastPosition = batch[batch.length - 1].position;
    options.onProgress?.(leaves.length);
  }
  return { leaves, positions, lastPosition, firstBroken };
}

function recompute(event: RecordedEvent, head: { revision: number; link: Buffer } | undefined): { link: Buffer; broken?: BrokenLink } {
  const previous = head ?? { revision: -1, link: GENESIS_HASH };
  const link = linkHash(previous.link, contentHash(event), event.revision, Date.parse(event.recordedAt));
  const at = { streamId: event.streamId, revision: event.revision, eventId: event.id, position: event.position };
  if (event.revision !== previous.revision + 1) return { link, broken: { ...at, problem: 'revision-gap', expectedRevision: previous.revision + 1 } };
  if (link.toString('hex') !== event.hash) {
    return { link, broken: { ...at, problem: 'hash-mismatch', expectedHash: link.toString('hex'), storedHash: event.hash } };
  }
  return { link };
}
