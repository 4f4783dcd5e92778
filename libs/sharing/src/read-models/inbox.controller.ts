import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { Actor, ConsistentWith, CurrentActor, SentOffset, exampleSchema } from '@app/common';
import { page } from './paging';
import * as examples from './sharing.examples';
import { INBOX_CURSOR, SharingQueries } from './sharing.queries';

@ApiTags('sharing')
@ApiSecurity('bearer')
@Controller('inbound-shares')
export class InboxController {
  constructor(private readonly queries: SharingQueries) {}

  @Get()
  @ApiOperation({
    summary: 'The inbox: shares received from peers whose label lets your roles see them (metadata; newest first)',
    description: 'Most recently received first, then by share id: page with `after` (the `next` of the previous page); `offset` is refused.',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` of the previous page: the rows after its last one. Leave out for the first page.' })
  @ApiOkResponse({ description: 'A page of received shares (no content); `next` is null on the last page', schema: exampleSchema(examples.INBOX_EXAMPLE, examples.INBOX_HINTS) })
  inbox(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('after') after?: string, @SentOffset() offset?: unknown, @ConsistentWith() consistentWith?: string) {
    return this.queries.inbox(actor, page(INBOX_CURSOR, { limit, after, offset }), consistentWith);
  }

  @Get(':shareId')
  @ApiOperation({ summary: 'One received share with its content; once its sender revoked it the content is null (contentStatus revoked-unreadable) and the record remains' })
  @ApiForbiddenResponse({ description: 'The share’s label does not let your roles read it; nothing shown' })
  @ApiNotFoundResponse({ description: 'No such received share' })
  @ApiOkResponse({ schema: exampleSchema(examples.INBOUND_SHARE_EXAMPLE, examples.INBOUND_SHARE_HINTS) })
  @ApiRecordedRead(false)
  one(
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ) {
    return this.queries.inboundShare(shareId, actor, access, consistentWith);
  }
}
