import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor } from '@app/common';
import { PoiChange } from '../poi-change.docs';
import { plain } from '../../shared/validators';
import { POI_ANSWER_EXAMPLE, PoiChangeAnswer } from '../poi-commands';
import { MarkVulnerableYoungPersonCommand } from './mark-vulnerable-young-person.command';
import { MarkVulnerableYoungPersonDto } from './mark-vulnerable-young-person.dto';

@ApiTags('persons of interest')
@Controller('persons-of-interest/:poiId/vulnerable-young-person')
export class MarkVulnerableYoungPersonController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the person of interest as a young person who is vulnerable too (action 4.3): interventions to help them disengage can then be recorded' })
  @PoiChange('MarkVulnerableYoungPerson', { notFound: 'No such person of interest or case' })
  @ApiOkResponse({ description: 'Marked (changed: false when already marked)', schema: { example: POI_ANSWER_EXAMPLE } })
  mark(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @Body() body: MarkVulnerableYoungPersonDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<PoiChangeAnswer> {
    const mark = plain(body);
    const context = { actor, request: { poiId, ...mark }, ...headers };
    return this.commands.execute(new MarkVulnerableYoungPersonCommand(poiId, mark, context));
  }
}
