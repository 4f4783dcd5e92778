import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { Actor, ConsistentWith, CurrentActor } from '@app/common';
import { page } from './paging';
import { SharingQueries } from './sharing.queries';

@ApiTags('sharing')
@ApiSecurity('bearer')
@Controller('inbound-shares')
export class InboxController {
  constructor(private readonly queries: SharingQueries) {}

  @Get()
  @ApiOperation({ summary: 'The inbox: shares received from peers whose label lets your roles see them (metadata; newest first)' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  inbox(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string, @ConsistentWith() consistentWith?: string) {
    return this.queries.inbox(actor, page(limit, offset), consistentWith);
  }

  @Get(':shareId')
  @ApiOperation({ summary: 'One received share with its content; once its sender revoked it the content is null (contentStatus revoked-unreadable) and the record remains' })
  @ApiForbiddenResponse({ description: 'The share’s label does not let your roles read it; nothing shown' })
  @ApiNotFoundResponse({ description: 'No such received share' })
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
