import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Actor, ApiProblems, ConsistentWith, CurrentActor, FieldProblem, badRequest } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { PROFILE_FILTERS, PROFILE_FILTER_NAMES, ProfileFilterName, isMonth, monthsBetween } from './profile-facts';
import { MonthPeriod, lastWholeMonths } from './profile-tables';
import { PROFILE_SCHEMA } from './profile.examples';
import { FilteredProfileAnswer, ProfileAnswer, ProfileFilter, ProfileQuery } from './profile.query';
// Training coverage (actions 1.3, 3.3) is its own read model: see ../training.
import { TrainingCoverageQuery } from '../training/training-coverage.query';
import { TrainingCoverageTable } from '../training/training-coverage';
import { withTrainingCoverage } from '../training/training.examples';
import { requireAggregateReader } from '../aggregate-readers';

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
      'Aggregates only. Every count from 1 to PROFILE_SUPPRESSION_THRESHOLD (default 4) is shown as "fewer than 5", and further cells are hidden ("not shown") so that no hidden count can be worked out from a total; a change is shown only when both figures are. `referrals.area` and `referrals.school` count under the board\'s own wards and schools (PROFILE_AREAS, PROFILE_SCHOOLS), `other` for any other text and `not-recorded` for none: the text itself is never shown. One filter at a time (`group`, `gender`, `ageBand` or `ethnicGroup`) answers the tables about one child for the children it picks, by their case\'s latest referral, suppressed the same way; the answer names the filter and the tables it left out (persons of interest, intelligence, sharing, meetings held, training). Each read is recorded in the access log (list `profile`, with the filter). Board members and analysts only.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'First month, YYYY-MM; with `to`. Default: six whole months before the current month' })
  @ApiQuery({ name: 'to', required: false, description: 'Last month, YYYY-MM, not before `from`; at most 60 months in all. Default: the last whole month' })
  @ApiQuery({ name: 'group', required: false, enum: PROFILE_FILTERS.group, description: 'Only the children of a vulnerable group (strategy action 2.1). One filter at a time' })
  @ApiQuery({ name: 'gender', required: false, enum: PROFILE_FILTERS.gender, description: 'Only the children of a gender. One filter at a time' })
  @ApiQuery({ name: 'ageBand', required: false, enum: PROFILE_FILTERS.ageBand, description: 'Only the children of an age band at referral. One filter at a time' })
  @ApiQuery({ name: 'ethnicGroup', required: false, enum: PROFILE_FILTERS.ethnicGroup, description: 'Only the children of a 2021 census ethnic group (or not coded). One filter at a time' })
  @ApiOkResponse({ description: 'The profile, suppressed', schema: withFilters(withTrainingCoverage(PROFILE_SCHEMA)) })
  @ApiProblems(400, 403)
  @ApiRecordedRead(false)
  async profile(
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @ConsistentWith() consistentWith?: string,
    @Query('group') group?: unknown,
    @Query('gender') gender?: unknown,
    @Query('ageBand') ageBand?: unknown,
    @Query('ethnicGroup') ethnicGroup?: unknown,
  ): Promise<(ProfileAnswer & { tables: { 'training.coverage': TrainingCoverageTable } }) | FilteredProfileAnswer> {
    await requireAggregateReader(this.access, actor, access, 'profile', { from, to, group, gender, ageBand, ethnicGroup }, 'read the problem profile');
    const period = periodOf(from, to, new Date());
    const filter = filterOf({ group, gender, ageBand, ethnicGroup });
    const filters = { from: period.from, to: period.to, ...(filter ? { [filter.field]: filter.value } : {}) };
    if (filter) {
      // Training coverage is by agency, not about one child: left out too.
      const filtered = await this.profiles.profile(period, consistentWith, filter);
      const answer = { ...filtered, tablesLeftOut: [...filtered.tablesLeftOut, 'training.coverage'] };
      await this.access.listed(actor, access, 'profile', filters, [], 'read the problem profile');
      return answer;
    }
    const profile = await this.profiles.profile(period, consistentWith);
    // Training coverage: one more table, from its own read model.
    const answer = { ...profile, tables: { ...profile.tables, 'training.coverage': await this.training.coverage(period, consistentWith) } };
    await this.access.listed(actor, access, 'profile', filters, [], 'read the problem profile');
    return answer;
  }
}

/**
 * The filter asked for, if any; 400 naming the field for a value the filter does not have, or for a
 * second filter (one at a time: the read model counts each child's case in one segment per filter,
 * not in their combinations).
 */
export function filterOf(given: Record<ProfileFilterName, unknown>): ProfileFilter | undefined {
  const errors: FieldProblem[] = [];
  const asked = PROFILE_FILTER_NAMES.filter((field) => given[field] !== undefined);
  for (const field of asked) {
    const value = given[field];
    const allowed: readonly string[] = PROFILE_FILTERS[field];
    if (typeof value !== 'string' || !allowed.includes(value)) errors.push({ field: `query ${field}`, problems: [`must be one of ${allowed.join(', ')}`] });
  }
  for (const field of asked.slice(1)) errors.push({ field: `query ${field}`, problems: [`one filter at a time: ${asked[0]} is given too`] });
  if (errors.length > 0) throw badRequest(errors);
  return asked.length === 0 ? undefined : { field: asked[0], value: given[asked[0]] as string };
}

/** The answer's schema with a filter's fields: the filter applied and the tables it left out; the tables then those about one child only. */
function withFilters(schema: SchemaObject): SchemaObject {
  const tables = schema.properties?.tables as SchemaObject;
  return {
    ...schema,
    properties: {
      ...schema.properties,
      tables: {
        ...tables,
        required: undefined,
        description: `${tables.description ?? ''}. With a filter, only the tables about one child (referrals, missing episodes, risk, SEMRAC listings and actions done), each child counted by their case's latest referral before the fact`,
      },
      filter: {
        type: 'object',
        description: 'With a filter only: the filter applied',
        properties: Object.fromEntries(PROFILE_FILTER_NAMES.map((name) => [name, { type: 'string', enum: [...PROFILE_FILTERS[name]] }])),
        example: { group: 'looked-after' },
      },
      tablesLeftOut: { type: 'array', items: { type: 'string' }, description: 'With a filter only: the tables not about one child, left out', example: ['poi.ageBand', 'intel.submitted', 'training.coverage'] },
    },
  };
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
