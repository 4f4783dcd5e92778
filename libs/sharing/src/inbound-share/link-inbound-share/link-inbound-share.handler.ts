import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InboundShareCommands, LinkAnswer } from '../../share/share-commands';
import { LinkInboundShareCommand } from './link-inbound-share.command';

@CommandHandler(LinkInboundShareCommand)
export class LinkInboundShareHandler implements ICommandHandler<LinkInboundShareCommand, LinkAnswer> {
  constructor(private readonly inbound: InboundShareCommands) {}

  execute({ shareId, to, note, context }: LinkInboundShareCommand): Promise<LinkAnswer> {
    return this.inbound.link(shareId, to, note, context);
  }
}
