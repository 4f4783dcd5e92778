import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { plain } from '../../shared/validators';
import { ITEM_ANSWER_EXAMPLE, ItemChangeAnswer } from '../item-commands';
import { OfficerCommand } from '../officer-responses';
import { DisseminateIntelligenceCommand } from './disseminate-intelligence.command';
import { DisseminateIntelligenceDto } from './disseminate-intelligence.dto';

@OfficerCommand()
@Controller('intelligence/:itemId/dissemination')
export class DisseminateIntelligenceController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disseminate a graded, sanitised item to the police intelligence unit (intelligence officers)',
    description: 'Records IntelligenceDisseminated: the grading, the handling conditions, the sanitised text, the subjects and whether it is urgent. Refused (409) before grading or sanitising, and a second time.',
  })
  @ApiOkResponse({ description: 'Disseminated', schema: { example: { ...ITEM_ANSWER_EXAMPLE, status: 'disseminated', revision: 4 } } })
  @Writes('intel', 'DisseminateIntelligence')
  disseminate(
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Body() body: DisseminateIntelligenceDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ItemChangeAnswer> {
    const { urgent } = plain(body ?? {});
    const context = { actor, request: { itemId, urgent: urgent ?? false }, ...headers };
    return this.commands.execute(new DisseminateIntelligenceCommand(itemId, urgent, context));
  }
}
