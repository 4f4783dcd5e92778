import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, OFFSET_REFUSED, badRequest, decodeCursor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { ListCasesQueryDto } from './list-cases.dto';
import { CASE_LIST_CURSOR, CaseListAnswer, ListCasesQuery } from './list-cases.query';

@ApiTags('cases')
@Controller('cases')
export class CaseListController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The case list: filter by status, risk band, agency, flag, listed for SEMRAC; a page at a time',
    description:
      'Most recently opened first, then by case id: an order no change to a case moves, so paging with `after` (the `next` of the previous page) shows each case once while cases change and open. `offset` is refused. ' +
      'Answers summaries without personal data; open a case with GET /cases/{caseId}. Shows only the cases the user may see (their agency is on it; SEMRAC chairs and members: cases at SEMRAC; auditors: all); each list shown is recorded with the ids on it.',
  })
  @ApiOkResponse({
    description: 'The matching cases, most recently opened first; `next` is null on the last page',
    schema: {
      example: {
        total: 1,
        limit: 50,
        next: null,
        cases: [
          {
            caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11',
            status: 'open',
            riskBand: 'moderate',
            listedForSemrac: true,
            flags: ['looked-after'],
            agencies: ['bf-csc', 'tvp'],
            updatedAt: '2026-12-03T10:31:00.000Z',
          },
        ],
      },
    },
  })
  @ApiBadRequestResponse({ description: 'A filter or `after` is invalid, or `offset` was sent: `errors` names it' })
  @ApiRecordedRead(false)
  async list(@Query() query: ListCasesQueryDto, @CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo): Promise<CaseListAnswer> {
    const filters = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.riskBand ? { riskBand: query.riskBand } : {}),
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
      ...(query.flag ? { flag: query.flag } : {}),
      ...(query.listedForSemrac ? { listedForSemrac: query.listedForSemrac === 'true' } : {}),
    };
    if (query.offset !== undefined) throw badRequest([OFFSET_REFUSED]);
    const after = decodeCursor(query.after, CASE_LIST_CURSOR);
    const limit = query.limit ?? 50;
    const answer = await this.queries.execute(new ListCasesQuery(filters, limit, after, query.consistentWith, this.access.caseListScope(actor)));
    // Whether this page followed another, not the cursor itself.
    await this.access.listed(actor, access, 'cases', { ...filters, limit, after: after !== undefined }, [{ kind: 'case', ids: answer.cases.map((c) => c.caseId) }], 'case list');
    return answer;
  }
}
