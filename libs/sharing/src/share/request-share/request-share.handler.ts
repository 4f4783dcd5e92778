import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ShareAnswer, ShareCommands } from '../share-commands';
import { RequestShareCommand } from './request-share.command';

@CommandHandler(RequestShareCommand)
export class RequestShareHandler implements ICommandHandler<RequestShareCommand, ShareAnswer> {
  constructor(private readonly shares: ShareCommands) {}

  execute({ body, context, access }: RequestShareCommand): Promise<ShareAnswer> {
    return this.shares.request(body, context, access);
  }
}
