import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams } from '@app/common';
import { ItemChangeAnswer, itemAnswer } from '../item-commands';
import { intelligenceItemStream } from '../intelligence-item.stream';
import { SanitiseIntelligenceCommand } from './sanitise-intelligence.command';

@CommandHandler(SanitiseIntelligenceCommand)
export class SanitiseIntelligenceHandler implements ICommandHandler<SanitiseIntelligenceCommand, ItemChangeAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ itemId, text, context }: SanitiseIntelligenceCommand): Promise<ItemChangeAnswer> {
    return itemAnswer(itemId, await this.streams.handle(intelligenceItemStream, itemId, { type: 'SanitiseIntelligence', data: { text } }, context));
  }
}
