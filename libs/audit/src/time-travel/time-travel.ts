import { EventStore, RecordedEvent } from '@app/event-store';
import { Change, jsonDiff } from './json-diff';
import { RecordKindRegistry } from './record-kinds';

/** Who changed a record, when, why: the part of an event an auditor reads first. */
export interface EventSummary {
  eventId: string;
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
  /** The events between the two moments (after `from`, up to and including `to`): by whom, when, why. */
  events: EventSummary[];
}

export class InvalidMomentError extends Error {
  override name = 'InvalidMomentError';
}

export function summariseEvent(event: RecordedEvent): EventSummary {
  const reason = event.metadata.reason;
  return {
    eventId: event.id,
    revision: event.revision,
    position: event.position,
    type: event.type,
    at: event.recordedAt,
    actor: event.metadata.actor?.userId,
    agency: event.metadata.actor?.agencyId,
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}

/**
 * Time travel: a record's state as it stood at a moment, by replaying its events up to that
 * moment through the write side's own `evolve` (never a stored snapshot), and the difference
 * between two moments with the events that made it.
 */
export class TimeTravel {
  constructor(
    private readonly store: EventStore,
    readonly kinds: RecordKindRegistry = new RecordKindRegistry(),
  ) {}

  /** `view: false` skips the read model's replay (it can cost more than the decider's on long histories). */
  async stateAt(kind: string, recordId: string, asOf?: string | Date, options: { view?: boolean } = {}): Promise<RecordState> {
    const kindDefinition = this.kinds.get(kind);
    const record = options.view === false ? { ...kindDefinition, view: undefined } : kindDefinition;
    const streamId = record.streamId(recordId);
    const moment = asOf === undefined ? undefined : parseMoment(asOf);
    const events = await this.store.readStream(streamId, moment ? { asOf: { time: moment } } : {});
    let state = record.initialState();
    let view: unknown;
    for (const event of events) {
      state = record.evolve(state, event);
      if (record.view) view = record.view(view, event);
    }
    const last = events[events.length - 1];
    return {
      kind,
      recordId,
      streamId,
      ...(moment ? { asOf: moment.toISOString() } : {}),
      existed: events.length > 0,
      revision: last?.revision ?? -1,
      eventsApplied: events.length,
      ...(last ? { lastEvent: summariseEvent(last) } : {}),
      state,
      ...(record.view ? { view } : {}),
    };
  }

  async diff(kind: string, recordId: string, from: string | Date, to: string | Date): Promise<RecordDiff> {
    const [start, end] = [parseMoment(from), parseMoment(to)];
    if (end < start) throw new InvalidMomentError('`to` must not be before `from`');
    const [before, after] = await Promise.all([this.stateAt(kind, recordId, start), this.stateAt(kind, recordId, end)]);
    const between = await this.store.readStream(before.streamId, { fromRevision: before.revision + 1, asOf: { time: end } });
    return {
      kind,
      recordId,
      from: start.toISOString(),
      to: end.toISOString(),
      stateChanges: jsonDiff(before.state, after.state),
      ...('view' in after ? { viewChanges: jsonDiff(before.view, after.view) } : {}),
      events: between.map(summariseEvent),
    };
  }
}

export function parseMoment(value: string | Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    throw new InvalidMomentError(`Not a moment: ${String(value)} (use ISO 8601, e.g. 2026-03-01T12:00:00Z)`);
  }
  return date;
}
