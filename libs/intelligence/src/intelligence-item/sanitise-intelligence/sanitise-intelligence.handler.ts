import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemChangeAnswer, ItemCommands } from '../item-commands';
import { SanitiseIntelligenceCommand } from './sanitise-intelligence.command';

@CommandHandler(SanitiseIntelligenceCommand)
export class SanitiseIntelligenceHandler implements ICommandHandler<SanitiseIntelligenceCommand, ItemChangeAnswer> {
  constructor(private readonly items: ItemCommands) {}

  execute({ itemId, text, context }: SanitiseIntelligenceCommand): Promise<ItemChangeAnswer> {
    return this.items.run(itemId, { type: 'SanitiseIntelligence', data: { text } }, context);
  }
}
