import { BadRequestException, Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { caseAccessRecord } from './case-access';
import type { CaseView } from './case-view';
import { GetCaseViewQuery } from './get-case-view.query';

const POSITION = /^\d{20}:\d{20}$/;

@ApiTags('cases')
@ApiSecurity('user')
@ApiSecurity('agency')
@Controller('cases')
export class CaseViewController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
  ) {}

  @Get(':caseId')
  @ApiOperation({ summary: 'A case: the child, indicators, agencies, referrals and the chronology' })
  @ApiQuery({ name: 'consistentWith', required: false, description: 'A position returned by a command: wait until the view includes it' })
  @ApiOkResponse({ description: 'The case view, with `riskReviewOverdue`: true when an open case is past its risk reassessment date (computed now)' })
  @ApiNotFoundResponse({ description: 'No such case' })
  @ApiRecordedRead()
  async get(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('consistentWith') consistentWith?: string,
  ): Promise<CaseView> {
    if (consistentWith !== undefined && !POSITION.test(consistentWith)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request is not valid: see errors',
        errors: [{ field: 'query consistentWith', problems: ['must be a position returned by a command'] }],
      });
    }
    const view = await this.queries.execute(new GetCaseViewQuery(caseId, consistentWith));
    // Need to know (libs/access): decided and recorded before anything is shown.
    await this.access.read(actor, access, caseAccessRecord(view), 'open a case');
    return view;
  }
}
