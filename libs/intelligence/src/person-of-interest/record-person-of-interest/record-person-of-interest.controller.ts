import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes, badRequest } from '@app/common';
import { plain } from '../../shared/validators';
import { RecordPersonOfInterestCommand, RecordPersonOfInterestResult } from './record-person-of-interest.command';
import { RECORD_POI_EXAMPLE, RecordPersonOfInterestDto } from './record-person-of-interest.dto';

@ApiTags('persons of interest')
@Controller('persons-of-interest')
export class RecordPersonOfInterestController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record a person of interest with what identifies them',
    description: 'Names and aliases, date of birth or approximate age, gender, addresses, vehicles, phone numbers, online identities. Each identifier is kept once, however it is written.',
  })
  @ApiBody({ type: RecordPersonOfInterestDto, examples: { poi: { summary: 'A person of interest', value: RECORD_POI_EXAMPLE } } })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({
    description: 'Recorded (or, on a retry with the same key, found)',
    schema: { example: { poiId: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10', revision: 0, position: '00000000000000000101:00000000000000000101', created: true } },
  })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different request; nothing was written' })
  @ApiUnprocessableEntityResponse({ description: 'A rule refused it (no name or alias; a date of birth in the future)' })
  @Writes('poi', 'RecordPersonOfInterest')
  record(@Body() body: RecordPersonOfInterestDto, @CurrentActor() actor: Actor, @CommandHeaders() headers: CommandHeaderValues): Promise<RecordPersonOfInterestResult> {
    const { identifiers } = plain(body);
    if (!identifiers.names?.length) throw badRequest([{ field: 'identifiers.names', problems: ['give at least one name or alias'] }]);
    const context = { actor, request: { identifiers }, ...headers };
    return this.commands.execute(new RecordPersonOfInterestCommand(identifiers, context));
  }
}
