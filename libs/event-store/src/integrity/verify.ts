import { EventStore, LogPosition, RecordedEvent, START } from '../event-store.port';
import { rawEventStore } from '../personal-data/protected-event-store';
import { GENESIS_HASH, contentHash, linkHash } from './hash-chain';

export interface BrokenLink {
  streamId: string;
  revision: number;
  eventId: string;
  position: LogPosition;
  /** `hash-mismatch`: the stored hash is not what the event's content and its predecessor give; `revision-gap`: an event is missing or out of order. */
  problem: 'hash-mismatch' | 'revision-gap';
  expectedHash?: string;
  storedHash?: string;
  expectedRevision?: number;
}

export interface ChainReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** The first broken link, in global log order. */
  firstBroken?: BrokenLink;
}

interface ChainHead {
  revision: number;
  hash: Buffer;
}

/** Checks events in order against the chain heads seen so far; returns the first broken link. */
export class ChainVerifier {
  private readonly heads = new Map<string, ChainHead>();
  eventsChecked = 0;

  get streamsChecked(): number {
    return this.heads.size;
  }

  check(event: RecordedEvent): BrokenLink | undefined {
    this.eventsChecked++;
    const head = this.heads.get(event.streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const at = {
      streamId: event.streamId,
      revision: event.revision,
      eventId: event.id,
      position: event.position,
    };
    if (event.revision !== head.revision + 1) {
      return { ...at, problem: 'revision-gap', expectedRevision: head.revision + 1 };
    }
    const expected = linkHash(head.hash, contentHash(event), event.revision, Date.parse(event.recordedAt));
    if (expected.toString('hex') !== event.hash) {
      return { ...at, problem: 'hash-mismatch', expectedHash: expected.toString('hex'), storedHash: event.hash };
    }
    this.heads.set(event.streamId, { revision: event.revision, hash: expected });
    return undefined;
  }
}

export async function verifyStream(store: EventStore, streamId: string): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  let from = 0;
  for (;;) {
    // What is stored is what was hashed: personal data as its envelopes, not opened.
    const batch = await rawEventStore(store).readStream(streamId, { fromRevision: from, limit: 1000 });
    for (const event of batch) {
      const broken = verifier.check(event);
      if (broken) return { ok: false, streamsChecked: 1, eventsChecked: verifier.eventsChecked, firstBroken: broken };
    }
    if (batch.length < 1000) break;
    from = batch[batch.length - 1].revision + 1;
  }
  return { ok: true, streamsChecked: verifier.streamsChecked, eventsChecked: verifier.eventsChecked };
}

export interface VerifyAllOptions {
  batchSize?: number;
  onProgress?: (checked: number) => void;
}

/** Walks the whole global log once, keeping only each stream's head in memory. */
export async function verifyAll(store: EventStore, options: VerifyAllOptions = {}): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  let after: LogPosition = START;
  for (;;) {
    const batch = await rawEventStore(store).readAll({ after, limit: options.batchSize ?? 2000 });
    if (batch.length === 0) break;
    for (const event of batch) {
      const broken = verifier.check(event);
      if (broken) {
        return { ok: false, streamsChecked: verifier.streamsChecked, eventsChecked: verifier.eventsChecked, firstBroken: broken };
      }
    }
    after = batch[batch.length - 1].position;
    options.onProgress?.(verifier.eventsChecked);
  }
  return { ok: true, streamsChecked: verifier.streamsChecked, eventsChecked: verifier.eventsChecked };
}
