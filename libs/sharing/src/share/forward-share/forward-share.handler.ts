import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ShareAnswer, ShareCommands } from '../share-commands';
import { ForwardShareCommand } from './forward-share.command';

@CommandHandler(ForwardShareCommand)
export class ForwardShareHandler implements ICommandHandler<ForwardShareCommand, ShareAnswer> {
  constructor(private readonly shares: ShareCommands) {}

  execute({ inboundShareId, body, context }: ForwardShareCommand): Promise<ShareAnswer> {
    return this.shares.forward(inboundShareId, body, context);
  }
}
