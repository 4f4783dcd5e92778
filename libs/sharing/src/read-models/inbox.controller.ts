import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { Actor, CurrentActor, consistentWithPosition } from '@app/common';
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
  @ApiQuery({ name: 'consistentWith', required: false, description: 'A position returned by a command: wait until the answer includes it' })
  inbox(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string, @Query('consistentWith') consistentWith?: string) {
    return this.queries.inbox(actor, page(limit, offset), consistentWithPosition(consistentWith));
  }

  @Get(':shareId')
  @ApiOperation({ summary: 'One received share with its content; once its sender revoked it the content is null (contentStatus revoked-unreadable) and the record remains' })
  @ApiQuery({ name: 'consistentWith', required: false })
  @ApiForbiddenResponse({ description: 'The share’s label does not let your roles read it; nothing shown' })
  @ApiNotFoundResponse({ description: 'No such received share' })
  @ApiRecordedRead(false)
  one(
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('consistentWith') consistentWith?: string,
  ) {
    return this.queries.inboundShare(shareId, actor, access, consistentWithPosition(consistentWith));
  }
}
