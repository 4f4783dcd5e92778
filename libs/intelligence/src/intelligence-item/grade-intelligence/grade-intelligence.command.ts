import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { ItemChangeAnswer } from '../item-commands';
import type { Grading } from '../intelligence-item.events';

export class GradeIntelligenceCommand extends Command<ItemChangeAnswer> {
  constructor(
    readonly itemId: string,
    readonly grading: Grading,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
