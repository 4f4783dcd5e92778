import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, ConsistentWith, CurrentActor, FieldProblem, OFFSET_REFUSED, SentOffset, decodeCursor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { IntelligenceAccessRecords } from './intelligence-access';
import { HANDLING_CODE_LIST, HandlingCode, INTELLIGENCE_STATUSES, IntelligenceStatus } from '../intelligence-item/intelligence-item.events';
import type { IntelligenceItemView } from './intelligence-item-view';
import { GetIntelligenceItemQuery, INTELLIGENCE_REGISTER_CURSOR, IntelligenceRegister, ListIntelligenceQuery } from './get-intelligence.query';

export const ITEM_VIEW_EXAMPLE = {
  itemId: '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f',
  revision: 4,
  status: 'disseminated',
  subjects: [
    { kind: 'poi', ref: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10' },
    { kind: 'location', text: 'Riverside Park' },
  ],
  knownAt: '2026-11-27',
  submittedAt: '2026-11-28T09:12:00.000Z',
  grading: { source: 1, assessment: 'A', handling: 'C', conditions: 'Police and children’s social care only', code: '1/A/C', gradedAt: '2026-11-28T10:00:00.000Z' },
  regradings: [],
  sanitisedText: 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback, AB12 CDE.',
  sanitisedAt: '2026-11-28T10:03:00.000Z',
  urgent: false,
  disseminatedAt: '2026-11-28T10:05:00.000Z',
  disseminations: 1,
  policeOutcome: { outcome: 'linked-to-operation', operationRef: 'OP-KESTREL-2026', acknowledgedAt: '2026-11-28T11:02:00.000Z', unitId: 'tvp-fib' },
  updatedAt: '2026-11-28T10:05:00.000Z',
};

@ApiTags('intelligence')
@Controller('intelligence')
export class IntelligenceRegisterController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
    private readonly records: IntelligenceAccessRecords,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The intelligence register: items (sanitised view) with status submitted, graded, sanitised or disseminated, grading and handling; latest first',
    description: 'Most recently submitted first, then by item id: an order no later change moves. Page with `after` (the `next` of the previous page); `offset` is refused.',
  })
  @ApiQuery({ name: 'status', required: false, enum: INTELLIGENCE_STATUSES })
  @ApiQuery({ name: 'handling', required: false, enum: HANDLING_CODE_LIST })
  @ApiQuery({ name: 'urgent', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` of the previous page: the items after its last one. Leave out for the first page.' })
  @ApiOkResponse({
    description: 'The register page, with the total and counts by status (other filters applied)',
    schema: { example: { items: [ITEM_VIEW_EXAMPLE], total: 1, counts: { submitted: 3, graded: 1, sanitised: 0, disseminated: 1 }, next: null } },
  })
  @ApiRecordedRead(false)
  async list(
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('status') status?: string,
    @Query('handling') handling?: string,
    @Query('urgent') urgent?: string,
    @Query('limit') limit?: string,
    @Query('after') after?: string,
    @SentOffset() offset?: unknown,
    @ConsistentWith() consistentWith?: string,
  ): Promise<IntelligenceRegister> {
    const errors: FieldProblem[] = [];
    if (status !== undefined && !(INTELLIGENCE_STATUSES as string[]).includes(status)) errors.push({ field: 'query status', problems: [`must be one of ${INTELLIGENCE_STATUSES.join(', ')}`] });
    if (handling !== undefined && !(HANDLING_CODE_LIST as string[]).includes(handling)) errors.push({ field: 'query handling', problems: ['must be P or C'] });
    if (urgent !== undefined && urgent !== 'true' && urgent !== 'false') errors.push({ field: 'query urgent', problems: ['must be true or false'] });
    const take = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(take) || take < 1 || take > 200) errors.push({ field: 'query limit', problems: ['must be a whole number from 1 to 200'] });
    if (offset !== undefined) errors.push(OFFSET_REFUSED);
    const cursor = decodeCursor(after, INTELLIGENCE_REGISTER_CURSOR, errors);
    const filters = {
      ...(status ? { status: status as IntelligenceStatus } : {}),
      ...(handling ? { handling: handling as HandlingCode } : {}),
      ...(urgent !== undefined ? { urgent: urgent === 'true' } : {}),
    };
    // Only the items this user may see (their agency's own, and by handling code); the page shown is recorded.
    const register = await this.queries.execute(new ListIntelligenceQuery(filters, { limit: take, after: cursor }, consistentWith, this.access.intelligenceListScope(actor)));
    await this.access.listed(actor, access, 'intelligence', { ...filters, limit: take, after: cursor !== undefined }, [{ kind: 'intelligence-item', ids: register.items.map((i) => i.itemId) }], 'intelligence register');
    return register;
  }

  @Get(':itemId')
  @ApiOperation({
    summary: 'One item, sanitised: status, subjects, grading and handling (with conditions), the sanitised text once there is one. Never the original or the source.',
  })
  @ApiOkResponse({ description: 'The sanitised view', schema: { example: ITEM_VIEW_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'No such item' })
  @ApiRecordedRead()
  async one(
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ): Promise<IntelligenceItemView> {
    const view = await this.queries.execute(new GetIntelligenceItemQuery(itemId, consistentWith));
    await this.access.read(actor, access, await this.records.forItem(view), 'read intelligence');
    return view;
  }
}
