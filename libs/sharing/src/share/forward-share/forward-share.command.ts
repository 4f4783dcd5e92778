import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { ShareAnswer } from '../share-commands';
import type { ForwardShareDto } from './forward-share.dto';

export class ForwardShareCommand extends Command<ShareAnswer> {
  constructor(
    readonly inboundShareId: string,
    readonly body: ForwardShareDto,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
