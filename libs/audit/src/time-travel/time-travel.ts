import { EventStore, LogPosition, RecordedEvent, START } from '@app/event-store';
import type { ViewSources } from '@app/common';
import { Change, jsonDiff } from './json-diff';
import { RecordKind, RecordKindRegistry } from './record-kinds';

/** Who changed a record, when, why: the part of an event an auditor reads first. */
export interface EventSummary {
  eventId: string;
  /** Only for an event of another stream that the view folds in (a missing episode, a link made from the other case). */
  streamId?: string;
  revision: number;
  position: string;
  type: string;
  at: string;
  actor: string;
  agency: string;
  reason?: string;
}

export interface RecordState<State = unknown, View = unknown> {
  kind: string;
  recordId: string;
  streamId: string;
  /** The moment asked for (ISO); absent for "now". */
  asOf?: string;
  /** False when the record had no event yet at that moment. */
  existed: boolean;
  /** The stream revision of the last event applied; -1 when none. */
  revision: number;
  eventsApplied: number;
  lastEvent?: EventSummary;
  /** The write side's state, replayed through its decider's `evolve`. */
  state: State;
  /** The read model's document at that moment, where the kind defines one. */
  view?: View;
  /** The events of other streams the view folded in (missing episodes, links made from another case), when any. */
  viewSources?: { streamIds: string[]; eventsApplied: number };
}

export interface RecordDiff {
  kind: string;
  recordId: string;
  from: string;
  to: string;
  /** What changed in the write state. */
  stateChanges: Change[];
  /** What changed in the read model's document. */
  viewChanges?: Change[];
  /**
   * The events between the two moments (after `from`, up to and including `to`), in log order: by
   * whom, when, why; with those of other streams the view folds in (`streamId` says which).
   */
  events: EventSummary[];
}

export class InvalidMomentError extends Error {
  override name = 'InvalidMomentError';
}

export function summariseEvent(event: RecordedEvent, ownStreamId?: string): EventSummary {
  const reason = event.metadata.reason;
  return {
    eventId: event.id,
    ...(ownStreamId !== undefined && event.streamId !== ownStreamId ? { streamId: event.streamId } : {}),
    revision: event.revision,
    position: event.position,
    type: event.type,
    at: event.recordedAt,
    actor: event.metadata.actor?.userId,
    agency: event.metadata.actor?.agencyId,
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}

/** Where a view's other sources are, by record: found in the global log, ids and revisions only. */
interface SourceIndex {
  /** The log is indexed up to here. */
  after: LogPosition;
  /** recordId -> source key (stream, or stream@revision) -> the source. */
  byRecord: Map<string, Map<string, IndexedSource>>;
  /** The catch-up in progress: one at a time. */
  pending?: Promise<void>;
}

interface IndexedSource {
  streamId: string;
  /** Set when that one event is the source (a link), absent when the whole stream is. */
  revision?: number;
  /** When the source first held an event for the record: a moment before it skips the read. */
  since: number;
}

interface Replay {
  result: RecordState;
  /** The record's own events applied. */
  own: RecordedEvent[];
  /** Other streams' events the view folded in. */
  related: RecordedEvent[];
}

/** Pages of the global log read while indexing a view's sources. */
const INDEX_PAGE = 10_000;

/**
 * Time travel: a record's state as it stood at a moment, by replaying its events up to that
 * moment through the write side's own `evolve` (never a stored snapshot), and the difference
 * between two moments with the events that made it. A view that also folds other streams (the
 * case view: missing episodes, links made from another case) replays them too, merged with the
 * record's own events in log order, as its projection did.
 */
export class TimeTravel {
  private readonly indexes = new Map<string, SourceIndex>();

  constructor(
    private readonly store: EventStore,
    readonly kinds: RecordKindRegistry = new RecordKindRegistry(),
  ) {}

  /** `view: false` skips the read model's replay (it can cost more than the decider's on long histories). */
  async stateAt(kind: string, recordId: string, asOf?: string | Date, options: { view?: boolean } = {}): Promise<RecordState> {
    return (await this.replay(kind, recordId, asOf === undefined ? undefined : parseMoment(asOf), options.view !== false)).result;
  }

  async diff(kind: string, recordId: string, from: string | Date, to: string | Date): Promise<RecordDiff> {
    const [start, end] = [parseMoment(from), parseMoment(to)];
    if (end < start) throw new InvalidMomentError('`to` must not be before `from`');
    const [before, after] = await Promise.all([this.replay(kind, recordId, start, true), this.replay(kind, recordId, end, true)]);
    // A stream as of a moment is a prefix of the same stream as of a later one.
    const earlier = new Set(before.related.map((event) => event.id));
    const between = mergeByPosition(
      after.own.slice(before.own.length),
      after.related.filter((event) => !earlier.has(event.id)),
    );
    return {
      kind,
      recordId,
      from: start.toISOString(),
      to: end.toISOString(),
      stateChanges: jsonDiff(before.result.state, after.result.state),
      ...('view' in after.result ? { viewChanges: jsonDiff(before.result.view, after.result.view) } : {}),
      events: between.map((event) => summariseEvent(event, after.result.streamId)),
    };
  }

  private async replay(kind: string, recordId: string, moment: Date | undefined, withView: boolean): Promise<Replay> {
    const record = this.kinds.get(kind);
    const streamId = record.streamId(recordId);
    const asOf = moment ? { asOf: { time: moment } } : {};
    const [events, related] = await Promise.all([
      this.store.readStream(streamId, asOf),
      withView && record.view && record.viewSources ? this.relatedEvents(record, record.viewSources, recordId, moment) : [],
    ]);
    let state = record.initialState();
    for (const event of events) state = record.evolve(state, event);
    let view: unknown;
    if (withView && record.view) {
      const fold = record.view;
      if (related.length === 0) {
        for (const event of events) view = fold(view, event, event);
      } else {
        const route = record.viewSources!.route;
        for (const event of mergeByPosition(events, related)) {
          // The record's own events as stored; the others as its view sees them (a link's mirror).
          const seen = event.streamId === streamId ? event : route(recordId, event);
          if (seen) view = fold(view, seen, event);
        }
      }
    }
    const last = events[events.length - 1];
    const result: RecordState = {
      kind,
      recordId,
      streamId,
      ...(moment ? { asOf: moment.toISOString() } : {}),
      existed: events.length > 0,
      revision: last?.revision ?? -1,
      eventsApplied: events.length,
      ...(last ? { lastEvent: summariseEvent(last) } : {}),
      state,
      ...(withView && record.view ? { view } : {}),
      ...(related.length > 0 ? { viewSources: { streamIds: [...new Set(related.map((event) => event.streamId))].sort(), eventsApplied: related.length } } : {}),
    };
    return { result, own: events, related };
  }

  /** The events of the record's other sources up to the moment that its view sees, in log order. */
  private async relatedEvents(record: RecordKind, sources: ViewSources, recordId: string, moment: Date | undefined): Promise<RecordedEvent[]> {
    const index = await this.indexed(record.kind, sources);
    const found = index.byRecord.get(recordId);
    if (!found) return [];
    const asOf = moment ? { asOf: { time: moment } } : {};
    const reads = [...found.values()]
      .filter((source) => source.streamId !== record.streamId(recordId) && (!moment || source.since <= moment.getTime()))
      .map((source) =>
        source.revision === undefined
          ? this.store.readStream(source.streamId, asOf)
          : this.store.readStream(source.streamId, { fromRevision: source.revision, toRevision: source.revision, ...asOf }),
      );
    const events = (await Promise.all(reads)).flat().filter((event) => sources.route(recordId, event) !== undefined);
    return events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  /** The kind's source index, brought up to the end of the log (once in full, then only what was appended since). */
  private async indexed(kind: string, sources: ViewSources): Promise<SourceIndex> {
    let index = this.indexes.get(kind);
    if (!index) this.indexes.set(kind, (index = { after: START, byRecord: new Map() }));
    const current = index;
    const run = (current.pending ?? Promise.resolve()).then(() => this.catchUp(current, sources));
    current.pending = run.catch(() => undefined);
    await run;
    return current;
  }

  private async catchUp(index: SourceIndex, sources: ViewSources): Promise<void> {
    for (;;) {
      const page = await this.store.readAllOfTypes(sources.revealedBy, { after: index.after, limit: INDEX_PAGE });
      for (const event of page.events) {
        const source = sources.sourceFor(event);
        if (!source) continue;
        const key = source.whole ? event.streamId : `${event.streamId}@${event.revision}`;
        let ofRecord = index.byRecord.get(source.recordId);
        if (!ofRecord) index.byRecord.set(source.recordId, (ofRecord = new Map()));
        if (!ofRecord.has(key)) ofRecord.set(key, { streamId: event.streamId, ...(source.whole ? {} : { revision: event.revision }), since: Date.parse(event.recordedAt) });
      }
      if (page.scannedTo) index.after = page.scannedTo;
      if (page.scanned < INDEX_PAGE) return;
    }
  }
}

/** Two lists in log order merged into one (positions order as plain strings). */
function mergeByPosition(a: RecordedEvent[], b: RecordedEvent[]): RecordedEvent[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged: RecordedEvent[] = [];
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) merged.push(a[i].position <= b[j].position ? a[i++] : b[j++]);
  while (i < a.length) merged.push(a[i++]);
  while (j < b.length) merged.push(b[j++]);
  return merged;
}

/**
 * A day (its start, UTC) or a date and time with a time zone: without the zone, the same text would
 * name a different moment on servers in different zones.
 */
const MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function parseMoment(value: string | Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()) || (typeof value === 'string' && !MOMENT.test(value))) {
    throw new InvalidMomentError(`Not a moment: ${String(value)} (use ISO 8601, e.g. 2026-03-01T12:00:00Z)`);
  }
  return date;
}
