import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { SHARE_ANSWER_EXAMPLE, ShareAnswer } from '../share-commands';
import { ShareCommandDocs, plain } from '../share-responses';
import { ForwardShareCommand } from './forward-share.command';
import { ForwardShareDto } from './forward-share.dto';

@ShareCommandDocs()
@Controller('shares/:shareId/forward')
export class ForwardShareController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Pass on a share this board received (its id): a new share of the same content, approved like any other',
    description: 'The label may stay or narrow, never widen; RED is never forwarded; the original’s handling conditions travel with it.',
  })
  @ApiCreatedResponse({ description: 'The onward share, requested', schema: { example: SHARE_ANSWER_EXAMPLE } })
  @ApiForbiddenResponse({ description: 'The received share’s label does not let your roles use it; nothing was written' })
  @ApiNotFoundResponse({ description: 'No received share with this id' })
  @ApiConflictResponse({ description: 'The received share was revoked by its sender' })
  @ApiUnprocessableEntityResponse({ description: 'A wider label, a RED share, an unknown peer or a label the peer does not accept' })
  @Writes('share', 'RequestShare')
  forward(
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Body() body: ForwardShareDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ShareAnswer> {
    const request = plain(body);
    return this.commands.execute(new ForwardShareCommand(shareId, request, { actor, request: { shareId, ...request }, ...headers }));
  }
}
