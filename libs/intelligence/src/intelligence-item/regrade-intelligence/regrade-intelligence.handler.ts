import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemChangeAnswer, ItemCommands } from '../item-commands';
import { RegradeIntelligenceCommand } from './regrade-intelligence.command';

@CommandHandler(RegradeIntelligenceCommand)
export class RegradeIntelligenceHandler implements ICommandHandler<RegradeIntelligenceCommand, ItemChangeAnswer> {
  constructor(private readonly items: ItemCommands) {}

  execute({ itemId, regrading, context }: RegradeIntelligenceCommand): Promise<ItemChangeAnswer> {
    return this.items.run(itemId, { type: 'RegradeIntelligence', data: regrading }, context);
  }
}
