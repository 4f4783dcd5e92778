import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { PoiChangeAnswer } from '../poi-commands';
import type { PoiIdentifiers } from '../person-of-interest.events';

export class AddIdentifiersCommand extends Command<PoiChangeAnswer> {
  constructor(
    readonly poiId: string,
    readonly identifiers: Partial<PoiIdentifiers>,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
