import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { SHARE_ANSWER_EXAMPLE, ShareAnswer } from '../share-commands';
import { ShareCommandDocs } from '../share-responses';
import { ApproveShareCommand } from './approve-share.command';

@ShareCommandDocs({ ifMatch: true })
@Controller('shares/:shareId/approve')
export class ApproveShareController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a requested share (sharing officers other than the requester): it is sent to the peer through the outbox' })
  @ApiOkResponse({ description: 'Approved and sent', schema: { example: { ...SHARE_ANSWER_EXAMPLE, state: 'sent', revision: 2 } } })
  @ApiForbiddenResponse({ description: 'Not a sharing officer, or the requester themself; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such share' })
  @ApiConflictResponse({ description: 'Already decided, or changed since If-Match; nothing was written' })
  @Writes('share', 'ApproveShare')
  approve(
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ShareAnswer> {
    return this.commands.execute(new ApproveShareCommand(shareId, { actor, request: { shareId, decision: 'approve' }, ...headers }));
  }
}
