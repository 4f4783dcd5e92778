import { EventStore, LogPosition, RecordedEvent } from '../event-store.port';
import { readLogPage } from '../read-log-page';
import { SUBJECT_ERASED } from '../personal-data/subject-erasure';
import type { LogReader } from './catch-up-subscription';

export interface SharedLogTailOptions {
  /** Events kept in memory behind the end of the log (default 10,000; up to half as many again between trims). */
  capacity?: number;
  /** Events read from the store at a time (default 1,000). */
  fetchSize?: number;
}

/**
 * The end of the global log, read from the store once for all the live subscriptions of a
 * process. Every append wakes every projection; without this each would read the same new event
 * (and open its personal data) on its own: a dozen reads per append. A reader at or near the end
 * is served from memory; one further behind (catching up, or rebuilding) reads the store.
 *
 * The window only ever holds a prefix of the log that the store gave out, so serving from it
 * keeps the store's promise that nothing is skipped. When a subject is erased, the events read
 * before the erasure are dropped: they may hold the subject's data, opened before the key was
 * destroyed. A reader behind that point reads the store again, where they read as erased.
 */
export class SharedLogTail {
  /** Consecutive events of the log, the first right after `start`. */
  private window: RecordedEvent[] = [];
  private start?: LogPosition;
  private readonly capacity: number;
  private readonly fetchSize: number;
  /**
   * Appends made in this process so far. A reader at the end may have been woken by the latest:
   * it needs a fetch begun after that append, not one already under way before it.
   */
  private appends = 0;
  private fetching?: { appendsBefore: number; done: Promise<void> };
  /** The last fetch filled its page: the store may hold more. */
  private lastFetchFull = false;

  constructor(
    private readonly store: EventStore,
    options: SharedLogTailOptions = {},
  ) {
    this.capacity = options.capacity ?? 10_000;
    this.fetchSize = options.fetchSize ?? 1000;
    store.onAppended(() => this.appends++);
  }

  /** A LogReader for CatchUpSubscription's `reader` option. */
  readonly read: LogReader = async (after, limit, types) => {
    let index = this.indexAfter(after);
    if (index === undefined) {
      // Behind the window: a reader catching up reads the store, and leaves the window alone.
      if (this.start !== undefined && this.window.length > 0 && after < this.start) return readLogPage(this.store, { after, limit }, types);
      // Ahead of it, or no window yet: it starts here.
      this.window = [];
      this.start = after;
      index = 0;
    }
    // At the end, or a page that would stop short at the end while the last fetch was full (more
    // is stored: a reader must not wait a poll interval for it).
    if (index === this.window.length || (index + limit > this.window.length && this.lastFetchFull)) {
      await this.fetchSince(this.appends);
      index = this.indexAfter(after);
      // The window moved on meanwhile (an erasure, or the reader was too slow): the store answers.
      if (index === undefined) return readLogPage(this.store, { after, limit }, types);
    }
    const page = this.window.slice(index, index + limit);
    if (page.length === 0) return { events: [], scanned: 0 };
    const wanted = types && new Set(types);
    return {
      events: wanted ? page.filter((event) => wanted.has(event.type)) : page,
      scanned: page.length,
      scannedTo: page[page.length - 1].position,
    };
  };

  /** Where the events after `after` begin in the window; undefined when `after` is not in it. */
  private indexAfter(after: LogPosition): number | undefined {
    if (this.start === undefined) return undefined;
    if (after === this.start) return 0;
    // Positions order as strings; binary search for the event at `after`.
    let [low, high] = [0, this.window.length - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const position = this.window[middle].position;
      if (position === after) return middle + 1;
      if (position < after) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** Waits for a fetch begun once `appends` appends were made (joining one under way if it was). */
  private async fetchSince(appends: number): Promise<void> {
    for (;;) {
      const current = this.fetching;
      if (current && current.appendsBefore >= appends) return current.done;
      if (current) {
        await current.done.catch(() => undefined);
        continue;
      }
      const fetching = { appendsBefore: this.appends, done: this.fetch() };
      this.fetching = fetching;
      void fetching.done.finally(() => {
        if (this.fetching === fetching) this.fetching = undefined;
      }).catch(() => undefined);
      return fetching.done;
    }
  }

  private async fetch(): Promise<void> {
    const after = this.window.length > 0 ? this.window[this.window.length - 1].position : this.start;
    if (after === undefined) return;
    const events = await this.store.readAll({ after, limit: this.fetchSize });
    this.lastFetchFull = events.length === this.fetchSize;
    // The window was restarted elsewhere while this read was under way: it no longer fits.
    const end = this.window.length > 0 ? this.window[this.window.length - 1].position : this.start;
    if (end !== after || events.length === 0) return;
    let erased = events.length - 1;
    while (erased >= 0 && events[erased].type !== SUBJECT_ERASED) erased--;
    if (erased >= 0) {
      this.start = erased === 0 ? after : events[erased - 1].position;
      this.window = events.slice(erased);
    } else {
      this.window.push(...events);
    }
    // Trimmed now and then, by half its capacity at once: not a copy of the whole window per fetch.
    const excess = this.window.length - this.capacity;
    if (excess > this.capacity / 2) {
      this.start = this.window[excess - 1].position;
      this.window = this.window.slice(excess);
    }
  }
}
