import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { ReportMissingEpisodeCommand, ReportMissingEpisodeResult } from './report-missing-episode.command';
import { ReportMissingEpisodeDto } from './report-missing-episode.dto';

@ApiTags('missing episodes')
@Controller('cases/:caseId/missing-episodes')
export class ReportMissingEpisodeController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Report a missing episode for the child on this case',
    description:
      'Where from, when last seen, when reported to the police, the police category (missing / absent), the risk level, whether it ' +
      'appears concerning, push and pull factors. A concerning episode, a third episode within the configured window, or an episode ' +
      'over the configured hours lists the child for SEMRAC automatically.',
  })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({
    description: 'Reported (or, on a retry with the same key, found)',
    schema: { example: { episodeId: '3c9d2b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d', caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', revision: 0, position: '00000000000000000042:00000000000000000042', created: true } },
  })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such case' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different request; nothing was written' })
  @ApiUnprocessableEntityResponse({ description: 'A rule refused the report (e.g. last seen in the future)' })
  @Writes('missing-episode', 'ReportMissingEpisode')
  report(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: ReportMissingEpisodeDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<ReportMissingEpisodeResult> {
    const report = JSON.parse(JSON.stringify(body)) as ReportMissingEpisodeDto;
    const context = { actor, request: { caseId, report }, ...headers };
    return this.commands.execute(new ReportMissingEpisodeCommand(caseId, report, context));
  }
}
