import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { IntelligenceItemAccessRecord } from '@app/access';
import { inChunks } from '@app/event-store';
import type { IntelligenceItemView } from './intelligence-item-view';
import { IntelligenceItemSubmitterEntity } from './intelligence-register.entity';

/** What the access policy (libs/access) weighs about intelligence items: the submitting agency and the handling code. */
@Injectable()
export class IntelligenceAccessRecords {
  constructor(@InjectRepository(IntelligenceItemSubmitterEntity) private readonly submitters: Repository<IntelligenceItemSubmitterEntity>) {}

  async forItem(view: IntelligenceItemView): Promise<IntelligenceItemAccessRecord> {
    return (await this.forItems([view]))[0];
  }

  /** In the order given. */
  async forItems(views: readonly IntelligenceItemView[]): Promise<IntelligenceItemAccessRecord[]> {
    const agencies = new Map<string, string>();
    for (const chunk of inChunks(views.map((v) => v.itemId))) {
      for (const row of await this.submitters.findBy({ itemId: In(chunk) })) agencies.set(row.itemId, row.agencyId);
    }
    return views.map((view) => ({
      kind: 'intelligence-item',
      id: view.itemId,
      ...(agencies.has(view.itemId) ? { submitterAgencyId: agencies.get(view.itemId) } : {}),
      ...(view.grading ? { handling: view.grading.handling } : {}),
    }));
  }
}
