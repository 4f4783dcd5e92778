import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { plain } from '../../shared/validators';
import { ITEM_ANSWER_EXAMPLE, ItemChangeAnswer } from '../item-commands';
import { OfficerCommand } from '../officer-responses';
import { GradeIntelligenceCommand } from './grade-intelligence.command';
import { GRADE_EXAMPLES, GradeIntelligenceDto } from './grade-intelligence.dto';

@OfficerCommand('Handling C without written conditions, or conditions on handling P')
@Controller('intelligence/:itemId/grading')
export class GradeIntelligenceController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Grade the item 3x5x2 (intelligence officers): source 1-3, assessment A-E, handling P or C with written conditions' })
  @ApiBody({ type: GradeIntelligenceDto, examples: GRADE_EXAMPLES })
  @ApiOkResponse({ description: 'Graded', schema: { example: ITEM_ANSWER_EXAMPLE } })
  @Writes('intel', 'GradeIntelligence')
  grade(
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Body() body: GradeIntelligenceDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ItemChangeAnswer> {
    const grading = plain(body);
    const context = { actor, request: { itemId, grading }, ...headers };
    return this.commands.execute(new GradeIntelligenceCommand(itemId, grading, context));
  }
}
