import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { Actor, ConsistentWith, CurrentActor, SentOffset, exampleSchema } from '@app/common';
import { SHARE_STATES, ShareState } from '../share/share.events';
import { page } from './paging';
import * as examples from './sharing.examples';
import { OUTBOUND_CURSOR, SharingQueries } from './sharing.queries';

@ApiTags('sharing')
@ApiSecurity('bearer')
@ApiForbiddenResponse({ description: 'Only those who may request shares, and auditors, see outbound shares' })
@Controller('shares')
export class OutboundSharesController {
  constructor(private readonly queries: SharingQueries) {}

  @Get()
  @ApiOperation({
    summary: 'Outbound shares with their state: requested, approved, refused, sent, acknowledged, revoked, revocation-confirmed, not-shared (newest first)',
    description: 'Most recently requested (or decided not to share) first, then by share id: page with `after` (the `next` of the previous page); `offset` is refused.',
  })
  @ApiQuery({ name: 'state', required: false, enum: SHARE_STATES })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` of the previous page: the rows after its last one. Leave out for the first page.' })
  @ApiOkResponse({ description: 'A page of outbound shares; `next` is null on the last page', schema: exampleSchema(examples.OUTBOUND_SHARES_EXAMPLE, examples.OUTBOUND_SHARES_HINTS) })
  list(
    @CurrentActor() actor: Actor,
    @Query('state') state?: string,
    @Query('limit') limit?: string,
    @Query('after') after?: string,
    @SentOffset() offset?: unknown,
    @ConsistentWith() consistentWith?: string,
  ) {
    const problems = state !== undefined && !(SHARE_STATES as readonly string[]).includes(state) ? [{ field: 'query state', problems: [`must be one of ${SHARE_STATES.join(', ')}`] }] : [];
    return this.queries.outboundShares(actor, state as ShareState | undefined, page(OUTBOUND_CURSOR, { limit, after, offset }, problems), consistentWith);
  }

  @Get(':shareId')
  @ApiOperation({
    summary: 'One outbound share: state, peer, label, basis, purpose, who requested and decided, when sent, acknowledged, revoked',
    description: 'Sharing officers, who decide on it, also see its content (that read is recorded).',
  })
  @ApiNotFoundResponse({ description: 'No such share' })
  @ApiOkResponse({ description: 'The share; `content` for sharing officers only', schema: exampleSchema(examples.OUTBOUND_SHARE_EXAMPLE, examples.OUTBOUND_SHARE_HINTS) })
  @ApiRecordedRead(false)
  one(
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ) {
    return this.queries.outboundShare(shareId, actor, access, consistentWith);
  }
}
