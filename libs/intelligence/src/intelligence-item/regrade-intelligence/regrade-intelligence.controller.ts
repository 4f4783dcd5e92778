import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { plain } from '../../shared/validators';
import { ITEM_ANSWER_EXAMPLE, ItemChangeAnswer } from '../item-commands';
import { OfficerCommand } from '../officer-responses';
import { RegradeIntelligenceCommand } from './regrade-intelligence.command';
import { RegradeIntelligenceDto } from './regrade-intelligence.dto';

@OfficerCommand('The same grading again; handling C without written conditions')
@Controller('intelligence/:itemId/regrading')
export class RegradeIntelligenceController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Regrade a graded item, with the reason (intelligence officers); allowed after dissemination too' })
  @ApiBody({
    type: RegradeIntelligenceDto,
    examples: { corroborated: { summary: 'Corroborated', value: { source: 2, assessment: 'B', handling: 'C', conditions: 'Police and children’s social care only', reason: 'Corroborated by a second partner agency' } } },
  })
  @ApiOkResponse({ description: 'Regraded', schema: { example: { ...ITEM_ANSWER_EXAMPLE, revision: 3 } } })
  @Writes('intel', 'RegradeIntelligence')
  regrade(
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Body() body: RegradeIntelligenceDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ItemChangeAnswer> {
    const regrading = plain(body);
    const context = { actor, request: { itemId, regrading }, reason: regrading.reason, ...headers };
    return this.commands.execute(new RegradeIntelligenceCommand(itemId, regrading, context));
  }
}
