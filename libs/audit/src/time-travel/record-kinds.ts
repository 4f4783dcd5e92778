import { RecordedEvent } from '@app/event-store';
import { caseDecider, caseStreamId, evolveCaseViewInPlace, CaseViewEvent } from '@app/cases';
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
  view?(previous: View | undefined, event: RecordedEvent): View | undefined;
}

type AnyEvolve = (state: unknown, event: { type: string; data: unknown }) => unknown;

/**
 * The case's write state (case.decider.ts) and its case view, from the case stream. The view
 * replay covers what the case stream holds; the live case view also folds in the child's
 * missing-episode streams and links made from the other child's case.
 */
export const CASE_RECORD: RecordKind = {
  kind: 'case',
  description: "A child's case (stream case-{caseId})",
  streamId: caseStreamId,
  initialState: caseDecider.initialState,
  evolve: caseDecider.evolve as unknown as AnyEvolve,
  // stateAt owns the view it folds (only the last one leaves it): it may grow in place.
  view: (previous, event) => evolveCaseViewInPlace(previous as never, { type: event.type, data: event.data } as unknown as CaseViewEvent, event),
};

export const POI_RECORD: RecordKind = {
  kind: 'poi',
  description: 'A person of interest (stream poi-{poiId})',
  streamId: poiStreamId,
  initialState: personOfInterestDecider.initialState,
  evolve: personOfInterestDecider.evolve as unknown as AnyEvolve,
  view: (previous, event) => evolvePoiProfile(previous as never, { type: event.type, data: event.data } as never, event),
};

export const INTEL_RECORD: RecordKind = {
  kind: 'intel',
  description: 'An item of intelligence (stream intel-{itemId})',
  streamId: intelligenceStreamId,
  initialState: intelligenceItemDecider.initialState,
  evolve: intelligenceItemDecider.evolve as unknown as AnyEvolve,
  view: (previous, event) => evolveIntelligenceItemView(previous as never, { type: event.type, data: event.data } as never, event),
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
