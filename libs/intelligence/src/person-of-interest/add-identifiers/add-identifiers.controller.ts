import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, badRequest } from '@app/common';
import { PoiChange } from '../poi-change.docs';
import { plain } from '../../shared/validators';
import { POI_ANSWER_EXAMPLE, PoiChangeAnswer } from '../poi-commands';
import { AddIdentifiersCommand } from './add-identifiers.command';
import { AddIdentifiersDto } from './add-identifiers.dto';

@ApiTags('persons of interest')
@Controller('persons-of-interest/:poiId/identifiers')
export class AddIdentifiersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Add identifiers learned since: aliases, addresses, vehicles, phone numbers, online identities, a date of birth' })
  @ApiBody({
    type: AddIdentifiersDto,
    examples: { alias: { summary: 'A new alias and phone', value: { identifiers: { names: [{ name: 'D-Man', kind: 'alias' }], phoneNumbers: ['07700 900999'] } } } },
  })
  @PoiChange('AddIdentifiers', { conflict: 'Changed since If-Match; merged into another POI; a different date of birth or gender on record; nothing was written' })
  @ApiOkResponse({ description: 'Added (changed: false when nothing was new)', schema: { example: POI_ANSWER_EXAMPLE } })
  add(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @Body() body: AddIdentifiersDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<PoiChangeAnswer> {
    const { identifiers } = plain(body);
    if (Object.keys(identifiers).length === 0) throw badRequest([{ field: 'identifiers', problems: ['give at least one identifier'] }]);
    const context = { actor, request: { poiId, identifiers }, ...headers };
    return this.commands.execute(new AddIdentifiersCommand(poiId, identifiers, context));
  }
}
