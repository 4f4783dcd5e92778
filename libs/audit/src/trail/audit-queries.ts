import { EventStore, LogPosition, RecordedEvent, START, rawEventStore, readLogPage } from '@app/event-store';
import { parseMoment } from '../time-travel/time-travel';

/** One line of an auditor's cross-record view. Ids, codes and metadata only: no personal data. */
export interface ActivityEntry {
  entry: 'change' | 'access';
  streamId: string;
  revision: number;
  position: string;
  type: string;
  at: string;
  actor: string;
  agency: string;
  reason?: string;
  /** For reads: what was read. */
  record?: { kind: string; id: string };
  /** For reads: why, and whether only a break-glass reason opened it. */
  purpose?: string;
  breakGlass?: boolean;
  /** For disclosures: to whom, under which label and lawful basis. */
  disclosure?: { shareId: string; to: string; label: string; lawfulBasis: unknown; purpose: string };
}

export interface PeriodFilter {
  from?: string;
  to?: string;
}

const ACCESS_TYPES = new Set(['RecordAccessed', 'AccessDenied', 'ListAccessed', 'ListRefused']);

/**
 * The views an auditor asks for across records: everything one user did or read in a period,
 * every break-glass access, every disclosure outside the board. Each walks the global log once
 * (the store has no index by actor or time), reading metadata, access events (ids only) and
 * share headers; never personal data.
 */
export class AuditQueries {
  private readonly store: EventStore;

  constructor(store: EventStore) {
    // Beneath personal-data protection: nothing here needs a sealed field, so nothing is unsealed.
    this.store = rawEventStore(store);
  }

  /** Every change and read made by one user in the period, in log order. */
  activity(userId: string, period: PeriodFilter = {}, onProgress?: (scanned: number, total: number) => void): Promise<ActivityEntry[]> {
    return this.scan(period, undefined, (e) => e.metadata.actor?.userId === userId, onProgress);
  }

  /** Every record opened with a break-glass reason in the period. */
  breakGlass(period: PeriodFilter = {}, onProgress?: (scanned: number, total: number) => void): Promise<ActivityEntry[]> {
    return this.scan(period, ['RecordAccessed'], (e) => (e.data as { breakGlass?: boolean }).breakGlass === true, onProgress);
  }

  /** Every share that left the board in the period (libs/sharing `ShareSent`). */
  disclosures(period: PeriodFilter = {}, onProgress?: (scanned: number, total: number) => void): Promise<ActivityEntry[]> {
    return this.scan(period, ['ShareSent'], () => true, onProgress);
  }

  /** Walks the log (only events of `types`, when given: the others are passed over undecoded). */
  private async scan(
    period: PeriodFilter,
    types: readonly string[] | undefined,
    matches: (event: RecordedEvent) => boolean,
    onProgress?: (scanned: number, total: number) => void,
  ): Promise<ActivityEntry[]> {
    const from = period.from ? parseMoment(period.from).toISOString() : undefined;
    const to = period.to ? parseMoment(period.to).toISOString() : undefined;
    const total = await this.store.countEvents();
    const found: ActivityEntry[] = [];
    let after: LogPosition = START;
    let scanned = 0;
    for (;;) {
      const page = await readLogPage(this.store, { after, limit: 5000 }, types);
      if (page.scannedTo === undefined) break;
      for (const event of page.events) {
        if ((from && event.recordedAt < from) || (to && event.recordedAt > to)) continue;
        if (matches(event)) found.push(toEntry(event));
      }
      scanned += page.scanned;
      onProgress?.(scanned, total);
      after = page.scannedTo;
    }
    return found;
  }
}

function toEntry(event: RecordedEvent): ActivityEntry {
  const reason = event.metadata.reason;
  const base: ActivityEntry = {
    entry: ACCESS_TYPES.has(event.type) ? 'access' : 'change',
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    at: event.recordedAt,
    actor: event.metadata.actor?.userId,
    agency: event.metadata.actor?.agencyId,
    ...(typeof reason === 'string' ? { reason } : {}),
  };
  const data = event.data as Record<string, unknown>;
  if (event.type === 'RecordAccessed' || event.type === 'AccessDenied') {
    return { ...base, record: { kind: String(data.kind), id: String(data.recordId) }, purpose: String(data.purpose), breakGlass: data.breakGlass === true };
  }
  if (event.type === 'ShareSent') {
    return { ...base, disclosure: { shareId: String(data.shareId), to: String(data.to), label: String(data.label), lawfulBasis: data.lawfulBasis ?? null, purpose: String(data.purpose) } };
  }
  return base;
}
