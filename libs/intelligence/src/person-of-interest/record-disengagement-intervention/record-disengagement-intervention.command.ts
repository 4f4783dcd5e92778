import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { PoiChangeAnswer } from '../poi-commands';
import type { RecordDisengagementInterventionDto } from './record-disengagement-intervention.dto';

export type InterventionAnswer = PoiChangeAnswer & { interventionId?: string };

export class RecordDisengagementInterventionCommand extends Command<InterventionAnswer> {
  constructor(
    readonly poiId: string,
    readonly intervention: RecordDisengagementInterventionDto,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
