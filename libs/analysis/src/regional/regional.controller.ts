import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, ApiProblems, CommandHeaders, CommandHeaderValues, ConsistentWith, CurrentActor, FieldProblem, Writes, badRequest } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { isMonth } from '../profile/profile-facts';
import { MonthPeriod } from '../profile/profile-tables';
import { periodOf } from '../profile/profile.controller';
import { requireAggregateReader } from '../aggregate-readers';
import { REGIONAL_PICTURE_SCHEMA, REGIONAL_SEND_SCHEMA } from './regional.examples';
import { RegionalPicture, RegionalSendAnswer, RegionalService } from './regional.service';
import { SendRegionalProfileDto } from './send-regional-profile.dto';

/** The regional picture (strategy action 2.4): this board's profile beside its neighbours', and sending its own. */
@ApiTags('analysis')
@Controller('analysis/regional')
export class RegionalController {
  constructor(
    private readonly regional: RegionalService,
    private readonly access: AccessGate,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The regional picture: this board's profile of a period beside each neighbouring board's latest, each marked with its source, its period and when it arrived",
    description:
      'Aggregates only, as each board publishes them: a count from 1 to the threshold shows as "fewer than 5", a cell hidden so that it cannot be worked out as "not shown". A peer\'s profile is the last it sent (over `problem-profile.v1`, signed with its key), whatever period it covers; compare periods before figures. Each read is recorded in the access log (list `regional-picture`). Board members, board officers and analysts only.',
  })
  @ApiQuery({ name: 'from', required: false, description: "First month of this board's own profile, YYYY-MM; with `to`. Default: six whole months before the current month" })
  @ApiQuery({ name: 'to', required: false, description: 'Last month, YYYY-MM, not before `from`; at most 60 months. Default: the last whole month' })
  @ApiOkResponse({ description: 'The regional picture', schema: REGIONAL_PICTURE_SCHEMA })
  @ApiProblems(400, 403)
  @ApiRecordedRead(false)
  async picture(
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @ConsistentWith() consistentWith?: string,
  ): Promise<RegionalPicture> {
    await requireAggregateReader(this.access, actor, access, 'regional-picture', { from, to }, 'read the regional picture');
    const period = periodOf(from, to, new Date());
    const picture = await this.regional.picture(period, consistentWith);
    await this.access.listed(actor, access, 'regional-picture', { from: period.from, to: period.to }, [], 'read the regional picture');
    return picture;
  }

  @Post('send')
  @HttpCode(201)
  @ApiOperation({
    summary: "Send this board's suppressed profile of a period to every neighbouring board now (problem-profile.v1, signed)",
    description:
      'The published cells of the period only (no child, no record, no count from 1 to the threshold), to every peer of kind `board` in SHARING_PEERS, each on its profile topic. Recorded as an event (who, when, the period, the peers and the hash of what was sent). The schedule (REGIONAL_PROFILE_EVERY) sends the last six whole months the same way. Board officers only.',
  })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({ description: 'Sent (or, on a retry with the same key, found)', schema: REGIONAL_SEND_SCHEMA })
  @ApiBadRequestResponse({ description: 'A month is malformed, only one end is given, or the period is too long: `errors` names the field; nothing was sent' })
  @ApiUnprocessableEntityResponse({ description: 'No neighbouring board is configured: nothing was sent' })
  @ApiProblems(409)
  @Writes('regional-sends', 'SendRegionalProfile')
  send(
    @CurrentActor() actor: Actor,
    @Body() body: SendRegionalProfileDto,
    @CommandHeaders() headers: CommandHeaderValues,
    @ConsistentWith() consistentWith?: string,
  ): Promise<RegionalSendAnswer> {
    const period = bodyPeriod(body);
    return this.regional.sendOnRequest(actor, period, { idempotencyKey: headers.idempotencyKey, consistentWith, request: body });
  }
}

/** The body's period, or the default; 400 naming the field otherwise (the checks of GET's query). */
function bodyPeriod(body: SendRegionalProfileDto): MonthPeriod {
  const errors: FieldProblem[] = [];
  for (const field of ['from', 'to'] as const) if (body[field] !== undefined && !isMonth(body[field]!)) errors.push({ field, problems: ['must be a month, YYYY-MM'] });
  if (errors.length > 0) throw badRequest(errors);
  try {
    return periodOf(body.from, body.to, new Date());
  } catch (error) {
    // The same rules, named as body fields.
    const response = (error as { getResponse?: () => { errors?: FieldProblem[] } }).getResponse?.();
    if (!response?.errors) throw error;
    throw badRequest(response.errors.map((e) => ({ ...e, field: e.field.replace(/^query /, '') })));
  }
}
