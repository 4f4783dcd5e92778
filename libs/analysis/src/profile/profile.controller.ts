import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, ConsistentWith, CurrentActor, DomainError, FieldProblem, Role, badRequest } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { isMonth, monthsBetween } from './profile-facts';
import { MonthPeriod, lastWholeMonths } from './profile-tables';
import { PROFILE_SCHEMA } from './profile.examples';
import { ProfileAnswer, ProfileQuery } from './profile.query';
// Training coverage (actions 1.3, 3.3) is its own read model: see ../training.
import { TrainingCoverageQuery } from '../training/training-coverage.query';
import { TrainingCoverageTable } from '../training/training-coverage';
import { withTrainingCoverage } from '../training/training.examples';

/** The roles that read the profile: aggregates only (issue 14). */
export const PROFILE_READERS: readonly Role[] = ['board', 'analyst'];
/** The longest period one answer covers. */
export const MAX_PROFILE_MONTHS = 60;
/** Without `from` and `to`: the last six whole months (the board meets twice a year). */
const DEFAULT_MONTHS = 6;

/** The problem profile (strategy action 2.1), for the board and its analysts. */
@ApiTags('analysis')
@Controller('analysis')
export class ProfileController {
  constructor(
    private readonly profiles: ProfileQuery,
    private readonly access: AccessGate,
    private readonly training: TrainingCoverageQuery,
  ) {}

  @Get('profile')
  @ApiOperation({
    summary: 'The problem profile over a period of whole months: each table by value with its total, beside the previous period of the same length and the change',
    description:
      'Aggregates only. Every count from 1 to PROFILE_SUPPRESSION_THRESHOLD (default 4) is shown as "fewer than 5", and further cells are hidden ("not shown") so that no hidden count can be worked out from a total; a change is shown only when both figures are. Each read is recorded in the access log (list `profile`). Board members and analysts only.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'First month, YYYY-MM; with `to`. Default: six whole months before the current month' })
  @ApiQuery({ name: 'to', required: false, description: 'Last month, YYYY-MM, not before `from`; at most 60 months in all. Default: the last whole month' })
  @ApiOkResponse({ description: 'The profile, suppressed', schema: withTrainingCoverage(PROFILE_SCHEMA) })
  @ApiProblems(400, 403)
  @ApiRecordedRead(false)
  async profile(
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @ConsistentWith() consistentWith?: string,
  ): Promise<ProfileAnswer & { tables: { 'training.coverage': TrainingCoverageTable } }> {
    if (!PROFILE_READERS.some((role) => actor.roles?.includes(role))) {
      throw new DomainError(`Only a user with the role ${PROFILE_READERS.join(' or ')} may read the problem profile; nothing was shown`, 'forbidden', 403);
    }
    const period = periodOf(from, to, new Date());
    const profile = await this.profiles.profile(period, consistentWith);
    // Training coverage: one more table, from its own read model.
    const answer = { ...profile, tables: { ...profile.tables, 'training.coverage': await this.training.coverage(period, consistentWith) } };
    await this.access.listed(actor, access, 'profile', { from: period.from, to: period.to }, [], 'read the problem profile');
    return answer;
  }
}

/** The period asked for, or the default; 400 naming the field for anything else. */
export function periodOf(from: string | undefined, to: string | undefined, now: Date): MonthPeriod {
  const errors: FieldProblem[] = [];
  if (from !== undefined && !isMonth(from)) errors.push({ field: 'query from', problems: ['must be a month, YYYY-MM'] });
  if (to !== undefined && !isMonth(to)) errors.push({ field: 'query to', problems: ['must be a month, YYYY-MM'] });
  if (errors.length === 0 && (from === undefined) !== (to === undefined)) {
    errors.push({ field: from === undefined ? 'query from' : 'query to', problems: ['give both from and to, or neither'] });
  }
  if (errors.length > 0) throw badRequest(errors);
  if (from === undefined || to === undefined) return lastWholeMonths(now, DEFAULT_MONTHS);
  if (to < from) throw badRequest([{ field: 'query to', problems: ['must not be before from'] }]);
  if (monthsBetween(from, to) > MAX_PROFILE_MONTHS) throw badRequest([{ field: 'query to', problems: [`the period may be at most ${MAX_PROFILE_MONTHS} months`] }]);
  return { from, to };
}
