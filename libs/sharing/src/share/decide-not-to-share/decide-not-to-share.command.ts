import { Command } from '@nestjs/cqrs';
import type { AccessRequestInfo } from '@app/access';
import type { StreamCommandContext } from '@app/common';
import type { ShareAnswer } from '../share-commands';
import type { DecideNotToShareDto } from './decide-not-to-share.dto';

export class DecideNotToShareCommand extends Command<ShareAnswer> {
  constructor(
    readonly body: DecideNotToShareDto,
    readonly context: StreamCommandContext,
    /** Purpose and break-glass reason for reading the records shared. */
    readonly access: AccessRequestInfo = {},
  ) {
    super();
  }
}
