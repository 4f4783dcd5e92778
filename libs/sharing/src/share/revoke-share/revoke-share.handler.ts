import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ShareAnswer, ShareCommands } from '../share-commands';
import { RevokeShareCommand } from './revoke-share.command';

@CommandHandler(RevokeShareCommand)
export class RevokeShareHandler implements ICommandHandler<RevokeShareCommand, ShareAnswer> {
  constructor(private readonly shares: ShareCommands) {}

  execute({ shareId, reason, context }: RevokeShareCommand): Promise<ShareAnswer> {
    return this.shares.revoke(shareId, reason, context);
  }
}
