import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { PoiAccessRecord } from '@app/access';
import { DomainError, unlessFailing } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { PoiProfileEntity } from './poi-profile.entity';

/** What the access policy (libs/access) weighs about a person of interest: the agency that recorded them. */
@Injectable()
export class PoiAccessRecords {
  constructor(
    @InjectRepository(PoiProfileEntity) private readonly profiles: Repository<PoiProfileEntity>,
    private readonly projections: ProjectionsService,
  ) {}

  /** 404 when there is no such POI. */
  async forPoi(poiId: string, consistentWith?: string): Promise<PoiAccessRecord> {
    if (consistentWith) await this.projections.waitForProjection('poi-profiles', consistentWith, 3000).catch(unlessFailing);
    const row = await this.profiles.findOneBy({ poiId });
    if (!row) throw new DomainError(`No person of interest ${poiId}`, 'poi-not-found', 404);
    return { kind: 'poi', id: poiId, recordedByAgencyId: row.view.recordedBy.agencyId };
  }
}
