import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams } from '@app/common';
import { PoiChangeAnswer, answer } from '../poi-commands';
import { personOfInterestStream } from '../person-of-interest.stream';
import { AddIdentifiersCommand } from './add-identifiers.command';

@CommandHandler(AddIdentifiersCommand)
export class AddIdentifiersHandler implements ICommandHandler<AddIdentifiersCommand, PoiChangeAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ poiId, identifiers, context }: AddIdentifiersCommand): Promise<PoiChangeAnswer> {
    return answer(poiId, await this.streams.handle(personOfInterestStream, poiId, { type: 'AddIdentifiers', data: { identifiers } }, context));
  }
}
