import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { ListCasesQueryDto } from './list-cases.dto';
import { CaseListAnswer, ListCasesQuery } from './list-cases.query';

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
    description: 'Answers summaries without personal data; open a case with GET /cases/{caseId}. Shows only the cases the user may see (their agency is on it; SEMRAC chairs and members: cases at SEMRAC; analysts and auditors: all); each list shown is recorded with the ids on it.',
  })
  @ApiOkResponse({
    description: 'The matching cases, most recently changed first',
    schema: {
      example: {
        total: 1,
        limit: 50,
        offset: 0,
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
  @ApiBadRequestResponse({ description: 'A filter is invalid: `errors` names it' })
  @ApiRecordedRead(false)
  async list(@Query() query: ListCasesQueryDto, @CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo): Promise<CaseListAnswer> {
    const filters = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.riskBand ? { riskBand: query.riskBand } : {}),
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
      ...(query.flag ? { flag: query.flag } : {}),
      ...(query.listedForSemrac ? { listedForSemrac: query.listedForSemrac === 'true' } : {}),
    };
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const answer = await this.queries.execute(new ListCasesQuery(filters, limit, offset, query.consistentWith, this.access.caseListScope(actor)));
    await this.access.listed(actor, access, 'cases', { ...filters, limit, offset }, [{ kind: 'case', ids: answer.cases.map((c) => c.caseId) }], 'case list');
    return answer;
  }
}
