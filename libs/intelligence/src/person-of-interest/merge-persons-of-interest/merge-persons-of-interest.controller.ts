import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { plain } from '../../shared/validators';
import { MergePersonsOfInterestCommand, MergePersonsOfInterestResult } from './merge-persons-of-interest.command';
import { MergePersonsOfInterestDto } from './merge-persons-of-interest.dto';

@ApiTags('persons of interest')
@Controller('persons-of-interest/:poiId/merges')
export class MergePersonsOfInterestController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Merge a duplicate into this person of interest',
    description:
      'An event on both: this POI (the survivor) gains the duplicate’s identifiers, links and intelligence; the duplicate points here and refuses ' +
      'further changes. Both histories stay. Repeating a merge (e.g. after a failure between the two writes) completes it and writes nothing twice.',
  })
  @ApiBody({ type: MergePersonsOfInterestDto, examples: { merge: { summary: 'A duplicate', value: { duplicatePoiId: '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', reason: 'Same person: the phone number and the vehicle match' } } } })
  @ApiCommandHeaders({ ifMatch: true, record: 'survivor', idempotencyKey: 'Accepted; a merge is idempotent by its pair of POIs whatever the key' })
  @ApiOkResponse({
    description: 'Merged (changed: false when it already was)',
    schema: { example: { poiId: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10', mergedPoiId: '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', revision: 4, position: '00000000000000000121:00000000000000000121', changed: true } },
  })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such person of interest (either one)' })
  @ApiConflictResponse({ description: 'The survivor changed since If-Match, or one of the two was already merged into another POI; nothing was written' })
  @ApiUnprocessableEntityResponse({ description: 'A POI cannot be merged into itself' })
  @Writes('poi', 'MergeInto')
  merge(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @Body() body: MergePersonsOfInterestDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<MergePersonsOfInterestResult> {
    const { duplicatePoiId, reason } = plain(body);
    const context = { actor, request: { poiId, duplicatePoiId, reason }, reason, ...headers };
    return this.commands.execute(new MergePersonsOfInterestCommand(poiId, duplicatePoiId, reason, context));
  }
}
