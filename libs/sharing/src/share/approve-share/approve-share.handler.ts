import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ShareAnswer, ShareCommands } from '../share-commands';
import { ApproveShareCommand } from './approve-share.command';

@CommandHandler(ApproveShareCommand)
export class ApproveShareHandler implements ICommandHandler<ApproveShareCommand, ShareAnswer> {
  constructor(private readonly shares: ShareCommands) {}

  execute({ shareId, context }: ApproveShareCommand): Promise<ShareAnswer> {
    return this.shares.approve(shareId, context);
  }
}
