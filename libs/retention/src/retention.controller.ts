import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, ConsistentWith, CurrentActor, FieldProblem, Writes, badRequest, requireRole } from '@app/common';
import { ReviewRetentionDto } from './review-retention.dto';
import { RetentionReviewEntity } from './retention-review.entity';
import { RECORD_KIND_CODES, RecordKind } from './retention.events';
import { RetentionService, ReviewAnswer } from './retention.service';

const REVIEW_EXAMPLE = {
  recordKind: 'intelligence',
  recordId: '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f',
  status: 'pending',
  reviewDue: '2032-11-28',
  basisAt: '2026-11-28T09:12:00.000Z',
  reviews: 0,
  lastDecision: null,
  lastReason: null,
  lastReviewedAt: null,
  lastReviewedBy: null,
};

@ApiTags('retention')
@Controller('retention/reviews')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @ApiOperation({ summary: 'Records due for a retention review: overdue (default), or every record under retention (admins and intelligence officers)' })
  @ApiQuery({ name: 'filter', required: false, enum: ['overdue', 'all'] })
  @ApiQuery({ name: 'kind', required: false, enum: RECORD_KIND_CODES })
  @ApiOkResponse({ schema: { example: [REVIEW_EXAMPLE] } })
  list(
    @CurrentActor() actor: Actor,
    @Query('filter') filter = 'overdue',
    @Query('kind') kind?: string,
    @ConsistentWith() consistentWith?: string,
  ): Promise<RetentionReviewEntity[]> {
    const officerOnly = !actor.roles?.includes('admin');
    if (officerOnly) requireRole(actor.roles, 'intelligence-officer', 'list retention reviews');
    const errors: FieldProblem[] = [];
    if (!['overdue', 'all'].includes(filter)) errors.push({ field: 'query filter', problems: ['must be overdue or all'] });
    if (kind !== undefined && !(RECORD_KIND_CODES as string[]).includes(kind)) errors.push({ field: 'query kind', problems: [`must be one of ${RECORD_KIND_CODES.join(', ')}`] });
    if (errors.length > 0) throw badRequest(errors);
    // Intelligence officers review intelligence; cases are the board's information manager's.
    const scope = officerOnly ? 'intelligence' : (kind as RecordKind | undefined);
    return this.retention.list({ filter: filter as 'overdue' | 'all', kind: scope, consistentWith: consistentWith });
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a retention review: retain (with a reason and the next review date) or dispose (erases the personal data)',
    description: 'Admins review any record; intelligence officers review intelligence. A case is reviewed once closed. A disposal destroys the record’s personal data key (see erasure): it cannot be undone.',
  })
  @ApiOkResponse({ schema: { example: { recordKind: 'intelligence', recordId: REVIEW_EXAMPLE.recordId, decision: 'retain', nextReviewOn: '2027-11-28', erased: false } } })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names it; nothing was written' })
  @ApiForbiddenResponse({ description: 'Not an admin (or, for intelligence, an intelligence officer); nothing was written' })
  @ApiConflictResponse({ description: 'Already disposed of, or a case still open; nothing was written' })
  @Writes('retention', 'ReviewRetention')
  review(@CurrentActor() actor: Actor, @Body() body: ReviewRetentionDto): Promise<ReviewAnswer> {
    return this.retention.review(actor, body);
  }
}
