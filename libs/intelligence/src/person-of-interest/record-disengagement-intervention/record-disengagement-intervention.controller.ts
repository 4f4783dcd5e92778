import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor, commandHeaders } from '@app/common';
import { plain } from '../../shared/validators';
import { POI_ANSWER_EXAMPLE } from '../poi-commands';
import { InterventionAnswer, RecordDisengagementInterventionCommand } from './record-disengagement-intervention.command';
import { RecordDisengagementInterventionDto } from './record-disengagement-intervention.dto';

@ApiTags('persons of interest')
@ApiSecurity('user')
@ApiSecurity('agency')
@Controller('persons-of-interest/:poiId/interventions')
export class RecordDisengagementInterventionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an intervention to help a vulnerable young person disengage (action 4.3): agency, intervention, dates, outcome' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The POI revision you last read' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key answers as the first time and writes nothing more' })
  @ApiOkResponse({ description: 'Recorded', schema: { example: { ...POI_ANSWER_EXAMPLE, interventionId: '2c4e6a8b-0d1f-4a3b-9c5d-7e9f1a2b3c4d' } } })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such person of interest' })
  @ApiConflictResponse({ description: 'Not marked as a vulnerable young person; changed since If-Match; merged; nothing was written' })
  @ApiUnprocessableEntityResponse({ description: 'Dates in the future, or an end before the start' })
  record(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @Body() body: RecordDisengagementInterventionDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<InterventionAnswer> {
    const intervention = plain(body);
    const context = { actor, request: { poiId, ...intervention }, ...commandHeaders(ifMatch, key) };
    return this.commands.execute(new RecordDisengagementInterventionCommand(poiId, intervention, context));
  }
}
