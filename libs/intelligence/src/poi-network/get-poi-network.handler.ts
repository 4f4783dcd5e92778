import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { DomainError } from '@app/common';
import { ProjectionsService, inChunks } from '@app/event-store';
import { LOCATION_KINDS } from '../person-of-interest/person-of-interest.events';
import { registerCaughtUp } from '../intelligence-register/get-intelligence.handler';
import { PoiDirectory } from '../poi-profile/poi-directory';
import { PoiLinkEntity, PoiProfileEntity } from '../poi-profile/poi-profile.entity';
import { GetPoiNetworkQuery, NetworkNode, PoiNetwork } from './get-poi-network.query';
import { NetworkEdge, NodeId, nodeKind, nodeRef, walkNetwork } from './poi-network';

/** The network over the link table: each hop is one indexed read per kind of node at the frontier. */
@QueryHandler(GetPoiNetworkQuery)
export class GetPoiNetworkHandler implements IQueryHandler<GetPoiNetworkQuery, PoiNetwork> {
  constructor(
    @InjectRepository(PoiProfileEntity) private readonly profiles: Repository<PoiProfileEntity>,
    @InjectRepository(PoiLinkEntity) private readonly links: Repository<PoiLinkEntity>,
    private readonly directory: PoiDirectory,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ poiId, hops, consistentWith }: GetPoiNetworkQuery): Promise<PoiNetwork> {
    await registerCaughtUp(this.projections, consistentWith, ['poi-profiles']);
    if (!(await this.profiles.existsBy({ poiId }))) throw new DomainError(`No person of interest ${poiId}`, 'poi-not-found', 404);
    // Merged POIs are one node, their survivor: a duplicate's links are the survivor's.
    const { canonical, aliases } = await this.directory.merges();
    const labels = new Map<NodeId, string>();
    const centre = canonical(poiId);

    const edgesTouching = async (nodes: NodeId[]): Promise<NetworkEdge[]> => {
      const pois = new Set(nodes.filter((n) => nodeKind(n) === 'poi').flatMap((n) => aliases(nodeRef(n))));
      const byKind = (kind: 'case' | 'location') => nodes.filter((n) => nodeKind(n) === kind).map(nodeRef);
      const rows = new Map<string, PoiLinkEntity>();
      const read = async (where: (chunk: string[]) => object | object[], keys: string[]) => {
        for (const chunk of inChunks(keys)) for (const row of await this.links.find({ where: where(chunk) })) rows.set(row.linkId, row);
      };
      await read((chunk) => [{ poiId: In(chunk) }, { targetKind: 'poi', targetKey: In(chunk) }], [...pois]);
      await read((chunk) => ({ targetKind: 'case', targetKey: In(chunk) }), byKind('case'));
      await read((chunk) => ({ targetKind: 'location', targetKey: In(chunk) }), byKind('location'));
      const edges: NetworkEdge[] = [];
      for (const row of rows.values()) {
        const from = `poi:${canonical(row.poiId)}`;
        const to = row.targetKind === 'poi' ? `poi:${canonical(row.targetKey)}` : `${row.targetKind}:${row.targetKey}`;
        if (from === to) continue;
        const target = row.view.target;
        if (target.kind === 'location' && !labels.has(to)) labels.set(to, `${target.location.name} (${LOCATION_KINDS[target.location.kind]})`);
        edges.push({ linkId: row.linkId, from, to, nature: row.nature });
      }
      return edges;
    };

    const walk = await walkNetwork(`poi:${centre}`, hops, edgesTouching);
    const names = await this.directory.names([...walk.distances.keys()].filter((n) => nodeKind(n) === 'poi').map(nodeRef));
    const nodes: NetworkNode[] = [...walk.distances.entries()]
      .map(([node, distance]) => {
        const kind = nodeKind(node);
        const ref = nodeRef(node);
        const label = kind === 'poi' ? names.get(ref) : labels.get(node);
        return { node, kind, ref, ...(label ? { label } : {}), distance };
      })
      .sort((a, b) => a.distance - b.distance || a.node.localeCompare(b.node));
    return { poiId: centre, hops, nodes, links: walk.edges, truncated: walk.truncated };
  }
}
