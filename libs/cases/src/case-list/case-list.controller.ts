import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@app/common';
import { ListCasesQueryDto } from './list-cases.dto';
import { CaseListAnswer, ListCasesQuery } from './list-cases.query';

@ApiTags('cases')
@ApiSecurity('user')
@ApiSecurity('agency')
@Controller('cases')
export class CaseListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'The case list: filter by status, risk band, agency, flag, listed for SEMRAC; a page at a time',
    description: 'Answers summaries without personal data; open a case with GET /cases/{caseId}.',
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
  list(@Query() query: ListCasesQueryDto, @CurrentActor() _actor: Actor): Promise<CaseListAnswer> {
    const filters = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.riskBand ? { riskBand: query.riskBand } : {}),
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
      ...(query.flag ? { flag: query.flag } : {}),
      ...(query.listedForSemrac ? { listedForSemrac: query.listedForSemrac === 'true' } : {}),
    };
    return this.queries.execute(new ListCasesQuery(filters, query.limit ?? 50, query.offset ?? 0, query.consistentWith));
  }
}
