import { EventStore } from '@app/event-store';
import { RecordKindRegistry } from '../time-travel/record-kinds';
import { EventSummary, parseMoment, summariseEvent } from '../time-travel/time-travel';

/** One line of a record's trail: a change (an event of its stream) or a recorded read. */
export interface TrailEntry extends Omit<EventSummary, 'revision' | 'position'> {
  entry: 'change' | 'access';
  streamId: string;
  revision?: number;
  position?: string;
}

export interface TrailFilter {
  actor?: string;
  agency?: string;
  /** An event type (`CaseClosed`) or an access kind. */
  type?: string;
  from?: string;
  to?: string;
  entry?: 'change' | 'access';
}

/**
 * Where recorded reads come from. Access recording arrives with issue 6: its library provides
 * this under `ACCESS_TRAIL_SOURCE` and every trail merges the reads in, filtered alike.
 */
export interface AccessTrailSource {
  accessesTo(kind: string, recordId: string, filter: TrailFilter): Promise<TrailEntry[]>;
}

export const ACCESS_TRAIL_SOURCE = Symbol('ACCESS_TRAIL_SOURCE');

/** A record's full chronological trail: every change with who, agency, when, why; and every read, once recorded. */
export class AuditTrail {
  constructor(
    private readonly store: EventStore,
    private readonly kinds: RecordKindRegistry,
    private readonly accesses?: AccessTrailSource,
  ) {}

  async trail(kind: string, recordId: string, filter: TrailFilter = {}): Promise<TrailEntry[]> {
    const record = this.kinds.get(kind);
    const streamId = record.streamId(recordId);
    const from = filter.from ? parseMoment(filter.from).getTime() : undefined;
    const to = filter.to ? parseMoment(filter.to) : undefined;
    const events = filter.entry === 'access' ? [] : await this.store.readStream(streamId, to ? { asOf: { time: to } } : {});
    const changes: TrailEntry[] = events.map((event) => ({ entry: 'change', streamId, ...summariseEvent(event) }));
    const reads = filter.entry === 'change' || !this.accesses ? [] : await this.accesses.accessesTo(kind, recordId, filter);
    return [...changes, ...reads]
      .filter((e) => from === undefined || Date.parse(e.at) >= from)
      .filter((e) => to === undefined || Date.parse(e.at) <= to.getTime())
      .filter((e) => !filter.actor || e.actor === filter.actor)
      .filter((e) => !filter.agency || e.agency === filter.agency)
      .filter((e) => !filter.type || e.type === filter.type)
      .sort((a, b) => a.at.localeCompare(b.at) || (a.position ?? '').localeCompare(b.position ?? ''));
  }
}
