import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor } from '@app/common';
import { PoiChange } from '../poi-change.docs';
import { plain } from '../../shared/validators';
import { POI_ANSWER_EXAMPLE } from '../poi-commands';
import { DisruptionAnswer, RecordDisruptionCommand } from './record-disruption.command';
import { RecordDisruptionDto } from './record-disruption.dto';

@ApiTags('persons of interest')
@Controller('persons-of-interest/:poiId/disruptions')
export class RecordDisruptionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record disruption (action 4.5): a child abduction warning notice, a sexual risk order, a sexual harm prevention order, an arrest, a charge, a conviction or other outcome',
  })
  @ApiBody({
    type: RecordDisruptionDto,
    examples: {
      notice: { summary: 'A CAWN served', value: { kind: 'child-abduction-warning-notice', on: '2026-11-02', reference: 'CAWN/2026/0042', notes: 'Served in person' } },
      outcome: { summary: 'An outcome', value: { kind: 'outcome', on: '2027-03-15', reference: 'T20260123', notes: 'Convicted; SHPO made for 10 years' } },
    },
  })
  @PoiChange('RecordDisruption', { refused: 'A date in the future; an outcome without notes' })
  @ApiOkResponse({ description: 'Recorded', schema: { example: { ...POI_ANSWER_EXAMPLE, disruptionId: '4b6d8f0a-1c3e-4f5a-8b7c-9d0e1f2a3b4c' } } })
  record(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @Body() body: RecordDisruptionDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<DisruptionAnswer> {
    const disruption = plain(body);
    const context = { actor, request: { poiId, ...disruption }, ...headers };
    return this.commands.execute(new RecordDisruptionCommand(poiId, disruption, context));
  }
}
