import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams } from '@app/common';
import { ItemChangeAnswer, itemAnswer } from '../item-commands';
import { intelligenceItemStream } from '../intelligence-item.stream';
import { GradeIntelligenceCommand } from './grade-intelligence.command';

@CommandHandler(GradeIntelligenceCommand)
export class GradeIntelligenceHandler implements ICommandHandler<GradeIntelligenceCommand, ItemChangeAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ itemId, grading, context }: GradeIntelligenceCommand): Promise<ItemChangeAnswer> {
    return itemAnswer(itemId, await this.streams.handle(intelligenceItemStream, itemId, { type: 'GradeIntelligence', data: grading }, context));
  }
}
