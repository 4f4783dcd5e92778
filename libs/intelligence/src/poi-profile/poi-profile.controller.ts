import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ConsistentWith, CurrentActor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { IntelligenceAccessRecords } from '../intelligence-register/intelligence-access';
import { PoiAccessRecords } from './poi-access';
import { ITEM_VIEW_EXAMPLE } from '../intelligence-register/intelligence-register.controller';
import { GetPoiProfileQuery, PoiProfile } from './get-poi-profile.query';

const PROFILE_EXAMPLE = {
  poiId: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10',
  revision: 6,
  status: 'active',
  displayName: 'Dan Fictional',
  identifiers: {
    names: [
      { name: 'Dan Fictional', kind: 'name' },
      { name: 'Danny F', kind: 'alias' },
      { name: 'Daniel Fictional', kind: 'name' },
    ],
    approximateAge: 24,
    gender: 'male',
    addresses: [{ address: '1 Example Road, Bracknell', postcode: 'RG12 1AA' }],
    vehicles: [{ registration: 'AB12CDE', description: 'Black hatchback' }],
    phoneNumbers: ['07700 900123', '07700 900777'],
    onlineIdentities: [{ platform: 'Snapchat', handle: 'danny_f_00' }],
  },
  merged: [{ poiId: '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', reason: 'Same phone and car', mergedAt: '2026-11-28T11:00:00.000Z', by: { userId: 'dc-301', agencyId: 'tvp' } }],
  vulnerableYoungPerson: undefined,
  interventions: [],
  disruption: [{ disruptionId: '4b6d8f0a-1c3e-4f5a-8b7c-9d0e1f2a3b4c', kind: 'child-abduction-warning-notice', on: '2026-11-02', reference: 'CAWN/2026/0042', recordedAt: '2026-11-28T11:30:00.000Z', by: { userId: 'pc-4412', agencyId: 'tvp' } }],
  recordedAt: '2026-11-20T09:00:00.000Z',
  recordedBy: { userId: 'pc-4412', agencyId: 'tvp' },
  updatedAt: '2026-11-28T11:30:00.000Z',
  links: [
    { linkId: '0d9c8b7a-6f5e-4d3c-8b2a-190f8e7d6c5b', with: { kind: 'case', caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11' }, nature: 'suspected-exploiter', linkedAt: '2026-11-20T09:05:00.000Z', linkedBy: { userId: 'pc-4412', agencyId: 'tvp' }, recordedOn: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10' },
  ],
  intelligence: [ITEM_VIEW_EXAMPLE],
};

@ApiTags('persons of interest')
@Controller('persons-of-interest')
export class PoiProfileController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
    private readonly pois: PoiAccessRecords,
    private readonly items: IntelligenceAccessRecords,
  ) {}

  @Get(':poiId')
  @ApiOperation({
    summary: 'A person of interest: identifiers (including merged duplicates’), links, sanitised intelligence about them, disruption, and interventions if a vulnerable young person',
    description: 'A merged duplicate answers with status merged and mergedInto: read the survivor for the whole picture.',
  })
  @ApiOkResponse({ description: 'The profile', schema: { example: PROFILE_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'No such person of interest' })
  @ApiRecordedRead()
  async profile(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ): Promise<PoiProfile> {
    const profile = await this.queries.execute(new GetPoiProfileQuery(poiId, consistentWith));
    await this.access.read(actor, access, await this.pois.forPoi(poiId, consistentWith), 'read a person of interest');
    // The intelligence about them, item by item as the register would show it to this user; the ids shown are recorded.
    const records = await this.items.forItems(profile.intelligence);
    const intelligence = profile.intelligence.filter((_, i) => this.access.decide(actor, 'list', records[i]).outcome === 'allow');
    await this.access.listed(actor, access, 'poi-intelligence', { poiId }, [{ kind: 'intelligence-item', ids: intelligence.map((i) => i.itemId) }], 'read a person of interest');
    return { ...profile, intelligence };
  }
}
