import { AccessGate, AccessRecorder, DEFAULT_ACCESS_SETTINGS } from '@app/access';
import { CommandStreams } from '@app/common';
import type { EventStore } from '@app/event-store';

/** The one write path on a test's store, deciding with the access policy the apps bind (a write records no access, so no recorder). */
export function commandStreamsOn(store: EventStore): CommandStreams {
  return new CommandStreams(store, new AccessGate(DEFAULT_ACCESS_SETTINGS, {} as AccessRecorder));
}
