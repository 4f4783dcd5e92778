import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { ItemChangeAnswer } from '../item-commands';

export class SanitiseIntelligenceCommand extends Command<ItemChangeAnswer> {
  constructor(
    readonly itemId: string,
    readonly text: string,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
