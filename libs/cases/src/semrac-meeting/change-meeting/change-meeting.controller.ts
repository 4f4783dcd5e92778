import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { ChangeActionStatusDto, CloseMeetingDto, RecordAttendanceDto, RecordCaseDiscussionDto, ScheduleMeetingDto } from '../semrac-meeting.dto';
import { ScheduleMeetingCommand, ScheduleMeetingResult } from '../schedule-meeting/schedule-meeting.command';
import { ChangeMeetingCommand, RecordCaseDiscussionCommand } from './change-meeting.command';

export interface MeetingChangeAnswer {
  meetingId: string;
  /** Send as If-Match with the next change. */
  revision: number;
  position?: string;
  /** False when the meeting already was as asked, or for a retried Idempotency-Key. */
  changed: boolean;
}

export interface CaseDiscussionAnswer extends MeetingChangeAnswer {
  discussionId: string;
  caseId: string;
  /** One per action, in the order sent: use them to change an action's status. */
  actionIds: string[];
}

const CHANGE_EXAMPLE = { meetingId: '5e3f2a10-7c4d-4b8e-9f01-2a3b4c5d6e7f', revision: 2, position: '00000000000000000042:00000000000000000042', changed: true };

@ApiTags('semrac')
@ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
@ApiConflictResponse({ description: 'The meeting changed since the revision given, or the change conflicts with its state; nothing was written' })
@ApiUnprocessableEntityResponse({ description: 'A rule refused the change (e.g. co-chairs, meeting not yet held)' })
@Controller('semrac/meetings')
export class ChangeMeetingController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Schedule a SEMRAC meeting',
    description: "Co-chaired by children's social care and the police: name one co-chair from each. A past time records a meeting already held.",
  })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({ description: 'Scheduled (or, on a retry with the same key, found)', schema: { example: { meetingId: CHANGE_EXAMPLE.meetingId, revision: 0, position: CHANGE_EXAMPLE.position, created: true } } })
  @Writes('semrac-meeting', 'ScheduleMeeting')
  schedule(@Body() body: ScheduleMeetingDto, @CurrentActor() actor: Actor, @CommandHeaders() headers: CommandHeaderValues): Promise<ScheduleMeetingResult> {
    return this.commands.execute(new ScheduleMeetingCommand(body, actor, headers.idempotencyKey));
  }

  @Post(':meetingId/attendance')
  @HttpCode(200)
  @ApiCommandHeaders({ ifMatch: true, record: 'meeting' })
  @ApiOperation({ summary: 'Record who attended, and apologies, by agency', description: 'Apologies may be recorded before the meeting; presence once it has started.' })
  @ApiOkResponse({ description: 'Recorded', schema: { example: CHANGE_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'No such meeting' })
  @Writes('semrac-meeting', 'RecordAttendance')
  attendance(
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @Body() body: RecordAttendanceDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<MeetingChangeAnswer> {
    const attendees = body.attendees.map(({ agencyId, agencyName, attendance, name, role }) => ({ agencyId, agencyName, attendance, name, role }));
    return this.run(meetingId, { type: 'RecordAttendance', data: { attendees } }, actor, body, headers);
  }

  @Post(':meetingId/discussions')
  @HttpCode(201)
  @ApiCommandHeaders({ ifMatch: true, record: 'meeting' })
  @ApiOperation({
    summary: 'Record the discussion of a case: summary, agreed risk level, decisions and actions',
    description:
      'Once the meeting has been held (from its scheduled time) and before it closes, with both co-chairing agencies present. ' +
      'Also recorded on the case, which clears its pending SEMRAC listings. Each case is discussed once per meeting.',
  })
  @ApiCreatedResponse({
    description: 'Recorded on the meeting and the case',
    schema: { example: { ...CHANGE_EXAMPLE, discussionId: 'd1b0…', caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', actionIds: ['a1c0…', 'a2c0…'] } },
  })
  @ApiNotFoundResponse({ description: 'No such meeting or case' })
  @Writes('semrac-meeting', 'RecordCaseDiscussion')
  async discuss(
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @Body() body: RecordCaseDiscussionDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<CaseDiscussionAnswer> {
    const context = { actor, request: { change: 'RecordCaseDiscussion', request: body }, ...headers };
    const result = await this.commands.execute(new RecordCaseDiscussionCommand(meetingId, body, context));
    return {
      meetingId,
      revision: result.revision,
      position: result.position,
      changed: result.written,
      discussionId: result.discussionId,
      caseId: body.caseId,
      actionIds: result.actionIds,
    };
  }

  @Patch(':meetingId/actions/:actionId')
  @HttpCode(200)
  @ApiCommandHeaders({ ifMatch: true, record: 'meeting' })
  @ApiOperation({
    summary: "Change an action's status: open, in progress, done or cancelled",
    description: 'Cancelling, or reopening a done action, needs a note saying why. A cancelled action stays cancelled. Works after the meeting has closed.',
  })
  @ApiOkResponse({ description: 'Changed (or already so)', schema: { example: CHANGE_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'No such meeting or action' })
  @Writes('semrac-meeting', 'ChangeActionStatus')
  changeAction(
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @Param('actionId', new ParseUUIDPipe()) actionId: string,
    @Body() body: ChangeActionStatusDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<MeetingChangeAnswer> {
    const data = { actionId, status: body.status, ...(body.note ? { note: body.note } : {}) };
    return this.run(meetingId, { type: 'ChangeActionStatus', data }, actor, body, headers, body.note);
  }

  @Post(':meetingId/close')
  @HttpCode(200)
  @ApiCommandHeaders({ ifMatch: true, record: 'meeting' })
  @ApiOperation({ summary: 'Close a meeting that has been held; its actions stay open for follow-up' })
  @ApiOkResponse({ description: 'Closed', schema: { example: CHANGE_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'No such meeting' })
  @Writes('semrac-meeting', 'CloseMeeting')
  close(
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @Body() body: CloseMeetingDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<MeetingChangeAnswer> {
    return this.run(meetingId, { type: 'CloseMeeting', data: body.note ? { note: body.note } : {} }, actor, body, headers);
  }

  private async run(
    meetingId: string,
    change: ChangeMeetingCommand['change'],
    actor: Actor,
    request: unknown,
    headers: CommandHeaderValues,
    reason?: string,
  ): Promise<MeetingChangeAnswer> {
    const context = { actor, request: { change: change.type, target: 'actionId' in change.data ? change.data.actionId : undefined, request }, reason, ...headers };
    const result = await this.commands.execute(new ChangeMeetingCommand(meetingId, change, context));
    return { meetingId, revision: result.revision, position: result.position, changed: result.written };
  }
}
