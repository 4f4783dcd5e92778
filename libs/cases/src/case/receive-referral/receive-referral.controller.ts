import { BadRequestException, Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@app/common';
import { ReceiveReferralCommand, ReceiveReferralResult } from './receive-referral.command';
import { ReceiveReferralDto } from './receive-referral.dto';

@ApiTags('referrals')
@ApiSecurity('user')
@ApiSecurity('agency')
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
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key answers as the first time and writes nothing more' })
  @ApiCreatedResponse({ description: 'Recorded (or, on a retry with the same key, found)', schema: { example: { referralId: 'uuid', caseId: 'uuid', position: '…', created: true } } })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
  @ApiNotFoundResponse({ description: 'caseId names no known case' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different request' })
  @ApiUnprocessableEntityResponse({ description: 'A rule refused the referral (e.g. no age given)' })
  receive(
    @Body() body: ReceiveReferralDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ReceiveReferralResult> {
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{8,100}$/.test(idempotencyKey)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request is not valid: see errors',
        errors: [{ field: 'header Idempotency-Key', problems: ['must be 8-100 letters, digits or _.:-'] }],
      });
    }
    return this.commands.execute(new ReceiveReferralCommand(body, actor, idempotencyKey));
  }
}
