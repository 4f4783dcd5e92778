import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PoiChangeAnswer, PoiCommands, answer } from '../poi-commands';
import { AddIdentifiersCommand } from './add-identifiers.command';

@CommandHandler(AddIdentifiersCommand)
export class AddIdentifiersHandler implements ICommandHandler<AddIdentifiersCommand, PoiChangeAnswer> {
  constructor(private readonly pois: PoiCommands) {}

  async execute({ poiId, identifiers, context }: AddIdentifiersCommand): Promise<PoiChangeAnswer> {
    return answer(poiId, await this.pois.run(poiId, { type: 'AddIdentifiers', data: { identifiers } }, context));
  }
}
