import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { ItemChangeAnswer } from '../item-commands';
import type { Grading } from '../intelligence-item.events';

export class RegradeIntelligenceCommand extends Command<ItemChangeAnswer> {
  constructor(
    readonly itemId: string,
    readonly regrading: Grading & { reason: string },
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
