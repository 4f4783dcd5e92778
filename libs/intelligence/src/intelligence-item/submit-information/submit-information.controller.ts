import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { plain } from '../../shared/validators';
import { SubmitInformationCommand, SubmitInformationResult } from './submit-information.command';
import { SUBMIT_EXAMPLE, SubmitInformationDto } from './submit-information.dto';

@ApiTags('intelligence')
@Controller('intelligence')
export class SubmitInformationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Submit information as a partner agency',
    description:
      'What is known, about whom, when it was known and how the submitter knows it. The source’s details are kept apart and sealed: only ' +
      'intelligence officers read them (GET /intelligence/{id}/original), and nothing disseminated carries them. A police intelligence ' +
      'officer then grades, sanitises and disseminates the item.',
  })
  @ApiBody({ type: SubmitInformationDto, examples: { submission: { summary: 'From a school', value: SUBMIT_EXAMPLE } } })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({
    description: 'Submitted (or, on a retry with the same key, found)',
    schema: { example: { itemId: '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f', revision: 1, position: '00000000000000000129:00000000000000000129', created: true } },
  })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
  @ApiNotFoundResponse({ description: 'A subject names a POI or case that does not exist' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different request; nothing was written' })
  @ApiUnprocessableEntityResponse({ description: 'A rule refused it (knownAt in the future; howKnown other without detail)' })
  @Writes('intel', 'SubmitInformation')
  submit(@Body() body: SubmitInformationDto, @CurrentActor() actor: Actor, @CommandHeaders() headers: CommandHeaderValues): Promise<SubmitInformationResult> {
    const submission = plain(body);
    const context = { actor, request: submission, ...headers };
    return this.commands.execute(new SubmitInformationCommand(submission, context));
  }
}
