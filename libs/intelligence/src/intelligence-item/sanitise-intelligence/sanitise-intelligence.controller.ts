import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { plain } from '../../shared/validators';
import { ITEM_ANSWER_EXAMPLE, ItemChangeAnswer } from '../item-commands';
import { OfficerCommand } from '../officer-responses';
import { SanitiseIntelligenceCommand } from './sanitise-intelligence.command';
import { SanitiseIntelligenceDto } from './sanitise-intelligence.dto';

@OfficerCommand('The text carries the source’s name or another recorded identifier of the source (the answer says which kind, never the value)')
@Controller('intelligence/:itemId/sanitisation')
export class SanitiseIntelligenceController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sanitise a graded item (intelligence officers): the text that may be disseminated, carrying nothing that identifies the source',
    description: 'Until dissemination a new text replaces the last one. The original stays sealed.',
  })
  @ApiOkResponse({ description: 'Sanitised', schema: { example: { ...ITEM_ANSWER_EXAMPLE, status: 'sanitised', revision: 3 } } })
  @Writes('intel', 'SanitiseIntelligence')
  sanitise(
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Body() body: SanitiseIntelligenceDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ItemChangeAnswer> {
    const { text } = plain(body);
    const context = { actor, request: { itemId, text }, ...headers };
    return this.commands.execute(new SanitiseIntelligenceCommand(itemId, text, context));
  }
}
