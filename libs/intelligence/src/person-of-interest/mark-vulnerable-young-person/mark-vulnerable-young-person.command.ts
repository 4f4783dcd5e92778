import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { PoiChangeAnswer } from '../poi-commands';

export class MarkVulnerableYoungPersonCommand extends Command<PoiChangeAnswer> {
  constructor(
    readonly poiId: string,
    readonly mark: { note: string; caseId?: string },
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
