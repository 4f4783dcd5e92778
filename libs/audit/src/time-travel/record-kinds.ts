import { RecordedEvent } from '@app/event-store';
import { ViewSources, streamDefinitions, streamViews } from '@app/common';
import { AUDIT_ACCESS_KINDS } from '../trail/auditor-read';

/**
 * A kind of record an auditor can replay: where its events live and the write side's own
 * `initialState` / `evolve`, so the replayed state is exactly what the deciders saw. `view`
 * optionally replays the practitioners' read model of the record from the same events, to show
 * what a user was shown at the time.
 */
export interface RecordKind<State = unknown, View = unknown> {
  /** The kind as auditors type it, the stream kind: `case`, `poi`, `intel`. */
  readonly kind: string;
  streamId(recordId: string): string;
  initialState(): State;
  evolve(state: State, event: RecordedEvent): State;
  /** `event` as the view sees it (for an event of another stream, routed by `viewSources.route`); `source` as stored. */
  view?(previous: View | undefined, event: { type: string; data: unknown }, source: RecordedEvent): View | undefined;
  /**
   * Streams besides the record's own whose events its view also folds in, as the live read model
   * does. Time travel indexes the global log by `revealedBy` once, then only what was appended
   * since, keeping stream ids and revisions, never data (an erased subject must read as erased at
   * the next replay).
   */
  viewSources?: ViewSources;
}

/**
 * The record kinds the contexts loaded in this process declare, the audit importing none of them:
 * every stream kind (`streamDefinitions()`) whose reads the access log records (an auditor's replay
 * is logged like any read, `AUDIT_ACCESS_KINDS`), through its definition's own decider, and through
 * its read model's view where the context declares one (`streamViews()`).
 */
export function declaredRecordKinds(): RecordKind[] {
  const views = new Map(streamViews().map((view) => [view.kind, view]));
  return streamDefinitions()
    .filter((definition) => Object.hasOwn(AUDIT_ACCESS_KINDS, definition.kind))
    .map((definition) => {
      const view = views.get(definition.kind);
      return {
        kind: definition.kind,
        streamId: definition.streamId,
        initialState: definition.decider.initialState,
        evolve: definition.decider.evolve,
        ...(view ? { view: view.evolve, ...(view.sources ? { viewSources: view.sources } : {}) } : {}),
      };
    });
}

export class UnknownRecordKindError extends Error {
  override name = 'UnknownRecordKindError';
}

/** The record kinds an auditor may name: by default those the loaded contexts declare (`declaredRecordKinds`). */
export class RecordKindRegistry {
  private readonly kinds = new Map<string, RecordKind>();

  constructor(kinds: readonly RecordKind[] = declaredRecordKinds()) {
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

  /** In alphabetical order: the order the contexts happened to load in means nothing to an auditor. */
  names(): string[] {
    return [...this.kinds.keys()].sort();
  }
}
