import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { ShareAnswer } from '../share-commands';

export class RevokeShareCommand extends Command<ShareAnswer> {
  constructor(
    readonly shareId: string,
    readonly reason: string,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
