import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { PoiChangeAnswer } from '../poi-commands';
import type { RecordDisruptionDto } from './record-disruption.dto';

export type DisruptionAnswer = PoiChangeAnswer & { disruptionId?: string };

export class RecordDisruptionCommand extends Command<DisruptionAnswer> {
  constructor(
    readonly poiId: string,
    readonly disruption: RecordDisruptionDto,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
