import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { SubmitInformationDto } from './submit-information.dto';

export interface SubmitInformationResult {
  itemId: string;
  /** Send as If-Match with the next change to the item. */
  revision: number;
  position?: string;
  /** False for a retry with the same Idempotency-Key: nothing new was written. */
  created: boolean;
}

export class SubmitInformationCommand extends Command<SubmitInformationResult> {
  constructor(
    readonly submission: SubmitInformationDto,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
