import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ShareAnswer, ShareCommands } from '../share-commands';
import { DecideNotToShareCommand } from './decide-not-to-share.command';

@CommandHandler(DecideNotToShareCommand)
export class DecideNotToShareHandler implements ICommandHandler<DecideNotToShareCommand, ShareAnswer> {
  constructor(private readonly shares: ShareCommands) {}

  execute({ body, context, access }: DecideNotToShareCommand): Promise<ShareAnswer> {
    return this.shares.decideNotToShare(body, context, access);
  }
}
