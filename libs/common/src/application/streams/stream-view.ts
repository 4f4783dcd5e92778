import type { RecordedEvent } from '@app/event-store';

type AnEvent = { type: string; data: unknown };

/**
 * How a view finds and routes the events of streams other than its record's own (a case view:
 * the child's missing episodes, links made from another child's case). A replayer indexes the
 * global log by `revealedBy`, then reads the sources it found; ids and revisions, never data.
 */
export interface ViewSources<E extends AnEvent = AnEvent> {
  /** The event types that reveal a source. */
  readonly revealedBy: readonly string[];
  /** The record an event of those types makes a source for: its whole stream, or that one event. */
  sourceFor(event: RecordedEvent): { recordId: string; whole: boolean } | undefined;
  /** An event of a source as the record's view sees it; undefined when it is not for that record. */
  route(recordId: string, event: RecordedEvent): E | undefined;
}

/**
 * A read model's pure fold of one stream kind's records (the case view, a POI's profile), declared
 * by the context that owns both. The auditor's replay (libs/audit) folds it to show what
 * practitioners were shown at a moment, without importing the context.
 */
export interface StreamView<View = unknown, E extends AnEvent = AnEvent> {
  /** The stream kind whose records it shows (`defineStream`'s `kind`). */
  readonly kind: string;
  /**
   * The view after one more event: `event` as the view sees it (an event of another stream as
   * `sources.route` gives it), `source` as stored. The replayer owns the view it folds, so it may
   * grow in place.
   */
  evolve(previous: View | undefined, event: E, source: RecordedEvent): View | undefined;
  /** Streams besides the record's own whose events the view also folds in, as its live read model does. */
  readonly sources?: ViewSources<E>;
}

const views = new Map<string, StreamView>();

/** Declares the view of a stream kind's records; refuses (at load) a second view of one kind. */
export function defineStreamView<View, E extends AnEvent>(view: StreamView<View, E>): StreamView<View, E> {
  if (views.has(view.kind)) throw new Error(`A view of stream kind ${view.kind} is declared twice`);
  // Stored as any view: whoever folds one hands it the events of its own kind and its sources.
  views.set(view.kind, view as StreamView);
  return view;
}

/** Every stream view declared so far (the auditor's replays). */
export function streamViews(): readonly StreamView[] {
  return [...views.values()];
}
