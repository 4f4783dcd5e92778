import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';

export interface MergePersonsOfInterestResult {
  /** The survivor. */
  poiId: string;
  mergedPoiId: string;
  /** The survivor's revision: send as If-Match with its next change. */
  revision: number;
  position?: string;
  /** False when this merge was already complete. */
  changed: boolean;
}

export class MergePersonsOfInterestCommand extends Command<MergePersonsOfInterestResult> {
  constructor(
    readonly survivorPoiId: string,
    readonly duplicatePoiId: string,
    readonly reason: string,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
