import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { DomainError } from '@app/common';
import { ProjectionsService, inChunks } from '@app/event-store';
import { registerCaughtUp } from '../intelligence-register/get-intelligence.handler';
import { IntelligenceItemEntity, IntelligenceItemRefEntity } from '../intelligence-register/intelligence-register.entity';
import { GetPoiProfileQuery, PoiProfile, PoiProfileLink } from './get-poi-profile.query';
import { PoiDirectory } from './poi-directory';
import { PoiLinkEntity, PoiProfileEntity } from './poi-profile.entity';

/**
 * Statuses whose items carry a sanitised text: the only intelligence a profile shows. An item the
 * police have acknowledged is still one (it once left the profile with their outcome).
 */
const SANITISED = ['sanitised', 'disseminated', 'acknowledged'];

@QueryHandler(GetPoiProfileQuery)
export class GetPoiProfileHandler implements IQueryHandler<GetPoiProfileQuery, PoiProfile> {
  constructor(
    @InjectRepository(PoiProfileEntity) private readonly profiles: Repository<PoiProfileEntity>,
    @InjectRepository(PoiLinkEntity) private readonly links: Repository<PoiLinkEntity>,
    @InjectRepository(IntelligenceItemRefEntity) private readonly refs: Repository<IntelligenceItemRefEntity>,
    @InjectRepository(IntelligenceItemEntity) private readonly items: Repository<IntelligenceItemEntity>,
    private readonly directory: PoiDirectory,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ poiId, consistentWith }: GetPoiProfileQuery): Promise<PoiProfile> {
    await registerCaughtUp(this.projections, consistentWith, ['poi-profiles', 'intelligence-register']);
    const row = await this.profiles.findOneBy({ poiId });
    if (!row) throw new DomainError(`No person of interest ${poiId}`, 'poi-not-found', 404);
    const ids = await this.directory.withMerged(poiId);
    const own = new Set(ids);

    const linkRows = new Map<string, PoiLinkEntity>();
    for (const chunk of inChunks(ids)) {
      for (const link of await this.links.find({ where: [{ poiId: In(chunk) }, { targetKind: 'poi', targetKey: In(chunk) }] })) linkRows.set(link.linkId, link);
    }
    const links: PoiProfileLink[] = [];
    for (const { view } of [...linkRows.values()].sort((a, b) => a.view.linkedAt.localeCompare(b.view.linkedAt) || a.linkId.localeCompare(b.linkId))) {
      const outbound = own.has(view.poiId);
      const other = outbound ? view.target : { kind: 'poi' as const, poiId: view.poiId };
      // A link between this POI and its own duplicate connects nobody.
      if (other.kind === 'poi' && own.has(other.poiId)) continue;
      const withEnd: PoiProfileLink['with'] = other.kind === 'location' ? { kind: 'location', location: other.location } : other;
      links.push({ linkId: view.linkId, with: withEnd, nature: view.nature, ...(view.detail ? { detail: view.detail } : {}), linkedAt: view.linkedAt, linkedBy: view.linkedBy, recordedOn: view.poiId });
    }
    const names = await this.directory.names(links.flatMap((l) => (l.with.kind === 'poi' ? [l.with.poiId] : [])));
    for (const link of links) if (link.with.kind === 'poi' && names.has(link.with.poiId)) link.with.name = names.get(link.with.poiId);

    const itemIds = new Set<string>();
    for (const chunk of inChunks(ids)) for (const ref of await this.refs.find({ where: { kind: 'poi', ref: In(chunk) } })) itemIds.add(ref.itemId);
    const intelligence = [];
    for (const chunk of inChunks([...itemIds])) intelligence.push(...(await this.items.find({ where: { itemId: In(chunk), status: In(SANITISED) } })));
    intelligence.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || a.itemId.localeCompare(b.itemId));

    return { ...row.view, links, intelligence: intelligence.map((item) => item.view) };
  }
}
