import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { ReceiveReferralCommand, ReceiveReferralResult } from './receive-referral.command';
import { ReceiveReferralDto } from './receive-referral.dto';

@ApiTags('referrals')
@Controller('referrals')
export class ReceiveReferralController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Refer a child',
    description:
      'Records a referral from any partner agency. The first referral opens a case; give `caseId` to add a later referral to ' +
      'an existing case. Not an emergency channel: for a child in immediate danger, call 999.',
  })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({ description: 'Recorded (or, on a retry with the same key, found)', schema: { example: { referralId: 'uuid', caseId: 'uuid', position: '…', created: true } } })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
  @ApiNotFoundResponse({ description: 'caseId names no known case' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different request' })
  @ApiUnprocessableEntityResponse({ description: 'A rule refused the referral (e.g. no age given)' })
  @Writes('case', 'ReceiveReferral')
  receive(
    @Body() body: ReceiveReferralDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ReceiveReferralResult> {
    return this.commands.execute(new ReceiveReferralCommand(body, actor, headers.idempotencyKey));
  }
}
