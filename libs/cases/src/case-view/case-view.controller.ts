import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ConsistentWith, CurrentActor, exampleSchema } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { caseAccessRecord } from './case-access';
import type { CaseView } from './case-view';
import { CASE_VIEW_EXAMPLE, CASE_VIEW_HINTS, CASE_VIEW_REQUIRED } from './case-view.example';
import { GetCaseViewQuery } from './get-case-view.query';

@ApiTags('cases')
@Controller('cases')
export class CaseViewController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
  ) {}

  @Get(':caseId')
  @ApiOperation({ summary: 'A case: the child, indicators, agencies, referrals and the chronology' })
  @ApiOkResponse({
    description: 'The case view, with `riskReviewOverdue`: true when an open case is past its risk reassessment date (computed now)',
    schema: { ...exampleSchema({ ...CASE_VIEW_EXAMPLE, riskReviewOverdue: false }, CASE_VIEW_HINTS), required: [...CASE_VIEW_REQUIRED, 'riskReviewOverdue'] },
  })
  @ApiNotFoundResponse({ description: 'No such case' })
  @ApiRecordedRead()
  async get(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ): Promise<CaseView> {
    const view = await this.queries.execute(new GetCaseViewQuery(caseId, consistentWith));
    // Need to know (libs/access): decided and recorded before anything is shown.
    await this.access.read(actor, access, caseAccessRecord(view), 'open a case');
    return view;
  }
}
