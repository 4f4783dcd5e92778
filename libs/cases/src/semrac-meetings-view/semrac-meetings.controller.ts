import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ConsistentWith, CurrentActor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import type { SemracAgenda } from '../semrac-agenda/semrac-agenda';
import { GetSemracAgendaQuery } from '../semrac-agenda/get-semrac-agenda.query';
import { GetSemracMeetingQuery } from './get-semrac-meeting.query';
import type { SemracMeetingView } from './semrac-meeting-view';

@ApiTags('semrac')
@ApiNotFoundResponse({ description: 'No such meeting' })
@ApiConflictResponse({ description: 'consistentWith: the read model has not caught up yet; try again shortly' })
@Controller('semrac/meetings')
@ApiRecordedRead()
export class SemracMeetingsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
  ) {}

  @Get(':meetingId')
  @ApiOperation({ summary: 'A SEMRAC meeting: co-chairs, attendance by agency, cases discussed, and each action with its status history' })
  @ApiOkResponse({
    description: 'The meeting',
    schema: {
      example: {
        meetingId: '5e3f2a10-7c4d-4b8e-9f01-2a3b4c5d6e7f',
        status: 'closed',
        revision: 4,
        scheduledFor: '2026-12-03T10:00:00.000Z',
        venue: 'Time Square, Bracknell',
        coChairs: [{ agencyId: 'bf-csc', agencyName: "Children's Social Care", agencyKind: 'children-social-care', name: 'Chris Chair', role: 'Head of safeguarding' }],
        attendance: [{ agencyId: 'tvp', agencyName: 'Thames Valley Police', attendance: 'present', name: 'DI Pat Chair', role: 'Detective inspector', recordedAt: '2026-12-03T10:05:00.000Z' }],
        discussions: [{ discussionId: 'd1…', caseId: '6a1d…', summary: '…', agreedRiskLevel: 'moderate', decisions: ['…'], actionIds: ['a1…'], discussedAt: '2026-12-03T10:30:00.000Z' }],
        actions: [{ actionId: 'a1…', caseId: '6a1d…', description: '…', ownerAgencyId: 'bf-csc', ownerPerson: 'Alex Worker', dueDate: '2026-12-10', status: 'done', history: [{ status: 'open', at: '…' }, { status: 'done', from: 'open', at: '…' }] }],
      },
    },
  })
  async get(
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ): Promise<SemracMeetingView> {
    const meeting = await this.queries.execute(new GetSemracMeetingQuery(meetingId, consistentWith));
    await this.access.read(actor, access, { kind: 'semrac', id: meetingId }, 'read a SEMRAC meeting');
    return meeting;
  }

  @Get(':meetingId/agenda')
  @ApiOperation({
    summary: 'The agenda for a meeting, worked out now against the meeting date',
    description:
      'New listings; cases discussed before with an action still open or a plan review due by the meeting; actions overdue by the meeting day; ' +
      'risk reassessments and return home interviews overdue by then; themes: two or more open cases sharing a school or an area, or linked by the same person of interest or location.',
  })
  @ApiOkResponse({
    description: 'The agenda',
    schema: {
      example: {
        meetingId: '5e3f2a10-7c4d-4b8e-9f01-2a3b4c5d6e7f',
        scheduledFor: '2027-01-14T10:00:00.000Z',
        newListings: [{ caseId: '6a1d…', listings: [{ rule: 'missing-repeatedly', summary: '3 missing episodes within 90 days (threshold 3)', listedAt: '2027-01-02T08:00:00.000Z' }] }],
        dueForReview: [{ caseId: '7b2e…', lastDiscussedAt: '2026-12-03T10:30:00.000Z', lastMeetingId: '4d2e…', reasons: ['open-actions'], openActionIds: ['a1…'] }],
        overdueActions: [{ actionId: 'a1…', caseId: '7b2e…', ownerAgencyId: 'bf-csc', ownerAgencyName: "Children's Social Care", ownerPerson: 'Alex Worker', dueDate: '2026-12-10', status: 'open', daysOverdue: 35 }],
        overdueAssessments: [{ caseId: '8c3f…', nextReviewDue: '2027-01-02', band: 'mild' }],
        overdueInterviews: [{ caseId: '9d4a…', episodeId: 'e1…', dueAt: '2027-01-09T18:00:00.000Z' }],
        themes: [{ kind: 'school', label: 'Example Secondary School', caseIds: ['6a1d…', '7b2e…'] }],
      },
    },
  })
  async agenda(
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ): Promise<SemracAgenda> {
    const agenda = await this.queries.execute(new GetSemracAgendaQuery(meetingId, consistentWith));
    await this.access.read(actor, access, { kind: 'semrac', id: meetingId }, 'prepare a SEMRAC agenda');
    // The agenda shows cases: the list of them is recorded like any other list.
    const caseIds = [
      ...agenda.newListings.map((c) => c.caseId),
      ...agenda.dueForReview.map((c) => c.caseId),
      ...agenda.overdueActions.map((a) => a.caseId),
      ...agenda.overdueAssessments.map((c) => c.caseId),
      ...agenda.overdueInterviews.map((c) => c.caseId),
      ...agenda.themes.flatMap((t) => t.caseIds),
    ];
    await this.access.listed(actor, access, 'semrac-agenda', { meetingId }, [{ kind: 'case', ids: [...new Set(caseIds)].sort() }], 'prepare a SEMRAC agenda');
    return agenda;
  }
}
