import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemChangeAnswer, ItemCommands } from '../item-commands';
import { GradeIntelligenceCommand } from './grade-intelligence.command';

@CommandHandler(GradeIntelligenceCommand)
export class GradeIntelligenceHandler implements ICommandHandler<GradeIntelligenceCommand, ItemChangeAnswer> {
  constructor(private readonly items: ItemCommands) {}

  execute({ itemId, grading, context }: GradeIntelligenceCommand): Promise<ItemChangeAnswer> {
    return this.items.run(itemId, { type: 'GradeIntelligence', data: grading }, context);
  }
}
