import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { LinkAnswer } from '../../share/share-commands';
import { ShareCommandDocs, plain } from '../../share/share-responses';
import { LinkInboundShareCommand } from './link-inbound-share.command';
import { LinkInboundShareDto } from './link-inbound-share.dto';

@ShareCommandDocs({ ifMatch: true })
@Controller('inbound-shares/:shareId/link')
export class LinkInboundShareController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Link a received share to a local case or person of interest (those its label lets read it)' })
  @ApiOkResponse({ description: 'Linked', schema: { example: { shareId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', revision: 1, position: '00000000000000000140:00000000000000000140', changed: true } } })
  @ApiForbiddenResponse({ description: 'The label does not let your roles use it; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such received share, case or person of interest' })
  @ApiConflictResponse({ description: 'Revoked by its sender, or changed since If-Match' })
  @Writes('inbound-share', 'LinkInboundShare')
  link(
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Body() body: LinkInboundShareDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<LinkAnswer> {
    const request = plain(body);
    return this.commands.execute(new LinkInboundShareCommand(shareId, { kind: request.kind, id: request.id }, request.note, { actor, request: { shareId, ...request }, ...headers }));
  }
}
