import { Command } from '@nestjs/cqrs';
import type { AccessRequestInfo } from '@app/access';
import type { StreamCommandContext } from '@app/common';
import type { ShareAnswer } from '../share-commands';
import type { RequestShareDto } from './request-share.dto';

export class RequestShareCommand extends Command<ShareAnswer> {
  constructor(
    readonly body: RequestShareDto,
    readonly context: StreamCommandContext,
    /** Purpose and break-glass reason for reading the records shared. */
    readonly access: AccessRequestInfo = {},
  ) {
    super();
  }
}
