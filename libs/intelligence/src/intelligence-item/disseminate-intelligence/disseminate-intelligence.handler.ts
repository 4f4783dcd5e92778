import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams } from '@app/common';
import { ItemChangeAnswer, itemAnswer } from '../item-commands';
import { intelligenceItemStream } from '../intelligence-item.stream';
import { DisseminateIntelligenceCommand } from './disseminate-intelligence.command';

@CommandHandler(DisseminateIntelligenceCommand)
export class DisseminateIntelligenceHandler implements ICommandHandler<DisseminateIntelligenceCommand, ItemChangeAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ itemId, urgent, context }: DisseminateIntelligenceCommand): Promise<ItemChangeAnswer> {
    return itemAnswer(itemId, await this.streams.handle(intelligenceItemStream, itemId, { type: 'DisseminateIntelligence', data: urgent === undefined ? {} : { urgent } }, context));
  }
}
