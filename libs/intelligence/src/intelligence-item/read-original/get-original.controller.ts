import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { GetOriginalIntelligenceQuery } from './get-original.query';
import type { SealedIntelligenceView } from './sealed-intelligence-view';

const SEALED_EXAMPLE = {
  itemId: '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f',
  revision: 4,
  status: 'disseminated',
  information: 'Morgan Quill, a friend of the child, says a man called Danny picks girls up from Riverside Park in a black hatchback, AB12 CDE.',
  subjects: [{ kind: 'poi', ref: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10' }, { kind: 'location', text: 'Riverside Park' }],
  knownAt: '2026-11-27',
  howKnown: 'told-by-someone-else',
  submittedAt: '2026-11-28T09:12:00.000Z',
  submittedBy: { userId: 'dsl-17', agencyId: 'bf-school' },
  source: { name: 'Morgan Quill', otherIdentifiers: ['07700 900456'], relationship: 'Friend of the child' },
  grading: { source: 2, assessment: 'B', handling: 'P', code: '2/B/P' },
  gradings: [{ at: '2026-11-28T10:00:00.000Z', by: { userId: 'dc-301', agencyId: 'tvp' }, grading: { source: 2, assessment: 'B', handling: 'P', code: '2/B/P' } }],
  sanitisedText: 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback, AB12 CDE.',
  sanitisedBy: { userId: 'dc-301', agencyId: 'tvp' },
  dissemination: { at: '2026-11-28T10:05:00.000Z', by: { userId: 'dc-301', agencyId: 'tvp' }, urgent: false },
};

@ApiTags('intelligence')
@Controller('intelligence/:itemId/original')
export class GetOriginalIntelligenceController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The sealed original (intelligence officers only): the text as submitted, how it is known, who submitted it, the source’s details, every grading with who and why',
  })
  @ApiHeader({ name: 'X-Roles', required: true, description: 'Must include intelligence-officer' })
  @ApiOkResponse({ description: 'The sealed original', schema: { example: SEALED_EXAMPLE } })
  @ApiForbiddenResponse({ description: 'Only an intelligence officer may read it; nothing is shown' })
  @ApiNotFoundResponse({ description: 'No such item' })
  @ApiRecordedRead(false)
  async original(@Param('itemId', new ParseUUIDPipe()) itemId: string, @CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo): Promise<SealedIntelligenceView> {
    const record = { kind: 'intelligence-original', id: itemId } as const;
    // Intelligence officers only, no break-glass: anyone else is refused (and recorded) before the stream is read.
    if (this.access.decide(actor, 'read', record).outcome !== 'allow') await this.access.read(actor, access, record, 'read the sealed original');
    const original = await this.queries.execute(new GetOriginalIntelligenceQuery(itemId, actor));
    await this.access.read(actor, access, record, 'read the sealed original');
    return original;
  }
}
