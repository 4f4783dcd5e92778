import { CommandStreams, DomainError, StreamCommandResult } from '@app/common';
import { mergedError } from './person-of-interest.decider';
import { personOfInterestStream } from './person-of-interest.stream';

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

/** Another POI a command refers to: it must exist and not have been merged away. */
export async function requireLivePoi(streams: CommandStreams, poiId: string, field: string): Promise<void> {
  const { state } = await streams.load(personOfInterestStream, poiId);
  if (!state.exists) throw new DomainError(`${field}: no person of interest ${poiId}`, 'poi-not-found', 404);
  if (state.mergedInto) throw mergedError(poiId, state.mergedInto);
}

export function answer(poiId: string, result: StreamCommandResult<unknown>): PoiChangeAnswer {
  return { poiId, revision: result.revision, position: result.position, changed: result.written };
}
