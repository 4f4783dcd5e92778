import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { PoiIdentifiers } from '../person-of-interest.events';

export interface RecordPersonOfInterestResult {
  poiId: string;
  /** Send as If-Match with the next change to this POI. */
  revision: number;
  /** Pass as `consistentWith` to read your own write. */
  position?: string;
  /** False for a retry with the same Idempotency-Key: nothing new was written. */
  created: boolean;
}

export class RecordPersonOfInterestCommand extends Command<RecordPersonOfInterestResult> {
  constructor(
    readonly identifiers: Partial<PoiIdentifiers>,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
