import type { EventStore, LogPosition, ReadAllOptions, TypedLogPage } from './event-store.port';

/** One page of the global log: every event, or only those of `types` (see `readAllOfTypes`). */
export async function readLogPage(store: EventStore, options: ReadAllOptions, types?: readonly string[]): Promise<TypedLogPage> {
  if (types) return store.readAllOfTypes(types, options);
  const events = await store.readAll(options);
  return events.length === 0 ? { events, scanned: 0 } : { events, scanned: events.length, scannedTo: events[events.length - 1].position };
}

/** What lies ahead of a position in the log, for one reader's event types. */
export interface LogScan {
  /** Events of the types after the position (up to `upTo`), counted up to `limit`. */
  behind: number;
  /** Where the scan ended: the head of the log (or `upTo`), or where a limit stopped it. */
  head: LogPosition;
  /** When the first of those events was recorded (null when none): how long a reader has been behind. */
  oldestRecordedAt: string | null;
}

/**
 * Counts the events of `types` (every event when none) after `after`: how far a projection is
 * behind the log, for status, metrics and the auditor's check. Pass the raw store: counting opens
 * no personal data. `upTo` stops at a position, `limit` at a count, `maxScanned` at a number of
 * events read (the count is then a floor).
 */
export async function scanLog(
  store: EventStore,
  types: readonly string[] | undefined,
  after: LogPosition,
  options: { upTo?: LogPosition; limit?: number; maxScanned?: number } = {},
): Promise<LogScan> {
  const { upTo, limit = Number.POSITIVE_INFINITY, maxScanned = Number.POSITIVE_INFINITY } = options;
  let head = after;
  let behind = 0;
  let scanned = 0;
  let oldestRecordedAt: string | null = null;
  while (behind < limit && scanned < maxScanned && (upTo === undefined || head < upTo)) {
    const page = await readLogPage(store, { ...(head ? { after: head } : {}), limit: 5000 }, types);
    if (page.scannedTo === undefined) break;
    const counted = upTo === undefined ? page.events : page.events.filter((e) => e.position <= upTo);
    oldestRecordedAt ??= counted[0]?.recordedAt ?? null;
    behind += counted.length;
    scanned += page.scanned;
    head = upTo !== undefined && page.scannedTo > upTo ? upTo : page.scannedTo;
  }
  return { behind: Math.min(behind, limit), head, oldestRecordedAt };
}
