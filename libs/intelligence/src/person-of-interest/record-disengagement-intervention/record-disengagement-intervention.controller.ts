import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor } from '@app/common';
import { PoiChange } from '../poi-change.docs';
import { plain } from '../../shared/validators';
import { POI_ANSWER_EXAMPLE } from '../poi-commands';
import { InterventionAnswer, RecordDisengagementInterventionCommand } from './record-disengagement-intervention.command';
import { RecordDisengagementInterventionDto } from './record-disengagement-intervention.dto';

@ApiTags('persons of interest')
@Controller('persons-of-interest/:poiId/interventions')
export class RecordDisengagementInterventionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an intervention to help a vulnerable young person disengage (action 4.3): agency, intervention, dates, outcome' })
  @PoiChange('RecordDisengagementIntervention', { conflict: 'Not marked as a vulnerable young person; changed since If-Match; merged; nothing was written', refused: 'Dates in the future, or an end before the start' })
  @ApiOkResponse({ description: 'Recorded', schema: { example: { ...POI_ANSWER_EXAMPLE, interventionId: '2c4e6a8b-0d1f-4a3b-9c5d-7e9f1a2b3c4d' } } })
  record(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @Body() body: RecordDisengagementInterventionDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<InterventionAnswer> {
    const intervention = plain(body);
    const context = { actor, request: { poiId, ...intervention }, ...headers };
    return this.commands.execute(new RecordDisengagementInterventionCommand(poiId, intervention, context));
  }
}
