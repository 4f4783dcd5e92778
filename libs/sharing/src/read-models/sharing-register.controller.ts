import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Actor, ConsistentWith, CurrentActor } from '@app/common';
import { SharingDirectory } from '../exchange/sharing-directory';
import { SharingQueries } from './sharing.queries';
import { page } from './paging';

@ApiTags('sharing')
@ApiSecurity('bearer')
@Controller('sharing')
export class SharingRegisterController {
  constructor(
    private readonly queries: SharingQueries,
    private readonly directory: SharingDirectory,
  ) {}

  @Get('register')
  @ApiOperation({
    summary: 'The sharing register (auditors, data protection officers, sharing officers): every disclosure and every decision not to share',
    description: 'Who asked and who decided, what (case, number of chronology entries, intelligence items), to whom, when, why, on what basis, the label, and any revocation.',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiForbiddenResponse({ description: 'Not an auditor or sharing officer' })
  register(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string, @ConsistentWith() consistentWith?: string) {
    return this.queries.register(actor, page(limit, offset), consistentWith);
  }

  @Get('refused-messages')
  @ApiOperation({ summary: 'Messages refused on this board’s share topic: not addressed here, from an unknown sender, a signature that is not the sender’s' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  refused(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string, @ConsistentWith() consistentWith?: string) {
    return this.queries.refusedMessages(actor, page(limit, offset), consistentWith);
  }

  @Get('identity')
  @ApiOperation({ summary: 'This board as its peers configure it (id, name, topic, Ed25519 public key) and its configured peers' })
  @ApiOkResponse({ description: 'The identity and peers (no private key)' })
  identity(@CurrentActor() _actor: Actor) {
    return {
      board: { ...this.directory.board, publicKey: this.directory.keys.publicKeyPem },
      peers: this.directory.allPeers().map(({ id, name, kind, topic, allowedLabels }) => ({ id, name, kind, topic, allowedLabels })),
    };
  }
}
