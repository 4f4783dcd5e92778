import type { EventStore, ReadAllOptions, TypedLogPage } from './event-store.port';

/** One page of the global log: every event, or only those of `types` (see `readAllOfTypes`). */
export async function readLogPage(store: EventStore, options: ReadAllOptions, types?: readonly string[]): Promise<TypedLogPage> {
  if (types) return store.readAllOfTypes(types, options);
  const events = await store.readAll(options);
  return events.length === 0 ? { events, scanned: 0 } : { events, scanned: events.length, scannedTo: events[events.length - 1].position };
}
