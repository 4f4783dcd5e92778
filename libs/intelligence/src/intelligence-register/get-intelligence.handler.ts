import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import type { IntelligenceListScope } from '@app/access';
import { DomainError, keysetPage, notYetConsistent } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { INTELLIGENCE_STATUSES, IntelligenceStatus } from '../intelligence-item/intelligence-item.events';
import type { IntelligenceItemView } from './intelligence-item-view';
import { IntelligenceItemEntity, IntelligenceItemSubmitterEntity } from './intelligence-register.entity';
import { GetIntelligenceItemQuery, IntelligenceRegister, ListIntelligenceQuery } from './get-intelligence.query';

export async function registerCaughtUp(projections: ProjectionsService, position?: string, names = ['intelligence-register']): Promise<void> {
  if (!position) return;
  await Promise.all(names.map((name) => projections.waitForProjection(name, position, 3000))).catch(notYetConsistent('The read model has not caught up with that position yet; try again shortly'));
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

  async execute({ filters, page, consistentWith, scope }: ListIntelligenceQuery): Promise<IntelligenceRegister> {
    await registerCaughtUp(this.projections, consistentWith);
    const listing = inScope(this.items.createQueryBuilder('item'), scope);
    if (filters.status) listing.andWhere('item.status = :status', { status: filters.status });
    if (filters.handling) listing.andWhere('item.handling = :handling', { handling: filters.handling });
    if (filters.urgent !== undefined) listing.andWhere('item.urgent = :urgent', { urgent: filters.urgent });
    const total = await listing.getCount();
    // Keyset paging on the submission time, which never changes: items graded or submitted while the register is read neither repeat nor skip.
    if (page.after) listing.andWhere('(item.submittedAt < :afterSubmittedAt OR (item.submittedAt = :afterSubmittedAt AND item.itemId > :afterItemId))', { afterSubmittedAt: page.after.submittedAt, afterItemId: page.after.itemId });
    const { rows, next } = keysetPage(await listing.orderBy('item.submittedAt', 'DESC').addOrderBy('item.itemId', 'ASC').take(page.limit + 1).getMany(), page.limit, (row) => ({ submittedAt: row.submittedAt, itemId: row.itemId }));
    // Counts by status under the other filters: what each status tab would hold.
    const counting = inScope(this.items.createQueryBuilder('item'), scope).select('item.status', 'status').addSelect('COUNT(*)', 'n').groupBy('item.status');
    if (filters.handling) counting.andWhere('item.handling = :handling', { handling: filters.handling });
    if (filters.urgent !== undefined) counting.andWhere('item.urgent = :urgent', { urgent: filters.urgent });
    const grouped = await counting.getRawMany<{ status: IntelligenceStatus; n: string | number }>();
    const counts = Object.fromEntries(INTELLIGENCE_STATUSES.map((s) => [s, 0])) as Record<IntelligenceStatus, number>;
    for (const { status, n } of grouped) counts[status] = Number(n);
    return { items: rows.map((row) => row.view), total, counts, next };
  }
}

/**
 * The access policy's list scope as SQL, applied before paging so that a page is full: the
 * agency's own submissions, and items whose handling code lets this user see them.
 */
function inScope(query: SelectQueryBuilder<IntelligenceItemEntity>, scope?: IntelligenceListScope): SelectQueryBuilder<IntelligenceItemEntity> {
  if (!scope || scope.all) return query;
  const grounds: string[] = [];
  if (scope.submitterAgencyId !== undefined) {
    const own = query.subQuery().select('s.itemId').from(IntelligenceItemSubmitterEntity, 's').where('s.agencyId = :scopeAgency').getQuery();
    grounds.push(`item.itemId IN ${own}`);
  }
  if (scope.handling.length > 0) grounds.push('item.handling IN (:...scopeHandling)');
  return query.andWhere(grounds.length > 0 ? `(${grounds.join(' OR ')})` : '1 = 0', { scopeAgency: scope.submitterAgencyId, scopeHandling: scope.handling });
}
