import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { ShareAnswer } from '../share-commands';

export class ApproveShareCommand extends Command<ShareAnswer> {
  constructor(
    readonly shareId: string,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
