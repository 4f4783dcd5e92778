import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, ConsistentWith, CurrentActor, badRequest } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { PoiAccessRecords } from '../poi-profile/poi-access';
import { GetPoiNetworkQuery, PoiNetwork } from './get-poi-network.query';
import { MAX_HOPS } from './poi-network';

const NETWORK_EXAMPLE = {
  poiId: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10',
  hops: 2,
  nodes: [
    { node: 'poi:5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10', kind: 'poi', ref: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10', label: 'Dan Fictional', distance: 0 },
    { node: 'case:6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', kind: 'case', ref: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', distance: 1 },
    { node: 'location:park:riverside park', kind: 'location', ref: 'park:riverside park', label: 'Riverside Park (Park)', distance: 1 },
    { node: 'poi:9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', kind: 'poi', ref: '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', label: 'Sam Fictional', distance: 2 },
  ],
  links: [
    { linkId: '0d9c8b7a-6f5e-4d3c-8b2a-190f8e7d6c5b', from: 'poi:5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10', to: 'case:6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', nature: 'suspected-exploiter' },
    { linkId: '1e0d9c8b-7a6f-4e5d-9c3b-2a1f0e9d8c7b', from: 'poi:5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10', to: 'location:park:riverside park', nature: 'frequents' },
    { linkId: '2f1e0d9c-8b7a-4f6e-8d4c-3b2a1f0e9d8c', from: 'poi:9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', to: 'case:6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', nature: 'seen-with' },
  ],
  truncated: false,
};

@ApiTags('persons of interest')
@Controller('persons-of-interest/:poiId/network')
export class PoiNetworkController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
    private readonly pois: PoiAccessRecords,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Who is connected to whom, within n hops (SEMRAC themes): POIs, children’s cases and locations joined by links',
    description: `Over POI–POI, POI–case and POI–location links, walked breadth first; n from 1 to ${MAX_HOPS}. Merged duplicates count as their survivor.`,
  })
  @ApiQuery({ name: 'hops', required: false, description: `1-${MAX_HOPS}, default 2` })
  @ApiOkResponse({ description: 'The nodes reached (nearest first) and the links between them', schema: { example: NETWORK_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'No such person of interest' })
  @ApiRecordedRead()
  async network(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('hops') hops?: string,
    @ConsistentWith() consistentWith?: string,
  ): Promise<PoiNetwork> {
    const n = hops === undefined ? 2 : Number(hops);
    if (!/^\d+$/.test(hops ?? '2') || n < 1 || n > MAX_HOPS) throw badRequest([{ field: 'query hops', problems: [`must be a whole number from 1 to ${MAX_HOPS}`] }]);
    const network = await this.queries.execute(new GetPoiNetworkQuery(poiId, n, consistentWith));
    // The POI asked about decides; the POIs and cases the walk reached are recorded as shown.
    await this.access.read(actor, access, await this.pois.forPoi(poiId, consistentWith), 'read a network of persons of interest');
    const ids = (kind: 'poi' | 'case') => network.nodes.filter((node) => node.kind === kind).map((node) => node.ref);
    await this.access.listed(actor, access, 'poi-network', { poiId, hops: n }, [{ kind: 'poi', ids: ids('poi') }, { kind: 'case', ids: ids('case') }], 'read a network of persons of interest');
    return network;
  }
}
