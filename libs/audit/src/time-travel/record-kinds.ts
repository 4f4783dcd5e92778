import { RecordedEvent } from '@app/event-store';
import {
  CASE_EVENT_TYPES,
  MISSING_EPISODE_EVENT_TYPES,
  caseDecider,
  caseStreamId,
  caseViewTargets,
  evolveCaseViewInPlace,
  CaseViewEvent,
} from '@app/cases';
import {
  evolveIntelligenceItemView,
  evolvePoiProfile,
  intelligenceItemDecider,
  intelligenceStreamId,
  personOfInterestDecider,
  poiStreamId,
} from '@app/intelligence';
import { inboundShareDecider, inboundShareStreamId, shareDecider, shareStreamId } from '@app/sharing';

/**
 * A kind of record an auditor can replay: where its events live and the write side's own
 * `initialState` / `evolve`, so the replayed state is exactly what the deciders saw. `view`
 * optionally replays the practitioners' read model of the record from the same events, to show
 * what a user was shown at the time. New kinds (e.g. `share`, issue 5) register here; nothing
 * else in the audit library changes.
 */
export interface RecordKind<State = unknown, View = unknown> {
  /** The kind as auditors type it: `case`, `poi`, `intel`. */
  readonly kind: string;
  readonly description: string;
  streamId(recordId: string): string;
  initialState(): State;
  evolve(state: State, event: { type: string; data: unknown }): State;
  /** `event` as the view sees it (for an event of another stream, routed by `viewSources.route`); `source` as stored. */
  view?(previous: View | undefined, event: { type: string; data: unknown }, source: RecordedEvent): View | undefined;
  /** Streams besides the record's own whose events its view also folds in, as the live read model does. */
  viewSources?: ViewSources;
}

/**
 * How a view finds and routes the events of other streams (a case view: the child's missing
 * episodes, links made from the other child's case). Time travel indexes the global log by
 * `revealedBy` once, then only what was appended since, keeping stream ids and revisions, never
 * data (an erased subject must read as erased at the next replay).
 */
export interface ViewSources {
  /** The event types that reveal a source. */
  readonly revealedBy: readonly string[];
  /** The record an event of those types makes a source for: its whole stream, or that one event. */
  sourceFor(event: RecordedEvent): { recordId: string; whole: boolean } | undefined;
  /** An event of a source as the record's view sees it; undefined when it is not for that record. */
  route(recordId: string, event: RecordedEvent): { type: string; data: unknown } | undefined;
}

type AnyEvolve = (state: unknown, event: { type: string; data: unknown }) => unknown;

/** The event types the case-view projection reads (CaseViewProjection.eventTypes). */
const CASE_VIEW_TYPES: ReadonlySet<string> = new Set([...CASE_EVENT_TYPES, ...MISSING_EPISODE_EVENT_TYPES]);
const EPISODE_TYPES: ReadonlySet<string> = new Set(MISSING_EPISODE_EVENT_TYPES);

/**
 * What the case view folds besides the case stream, routed as the case-view projection routes
 * it (`caseViewTargets`): every missing-episode stream whose events name the case (`data.caseId`),
 * and each `CasesLinked` made on another case's stream naming this one (shown mirrored).
 */
export const CASE_VIEW_SOURCES: ViewSources = {
  revealedBy: [...MISSING_EPISODE_EVENT_TYPES, 'CasesLinked'],
  sourceFor(event) {
    const data = event.data as { caseId?: unknown; linkedCaseId?: unknown };
    if (EPISODE_TYPES.has(event.type) && typeof data.caseId === 'string') return { recordId: data.caseId, whole: true };
    if (event.type === 'CasesLinked' && typeof data.linkedCaseId === 'string') return { recordId: data.linkedCaseId, whole: false };
    return undefined;
  },
  route(caseId, event) {
    if (!CASE_VIEW_TYPES.has(event.type)) return undefined;
    return caseViewTargets({ type: event.type, data: event.data } as unknown as CaseViewEvent).find((target) => target.caseId === caseId)?.event;
  },
};

/**
 * The case's write state (case.decider.ts), from the case stream, and its case view: the case
 * stream merged in log order with the child's missing-episode streams and the links made from
 * other cases (`CASE_VIEW_SOURCES`), as the case-view projection folds them.
 */
export const CASE_RECORD: RecordKind = {
  kind: 'case',
  description: "A child's case (stream case-{caseId})",
  streamId: caseStreamId,
  initialState: caseDecider.initialState,
  evolve: caseDecider.evolve as unknown as AnyEvolve,
  // stateAt owns the view it folds (only the last one leaves it): it may grow in place.
  view: (previous, event, source) =>
    CASE_VIEW_TYPES.has(event.type) ? evolveCaseViewInPlace(previous as never, event as unknown as CaseViewEvent, source) : previous,
  viewSources: CASE_VIEW_SOURCES,
};

export const POI_RECORD: RecordKind = {
  kind: 'poi',
  description: 'A person of interest (stream poi-{poiId})',
  streamId: poiStreamId,
  initialState: personOfInterestDecider.initialState,
  evolve: personOfInterestDecider.evolve as unknown as AnyEvolve,
  view: (previous, event, source) => evolvePoiProfile(previous as never, { type: event.type, data: event.data } as never, source),
};

export const INTEL_RECORD: RecordKind = {
  kind: 'intel',
  description: 'An item of intelligence (stream intel-{itemId})',
  streamId: intelligenceStreamId,
  initialState: intelligenceItemDecider.initialState,
  evolve: intelligenceItemDecider.evolve as unknown as AnyEvolve,
  view: (previous, event, source) => evolveIntelligenceItemView(previous as never, { type: event.type, data: event.data } as never, source),
};

/** An outbound cross-border share (libs/sharing), through its decider. */
export const SHARE_RECORD: RecordKind = {
  kind: 'share',
  description: 'A cross-border share sent by this board (stream share-{shareId})',
  streamId: shareStreamId,
  initialState: shareDecider.initialState,
  evolve: shareDecider.evolve as unknown as AnyEvolve,
};

/** A share received from a peer board (libs/sharing), through its decider. */
export const INBOUND_SHARE_RECORD: RecordKind = {
  kind: 'inbound-share',
  description: 'A share received from a peer (stream inbound-share-{shareId})',
  streamId: inboundShareStreamId,
  initialState: inboundShareDecider.initialState,
  evolve: inboundShareDecider.evolve as unknown as AnyEvolve,
};

export class UnknownRecordKindError extends Error {
  override name = 'UnknownRecordKindError';
}

/** The record kinds known to this process; a context adds its own with `register`. */
export class RecordKindRegistry {
  private readonly kinds = new Map<string, RecordKind>();

  constructor(kinds: readonly RecordKind[] = [CASE_RECORD, POI_RECORD, INTEL_RECORD, SHARE_RECORD, INBOUND_SHARE_RECORD]) {
    for (const kind of kinds) this.register(kind);
  }

  register(kind: RecordKind<any, any>): void {
    if (this.kinds.has(kind.kind)) throw new Error(`Record kind ${kind.kind} is registered twice`);
    this.kinds.set(kind.kind, kind as RecordKind);
  }

  get(kind: string): RecordKind {
    const found = this.kinds.get(kind);
    if (!found) throw new UnknownRecordKindError(`Unknown record kind ${kind}: one of ${this.names().join(', ')}`);
    return found;
  }

  names(): string[] {
    return [...this.kinds.keys()];
  }
}
