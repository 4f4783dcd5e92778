import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ShareAnswer, ShareCommands } from '../share-commands';
import { RefuseShareCommand } from './refuse-share.command';

@CommandHandler(RefuseShareCommand)
export class RefuseShareHandler implements ICommandHandler<RefuseShareCommand, ShareAnswer> {
  constructor(private readonly shares: ShareCommands) {}

  execute({ shareId, reason, context }: RefuseShareCommand): Promise<ShareAnswer> {
    return this.shares.refuse(shareId, reason, context);
  }
}
