import { EventStore, LogPosition, RecordedEvent } from '@app/event-store';

/** The platform's own processes act as `system:*` users (the SEMRAC listing, its sweep, audit checkpoints, consumers). */
const SYSTEM_USER = /^system:/;

export interface LogWatch {
  /** Reads the log to its end: `written` then answers what is appended after this. */
  mark(): Promise<void>;
  /**
   * What users' requests appended since the last mark or call (as "Type on stream"), leaving out
   * what the platform's own processes appended meanwhile, and what `ignore` names.
   */
  written(ignore?: (event: RecordedEvent) => boolean): Promise<string[]>;
}

/**
 * Watches the log for what requests write. Counting the whole log before and after a request is
 * not enough: the platform's own processes append when they get to it (the SEMRAC listing after a
 * significant risk, which once landed among a test's requests; sweeps and checkpoints on timers),
 * so a count could move with nothing written by the request, and a wrong write could be hidden by a
 * count that was expected to move. Reading the log says who wrote what.
 *
 * PostgreSQL's log shows a committed event only once no older transaction in the cluster is still
 * open, so each read goes on until every event counted in the store has shown.
 */
export function watchLog(store: EventStore): LogWatch {
  let after: LogPosition | undefined;
  let seen = 0;

  async function readToEnd(): Promise<RecordedEvent[]> {
    const total = await store.countEvents();
    const read: RecordedEvent[] = [];
    const until = Date.now() + 10_000;
    while (seen < total) {
      const events = await store.readAll({ after, limit: 500 });
      if (events.length === 0) {
        if (Date.now() > until) throw new Error(`${total - seen} events counted in the store never showed in its log`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      read.push(...events);
      seen += events.length;
      after = events[events.length - 1].position;
    }
    return read;
  }

  return {
    async mark() {
      await readToEnd();
    },
    async written(ignore = () => false) {
      return (await readToEnd())
        .filter((event) => !SYSTEM_USER.test(String(event.metadata.actor?.userId)) && !ignore(event))
        .map((event) => `${event.type} on ${event.streamId}`);
    },
  };
}
