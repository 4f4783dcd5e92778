import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';
import { DomainError } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { INTELLIGENCE_STATUSES, IntelligenceStatus } from '../intelligence-item/intelligence-item.events';
import type { IntelligenceItemView } from './intelligence-item-view';
import { IntelligenceItemEntity } from './intelligence-register.entity';
import { GetIntelligenceItemQuery, IntelligenceRegister, ListIntelligenceQuery } from './get-intelligence.query';

export async function registerCaughtUp(projections: ProjectionsService, position?: string, names = ['intelligence-register']): Promise<void> {
  if (!position) return;
  await Promise.all(names.map((name) => projections.waitForProjection(name, position, 3000))).catch(() => {
    throw new DomainError('The read model has not caught up with that position yet; try again shortly', 'not-yet-consistent', 409);
  });
}

@QueryHandler(GetIntelligenceItemQuery)
export class GetIntelligenceItemHandler implements IQueryHandler<GetIntelligenceItemQuery, IntelligenceItemView> {
  constructor(
    @InjectRepository(IntelligenceItemEntity) private readonly items: Repository<IntelligenceItemEntity>,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ itemId, consistentWith }: GetIntelligenceItemQuery): Promise<IntelligenceItemView> {
    await registerCaughtUp(this.projections, consistentWith);
    const row = await this.items.findOneBy({ itemId });
    if (!row) throw new DomainError(`No intelligence item ${itemId}`, 'item-not-found', 404);
    return row.view;
  }
}

@QueryHandler(ListIntelligenceQuery)
export class ListIntelligenceHandler implements IQueryHandler<ListIntelligenceQuery, IntelligenceRegister> {
  constructor(
    @InjectRepository(IntelligenceItemEntity) private readonly items: Repository<IntelligenceItemEntity>,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ filters, page, consistentWith }: ListIntelligenceQuery): Promise<IntelligenceRegister> {
    await registerCaughtUp(this.projections, consistentWith);
    const where: FindOptionsWhere<IntelligenceItemEntity> = {
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.handling ? { handling: filters.handling } : {}),
      ...(filters.urgent !== undefined ? { urgent: filters.urgent } : {}),
    };
    const [rows, total] = await this.items.findAndCount({ where, order: { submittedAt: 'DESC', itemId: 'ASC' }, take: page.limit, skip: page.offset });
    // Counts by status under the other filters: what each status tab would hold.
    const counting = this.items.createQueryBuilder('item').select('item.status', 'status').addSelect('COUNT(*)', 'n').groupBy('item.status');
    if (filters.handling) counting.andWhere('item.handling = :handling', { handling: filters.handling });
    if (filters.urgent !== undefined) counting.andWhere('item.urgent = :urgent', { urgent: filters.urgent });
    const grouped = await counting.getRawMany<{ status: IntelligenceStatus; n: string | number }>();
    const counts = Object.fromEntries(INTELLIGENCE_STATUSES.map((s) => [s, 0])) as Record<IntelligenceStatus, number>;
    for (const { status, n } of grouped) counts[status] = Number(n);
    return { items: rows.map((row) => row.view), total, counts };
  }
}
