import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams } from '@app/common';
import { ItemChangeAnswer, itemAnswer } from '../item-commands';
import { intelligenceItemStream } from '../intelligence-item.stream';
import { RegradeIntelligenceCommand } from './regrade-intelligence.command';

@CommandHandler(RegradeIntelligenceCommand)
export class RegradeIntelligenceHandler implements ICommandHandler<RegradeIntelligenceCommand, ItemChangeAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ itemId, regrading, context }: RegradeIntelligenceCommand): Promise<ItemChangeAnswer> {
    return itemAnswer(itemId, await this.streams.handle(intelligenceItemStream, itemId, { type: 'RegradeIntelligence', data: regrading }, context));
  }
}
