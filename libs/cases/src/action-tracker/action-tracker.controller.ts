import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, OFFSET_REFUSED, badRequest, decodeCursor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { ListActionsQueryDto } from './list-actions.dto';
import { ACTION_TRACKER_CURSOR, ActionTrackerAnswer, ListActionsQuery } from './list-actions.query';

@ApiTags('semrac')
@Controller('semrac/actions')
export class ActionTrackerController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The action tracker: SEMRAC actions by owner agency, open and overdue',
    description:
      'Overdue: neither done nor cancelled, and due before today. Ordered by due date, then owner agency, then action id (none of which changes once agreed): page with `after` (the `next` of the previous page); `offset` is refused.',
  })
  @ApiOkResponse({
    description: 'The actions matching the filters, a page at a time, and counts by agency',
    schema: {
      example: {
        asOf: '2027-01-20',
        total: 1,
        limit: 100,
        next: null,
        byAgency: [{ agencyId: 'bf-csc', agencyName: "Children's Social Care", open: 3, overdue: 1 }],
        actions: [
          {
            actionId: 'a1c0…',
            meetingId: '5e3f2a10-7c4d-4b8e-9f01-2a3b4c5d6e7f',
            caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11',
            description: 'Complete the return home interview',
            ownerAgencyId: 'bf-csc',
            ownerAgencyName: "Children's Social Care",
            ownerPerson: 'Alex Worker',
            dueDate: '2027-01-10',
            status: 'open',
            agreedAt: '2026-12-03T10:30:00.000Z',
            updatedAt: '2026-12-03T10:30:00.000Z',
            overdue: true,
          },
        ],
      },
    },
  })
  @ApiBadRequestResponse({ description: 'A filter or `after` is invalid, or `offset` was sent: `errors` names it' })
  @ApiRecordedRead()
  async list(@Query() query: ListActionsQueryDto, @CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo): Promise<ActionTrackerAnswer> {
    const filters = {
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.caseId ? { caseId: query.caseId } : {}),
      ...(query.overdue ? { overdue: query.overdue === 'true' } : {}),
    };
    if (query.offset !== undefined) throw badRequest([OFFSET_REFUSED]);
    const after = decodeCursor(query.after, ACTION_TRACKER_CURSOR);
    const limit = query.limit ?? 100;
    // The tracker is SEMRAC's record: its chairs and members (others break glass).
    await this.access.read(actor, access, { kind: 'semrac', id: 'action-tracker' }, 'track SEMRAC actions');
    const answer = await this.queries.execute(new ListActionsQuery(filters, limit, after, query.consistentWith));
    await this.access.listed(actor, access, 'semrac-actions', { ...filters, limit, after: after !== undefined }, [{ kind: 'case', ids: [...new Set(answer.actions.map((a) => a.caseId))].sort() }], 'track SEMRAC actions');
    return answer;
  }
}
