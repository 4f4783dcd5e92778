import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemChangeAnswer, ItemCommands } from '../item-commands';
import { DisseminateIntelligenceCommand } from './disseminate-intelligence.command';

@CommandHandler(DisseminateIntelligenceCommand)
export class DisseminateIntelligenceHandler implements ICommandHandler<DisseminateIntelligenceCommand, ItemChangeAnswer> {
  constructor(private readonly items: ItemCommands) {}

  execute({ itemId, urgent, context }: DisseminateIntelligenceCommand): Promise<ItemChangeAnswer> {
    return this.items.run(itemId, { type: 'DisseminateIntelligence', data: urgent === undefined ? {} : { urgent } }, context);
  }
}
