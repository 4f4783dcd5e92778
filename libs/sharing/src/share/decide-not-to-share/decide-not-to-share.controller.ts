import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiOperation } from '@nestjs/swagger';
import { AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { SHARE_ANSWER_EXAMPLE, ShareAnswer } from '../share-commands';
import { ShareCommandDocs, plain } from '../share-responses';
import { DecideNotToShareCommand } from './decide-not-to-share.command';
import { DecideNotToShareDto } from './decide-not-to-share.dto';

@ShareCommandDocs()
@Controller('shares/decisions-not-to-share')
export class DecideNotToShareController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a decision not to share, with its reason (it appears in the sharing register)' })
  @ApiCreatedResponse({ description: 'Recorded', schema: { example: { ...SHARE_ANSWER_EXAMPLE, state: 'not-shared' } } })
  @ApiForbiddenResponse({ description: 'The actor’s roles may not decide on sharing' })
  @ApiRecordedRead()
  @Writes('share', 'DecideNotToShare')
  decide(
    @Body() body: DecideNotToShareDto,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ShareAnswer> {
    const request = plain(body);
    return this.commands.execute(new DecideNotToShareCommand(request, { actor, request, reason: request.reason, ...headers }, access));
  }
}
