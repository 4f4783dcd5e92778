import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { ItemChangeAnswer } from '../item-commands';

export class DisseminateIntelligenceCommand extends Command<ItemChangeAnswer> {
  constructor(
    readonly itemId: string,
    readonly urgent: boolean | undefined,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
