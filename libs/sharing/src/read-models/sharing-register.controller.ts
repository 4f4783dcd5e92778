import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Actor, ConsistentWith, CurrentActor, SentOffset, exampleSchema } from '@app/common';
import { SharingDirectory } from '../exchange/sharing-directory';
import { OUTBOUND_CURSOR, REFUSED_CURSOR, SharingQueries } from './sharing.queries';
import { page } from './paging';
import * as examples from './sharing.examples';

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
    description:
      'Who asked and who decided, what (case, number of chronology entries, intelligence items), to whom, when, why, on what basis, the label, and any revocation. ' +
      'Most recently requested (or decided not to share) first, then by share id: page with `after` (the `next` of the previous page); `offset` is refused.',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` of the previous page: the rows after its last one. Leave out for the first page.' })
  @ApiForbiddenResponse({ description: 'Not an auditor or sharing officer' })
  @ApiOkResponse({ description: 'A page of the register; `next` is null on the last page', schema: exampleSchema(examples.REGISTER_EXAMPLE, examples.REGISTER_HINTS) })
  register(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('after') after?: string, @SentOffset() offset?: unknown, @ConsistentWith() consistentWith?: string) {
    return this.queries.register(actor, page(OUTBOUND_CURSOR, { limit, after, offset }), consistentWith);
  }

  @Get('refused-messages')
  @ApiOperation({
    summary: 'Messages refused on this board’s share topic: not addressed here, from an unknown sender, a signature that is not the sender’s',
    description: 'Most recently refused first, then by message id: page with `after` (the `next` of the previous page); `offset` is refused.',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` of the previous page: the rows after its last one. Leave out for the first page.' })
  @ApiOkResponse({ description: 'A page of refused messages; `next` is null on the last page', schema: exampleSchema(examples.REFUSED_MESSAGES_EXAMPLE, examples.REFUSED_MESSAGES_HINTS) })
  refused(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('after') after?: string, @SentOffset() offset?: unknown, @ConsistentWith() consistentWith?: string) {
    return this.queries.refusedMessages(actor, page(REFUSED_CURSOR, { limit, after, offset }), consistentWith);
  }

  @Get('identity')
  @ApiOperation({ summary: 'This board as its peers configure it (id, name, topic, Ed25519 public key) and its configured peers' })
  @ApiOkResponse({ description: 'The identity and peers (no private key)', schema: exampleSchema(examples.IDENTITY_EXAMPLE, examples.IDENTITY_HINTS) })
  identity(@CurrentActor() _actor: Actor) {
    return {
      board: { ...this.directory.board, publicKey: this.directory.keys.publicKeyPem },
      peers: this.directory.allPeers().map(({ id, name, kind, topic, allowedLabels }) => ({ id, name, kind, topic, allowedLabels })),
    };
  }
}
