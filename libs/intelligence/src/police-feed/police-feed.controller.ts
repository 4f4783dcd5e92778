import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IntelligenceAcknowledgedV1 } from '@app/contracts';
import { Actor, ConsistentWith, CurrentActor, FieldProblem, Writes, badRequest, requireRole } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { AcknowledgementAnswer, PoliceAcknowledgements } from './police-acknowledgements';
import { FEED_ENTRY_EXAMPLE, FeedEntry, FeedPage, PoliceFeedReader } from './police-feed.query';

const POSITION = /^\d{20}:\d{20}$/;
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/**
 * The police feed over HTTP, for units that do not consume Kafka: the same documents as the
 * topic, from a position on, and acknowledgements in the same contract as the topic's.
 */
@ApiTags('police feed')
@ApiForbiddenResponse({ description: 'Only intelligence officers (the police intelligence unit) read the feed and acknowledge it' })
@Controller('police-feed')
export class PoliceFeedController {
  constructor(
    private readonly reader: PoliceFeedReader,
    private readonly acknowledgements: PoliceAcknowledgements,
    private readonly access: AccessGate,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The police feed since a position: every disseminated item and disclosure notice, in order, with its handling code and conditions, delivery and acknowledgement state',
  })
  @ApiQuery({ name: 'after', required: false, description: 'A position from an earlier page (`next`): only what came after it' })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'urgent', required: false, enum: ['true'], description: 'Only urgent items (disclosures and items disseminated as urgent)' })
  @ApiOkResponse({ schema: { example: { items: [FEED_ENTRY_EXAMPLE], next: FEED_ENTRY_EXAMPLE.position } } })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid: `errors` names it' })
  @ApiRecordedRead(false)
  async page(
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
    @Query('urgent') urgent?: string,
    @ConsistentWith() consistentWith?: string,
  ): Promise<FeedPage> {
    const errors: FieldProblem[] = [];
    if (after !== undefined && !POSITION.test(after)) errors.push({ field: 'query after', problems: ['must be a position from the feed (`next`)'] });
    if (limit !== undefined && !/^\d{1,3}$/.test(limit)) errors.push({ field: 'query limit', problems: ['must be a whole number from 1 to 500'] });
    else if (limit !== undefined && (Number(limit) < 1 || Number(limit) > 500)) errors.push({ field: 'query limit', problems: ['must be a whole number from 1 to 500'] });
    if (urgent !== undefined && urgent !== 'true') errors.push({ field: 'query urgent', problems: ['must be true, or left out'] });
    if (errors.length > 0) throw badRequest(errors);
    await this.access.read(actor, access, { kind: 'police-feed', id: 'feed' }, 'read the police feed');
    const page = await this.reader.page({ after, limit: limit === undefined ? 100 : Number(limit), urgentOnly: urgent === 'true', consistentWith });
    await this.access.listed(actor, access, 'police-feed', { ...(after ? { after } : {}), limit: limit === undefined ? 100 : Number(limit), urgent: urgent === 'true' }, [{ kind: 'intelligence-item', ids: [...new Set(page.items.map((entry) => entry.message.itemId))] }], 'read the police feed');
    return page;
  }

  @Get('items/:itemId')
  @ApiOperation({ summary: "One item's messages on the feed (each dissemination), with delivery and acknowledgement state" })
  @ApiOkResponse({ schema: { example: [FEED_ENTRY_EXAMPLE] } })
  @ApiNotFoundResponse({ description: 'Nothing with this item id was sent to the police' })
  @ApiRecordedRead(false)
  async item(@CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo, @Param('itemId') itemId: string, @ConsistentWith() consistentWith?: string): Promise<FeedEntry[]> {
    if (!ITEM_ID.test(itemId)) throw badRequest([{ field: 'path itemId', problems: ['must be a feed item id'] }]);
    await this.access.read(actor, access, { kind: 'police-feed', id: 'feed' }, 'read the police feed');
    const entries = await this.reader.item(itemId, consistentWith);
    await this.access.listed(actor, access, 'police-feed', { itemId }, [{ kind: 'intelligence-item', ids: [itemId] }], 'read the police feed');
    return entries;
  }

  @Post('acknowledgements')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record the police unit's acknowledgement and outcome of a feed item (the intelligence-acknowledged.v1 document, as on the topic)",
    description: 'Recorded once per messageId: sending the same acknowledgement again answers recorded: false and writes nothing.',
  })
  @ApiBody({ schema: { example: IntelligenceAcknowledgedV1.example } })
  @ApiOkResponse({ schema: { example: { itemId: IntelligenceAcknowledgedV1.example.itemId, kind: 'intelligence', recorded: true, position: FEED_ENTRY_EXAMPLE.position } } })
  @ApiBadRequestResponse({ description: 'The document does not meet intelligence-acknowledged.v1: `errors` names each field; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such item was sent to the police; nothing was written' })
  @Writes('intel', 'RecordPoliceAcknowledgement')
  acknowledge(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<AcknowledgementAnswer> {
    requireRole(actor.roles, 'intelligence-officer', "record the police unit's acknowledgement");
    const checked = IntelligenceAcknowledgedV1.validate(body);
    if (!checked.ok) {
      const byField = new Map<string, string[]>();
      for (const error of checked.errors) {
        const at = error.indexOf(': ');
        const field = error.slice(0, at);
        byField.set(field, [...(byField.get(field) ?? []), error.slice(at + 2)]);
      }
      throw badRequest([...byField].map(([field, problems]) => ({ field, problems })));
    }
    return this.acknowledgements.record(checked.value, 'http', actor);
  }
}
