import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { SHARE_ANSWER_EXAMPLE, ShareAnswer } from '../share-commands';
import { ShareCommandDocs, plain } from '../share-responses';
import { ShareReasonDto } from '../share-terms.dto';
import { RefuseShareCommand } from './refuse-share.command';

@ShareCommandDocs({ ifMatch: true })
@Controller('shares/:shareId/refuse')
export class RefuseShareController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse a requested share, with the reason (sharing officers other than the requester): a recorded decision not to share' })
  @ApiOkResponse({ description: 'Refused', schema: { example: { ...SHARE_ANSWER_EXAMPLE, state: 'refused', revision: 1 } } })
  @ApiForbiddenResponse({ description: 'Not a sharing officer, or the requester themself; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such share' })
  @ApiConflictResponse({ description: 'Already decided, or changed since If-Match; nothing was written' })
  @Writes('share', 'RefuseShare')
  refuse(
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Body() body: ShareReasonDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ShareAnswer> {
    const { reason } = plain(body);
    return this.commands.execute(new RefuseShareCommand(shareId, reason, { actor, request: { shareId, decision: 'refuse', reason }, reason, ...headers }));
  }
}
