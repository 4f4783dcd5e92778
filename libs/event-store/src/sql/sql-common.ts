import { EventMetadata, JsonObject, RecordedEvent } from '../event-store.port';

export interface RawEventRow {
  position: string;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recordedAtMillis: number;
  /** The stored hash, or its hex. */
  hash: Buffer | string;
}

/**
 * The last recording time turned into text: the events of one append share their time, and a
 * page of the log is mostly whole appends (a rebuild formats one date per append, not per event).
 */
let lastRecorded = { millis: Number.NaN, iso: '' };

export function toRecordedEvent(row: RawEventRow): RecordedEvent {
  if (row.recordedAtMillis !== lastRecorded.millis) lastRecorded = { millis: row.recordedAtMillis, iso: new Date(row.recordedAtMillis).toISOString() };
  return {
    id: row.id,
    streamId: row.streamId,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: lastRecorded.iso,
    hash: typeof row.hash === 'string' ? row.hash : row.hash.toString('hex'),
  };
}

export function readLimit(limit: number | undefined, fallbackMax: number): number {
  if (limit === undefined) return Math.min(500, fallbackMax);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`Read limit ${limit} is not a positive integer`);
  return Math.min(limit, fallbackMax);
}

export function asOfTime(time: string | Date): Date {
  const date = time instanceof Date ? time : new Date(time);
  if (Number.isNaN(date.getTime())) throw new RangeError(`"as of" time ${String(time)} is not a date`);
  return date;
}

/** In-process wake-ups for live subscriptions after a successful append. */
export class AppendListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) queueMicrotask(listener);
  }

  clear(): void {
    this.listeners.clear();
  }
}
