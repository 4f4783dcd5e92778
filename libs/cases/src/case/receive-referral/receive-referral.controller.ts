import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { ReceiveReferralCommand, ReceiveReferralResult } from './receive-referral.command';
import { ReceiveReferralDto } from './receive-referral.dto';

/** ReceiveReferralResult in the OpenAPI document. */
const REFERRAL_ANSWER = {
  type: 'object',
  required: ['referralId', 'caseId', 'position', 'created'],
  properties: {
    referralId: { type: 'string', format: 'uuid' },
    caseId: { type: 'string', format: 'uuid' },
    position: { type: 'string', description: 'Pass to `GET /cases/{caseId}?consistentWith=` to read your own write' },
    created: { type: 'boolean', description: 'False when this was a retry with the same Idempotency-Key and nothing new was written' },
    advice: { type: 'string', description: 'Present when immediate danger was reported' },
  },
  example: { referralId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', caseId: '4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f', position: '42', created: true },
};

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
  @ApiCreatedResponse({ description: 'Recorded (or, on a retry with the same key, found)', schema: REFERRAL_ANSWER })
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
