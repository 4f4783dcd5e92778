import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { SHARE_ANSWER_EXAMPLE, ShareAnswer } from '../share-commands';
import { ShareCommandDocs, plain } from '../share-responses';
import { RequestShareCommand } from './request-share.command';
import { RequestShareDto } from './request-share.dto';

@ShareCommandDocs()
@Controller('shares')
export class RequestShareController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Request a share to a configured peer (practitioners, SEMRAC chairs, intelligence and sharing officers)',
    description:
      'The content (case summary, chosen chronology entries, sanitised intelligence items) is assembled now from this board’s records. ' +
      'A sharing officer other than the requester approves or refuses it; only an approved share leaves, through the outbox.',
  })
  @ApiCreatedResponse({ description: 'Requested', schema: { example: SHARE_ANSWER_EXAMPLE } })
  @ApiForbiddenResponse({ description: 'The actor’s roles may not request shares, or a chosen record is outside their need to know (recorded)' })
  @ApiNotFoundResponse({ description: 'A named case, chronology entry or intelligence item does not exist' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown peer, a label the peer does not accept, an unsanitised item, nothing chosen' })
  @ApiRecordedRead()
  @Writes('share', 'RequestShare')
  request(
    @Body() body: RequestShareDto,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ShareAnswer> {
    const request = plain(body);
    return this.commands.execute(new RequestShareCommand(request, { actor, request, ...headers }, access));
  }
}
