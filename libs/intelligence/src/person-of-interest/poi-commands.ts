import { Inject, Injectable } from '@nestjs/common';
import { DomainError, StreamCommandContext, StreamCommandExecutor, StreamCommandResult } from '@app/common';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { PersonOfInterestCommand, PersonOfInterestCommandEnvelope, PersonOfInterestState, mergedError, personOfInterestDecider } from './person-of-interest.decider';
import { PersonOfInterestEvent, poiStreamId } from './person-of-interest.events';

/** What every change to a POI answers. */
export interface PoiChangeAnswer {
  poiId: string;
  /** Send as If-Match with the next change to this POI. */
  revision: number;
  /** Pass as `consistentWith` to read your own write. */
  position?: string;
  /** False when the POI already was as asked, or for a retried Idempotency-Key. */
  changed: boolean;
}

export const POI_ANSWER_EXAMPLE = {
  poiId: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10',
  revision: 3,
  position: '00000000000000000107:00000000000000000107',
  changed: true,
};

export interface LoadedPoi {
  state: PersonOfInterestState;
  /** The stream's last revision, -1 when it has no events. */
  revision: number;
  events: RecordedEvent[];
}

/** Runs POI commands through the stream executor (If-Match, Idempotency-Key) and loads POIs. */
@Injectable()
export class PoiCommands {
  constructor(
    private readonly streams: StreamCommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  run(poiId: string, command: PersonOfInterestCommand, context: StreamCommandContext): Promise<StreamCommandResult<PersonOfInterestEvent, PersonOfInterestState>> {
    return this.streams.execute(poiStreamId(poiId), personOfInterestDecider, (now) => ({ ...command, poiId, now }) as PersonOfInterestCommandEnvelope, context);
  }

  async load(poiId: string): Promise<LoadedPoi> {
    const events = await this.store.readStream(poiStreamId(poiId));
    const state = events.reduce((s, e) => personOfInterestDecider.evolve(s, e as unknown as PersonOfInterestEvent), personOfInterestDecider.initialState());
    return { state, revision: events.length - 1, events };
  }

  /** Another POI a command refers to: it must exist and not have been merged away. */
  async requireLivePoi(poiId: string, field: string): Promise<void> {
    const { state } = await this.load(poiId);
    if (!state.exists) throw new DomainError(`${field}: no person of interest ${poiId}`, 'poi-not-found', 404);
    if (state.mergedInto) throw mergedError(poiId, state.mergedInto);
  }
}

export function answer(poiId: string, result: StreamCommandResult<unknown>): PoiChangeAnswer {
  return { poiId, revision: result.revision, position: result.position, changed: result.written };
}
