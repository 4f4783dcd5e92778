import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
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
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes, badRequest } from '@app/common';
import { ChangeMissingEpisodeCommand } from './change-missing-episode.command';
import { HELD_FIELDS, NOT_HELD_FIELDS, RecordReturnDto, ReturnInterviewDto, UPDATE_FIELDS, UpdateMissingEpisodeDto } from './change-missing-episode.dto';

export interface MissingEpisodeChangeAnswer {
  episodeId: string;
  caseId: string;
  /** Send as If-Match with the next change to this episode. */
  revision: number;
  position?: string;
  /** False when the episode already was as asked, or for a retried Idempotency-Key. */
  changed: boolean;
}

const ANSWER_EXAMPLE = {
  episodeId: '3c9d2b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d',
  caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11',
  revision: 1,
  position: '00000000000000000043:00000000000000000043',
  changed: true,
};

@ApiTags('missing episodes')
@ApiCommandHeaders({ ifMatch: true, record: 'episode' })
@ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
@ApiNotFoundResponse({ description: 'No such missing episode' })
@ApiConflictResponse({ description: 'The episode changed since the revision given, or the change conflicts with its state (e.g. a second return); nothing was written' })
@ApiUnprocessableEntityResponse({ description: 'A rule refused the change (e.g. a return before the child was last seen)' })
@Controller('missing-episodes/:episodeId')
export class ChangeMissingEpisodeController {
  constructor(private readonly commands: CommandBus) {}

  @Patch()
  @HttpCode(200)
  @ApiOperation({ summary: 'Update the police category, risk level, whether it appears concerning, or the push and pull factors, with a note' })
  @ApiOkResponse({ description: 'Updated (changed: false when nothing differed)', schema: { example: ANSWER_EXAMPLE } })
  @Writes('missing-episode', 'UpdateMissingEpisode')
  update(
    @Param('episodeId', new ParseUUIDPipe()) episodeId: string,
    @Body() body: UpdateMissingEpisodeDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<MissingEpisodeChangeAnswer> {
    const data = plain(body);
    if (!UPDATE_FIELDS.some((field) => data[field] !== undefined)) {
      throw badRequest([{ field: 'body', problems: [`give at least one of ${UPDATE_FIELDS.join(', ')}`] }]);
    }
    return this.run(episodeId, { type: 'UpdateMissingEpisode', data }, actor, data, headers, data.note);
  }

  @Post('return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the return: when, where found, who with, who brought the child back. The return home interview is then due within the configured hours (72)' })
  @ApiOkResponse({ description: 'Return recorded', schema: { example: ANSWER_EXAMPLE } })
  @Writes('missing-episode', 'RecordReturn')
  recordReturn(
    @Param('episodeId', new ParseUUIDPipe()) episodeId: string,
    @Body() body: RecordReturnDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<MissingEpisodeChangeAnswer> {
    const data = plain(body);
    return this.run(episodeId, { type: 'RecordReturn', data }, actor, data, headers);
  }

  @Post('return-interview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the return home interview: held (by whom, when, where, what was learned) or not held (why, the attempts made)',
  })
  @ApiBody({
    type: ReturnInterviewDto,
    examples: {
      held: {
        summary: 'Held',
        value: { outcome: 'held', heldAt: '2026-11-28T16:00:00Z', heldBy: { name: 'Alex Interviewer', agencyId: 'bf-rhi-service' }, where: 'At school', learned: 'Stayed at a flat in town with older males.' },
      },
      notHeld: {
        summary: 'Not held',
        value: { outcome: 'not-held', reason: 'Child declined', attempts: [{ at: '2026-11-28T09:00:00Z', by: 'RHI worker', outcome: 'Declined at the door' }] },
      },
    },
  })
  @ApiOkResponse({ description: 'Interview recorded', schema: { example: ANSWER_EXAMPLE } })
  @Writes('missing-episode', 'RecordReturnInterview')
  recordInterview(
    @Param('episodeId', new ParseUUIDPipe()) episodeId: string,
    @Body() body: ReturnInterviewDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<MissingEpisodeChangeAnswer> {
    const data = plain(body);
    const foreign = data.outcome === 'held' ? NOT_HELD_FIELDS : HELD_FIELDS;
    const stray = foreign.filter((field) => data[field] !== undefined);
    if (stray.length > 0) throw badRequest(stray.map((field) => ({ field, problems: [`must not be given when outcome is ${data.outcome}`] })));
    if (data.outcome === 'held') {
      const { heldAt, heldBy, where, learned } = data;
      return this.run(episodeId, { type: 'RecordReturnInterview', data: { heldAt: heldAt!, heldBy: heldBy!, where: where!, learned: learned! } }, actor, data, headers);
    }
    const { reason, attempts } = data;
    return this.run(episodeId, { type: 'RecordReturnInterviewNotHeld', data: { reason: reason!, attempts: attempts! } }, actor, data, headers, reason);
  }

  private async run(
    episodeId: string,
    change: ChangeMissingEpisodeCommand['change'],
    actor: Actor,
    request: unknown,
    headers: CommandHeaderValues,
    reason?: string,
  ): Promise<MissingEpisodeChangeAnswer> {
    const context = { actor, request: { change: change.type, request }, reason, ...headers };
    const result = await this.commands.execute(new ChangeMissingEpisodeCommand(episodeId, change, context));
    return { episodeId, caseId: result.state.caseId!, revision: result.revision, position: result.position, changed: result.written };
  }
}

function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
