import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { SHARE_ANSWER_EXAMPLE, ShareAnswer } from '../share-commands';
import { ShareCommandDocs, plain } from '../share-responses';
import { ShareReasonDto } from '../share-terms.dto';
import { RevokeShareCommand } from './revoke-share.command';

@ShareCommandDocs({ ifMatch: true })
@Controller('shares/:shareId/revoke')
export class RevokeShareController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a sent share, with the reason (sharing officers): the recipient destroys its copy’s key and confirms (state revocation-confirmed)' })
  @ApiOkResponse({ description: 'Revoked', schema: { example: { ...SHARE_ANSWER_EXAMPLE, state: 'revoked', revision: 4 } } })
  @ApiForbiddenResponse({ description: 'Not a sharing officer; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such share' })
  @ApiConflictResponse({ description: 'Never sent, already revoked, or changed since If-Match; nothing was written' })
  @Writes('share', 'RevokeShare')
  revoke(
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Body() body: ShareReasonDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ShareAnswer> {
    const { reason } = plain(body);
    return this.commands.execute(new RevokeShareCommand(shareId, reason, { actor, request: { shareId, decision: 'revoke', reason }, reason, ...headers }));
  }
}
