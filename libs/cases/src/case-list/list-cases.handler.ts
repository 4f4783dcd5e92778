import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { keysetPage } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { CaseViewEntity } from '../case-view/case-view.entity';
import { waitFor } from '../semrac-meetings-view/get-semrac-meeting.handler';
import { undelimited } from './case-list-columns';
import { CaseListAnswer, ListCasesQuery } from './list-cases.query';

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery, CaseListAnswer> {
  constructor(
    @InjectEntityManager() private readonly manager: EntityManager,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ filters, limit, after, consistentWith, scope }: ListCasesQuery): Promise<CaseListAnswer> {
    if (consistentWith) await waitFor(this.projections, ['case-view'], consistentWith);
    // A case-sensitive substring test for ",value," (no LIKE: SQLite's is case-insensitive and `_` is a wildcard).
    const contains = this.manager.connection.options.type === 'postgres' ? 'strpos' : 'instr';
    const q = this.manager
      .createQueryBuilder(CaseViewEntity, 'c')
      .select(['c.caseId', 'c.status', 'c.riskBand', 'c.listedForSemrac', 'c.flags', 'c.agencyIds', 'c.updatedAt']);
    if (filters.status) q.andWhere('c.status = :status', { status: filters.status });
    if (filters.riskBand) q.andWhere('c.riskBand = :riskBand', { riskBand: filters.riskBand });
    if (filters.listedForSemrac !== undefined) q.andWhere('c.listedForSemrac = :listed', { listed: filters.listedForSemrac });
    if (filters.flag) q.andWhere(`${contains}(c.flags, :flag) > 0`, { flag: `,${filters.flag},` });
    if (filters.agencyId) q.andWhere(`${contains}(c.agencyIds, :agency) > 0`, { agency: `,${filters.agencyId},` });
    // Before paging, so that a page is full: the access policy's list scope as SQL.
    if (scope && !scope.all) {
      const grounds = [
        ...(scope.agencyId ? [`${contains}(c.agencyIds, :scopeAgency) > 0`] : []),
        ...(scope.atSemrac ? ['c.atSemrac = :atSemrac'] : []),
      ];
      q.andWhere(grounds.length > 0 ? `(${grounds.join(' OR ')})` : '1 = 0', { scopeAgency: `,${scope.agencyId},`, atSemrac: true });
    }
    const total = await q.getCount();
    // Keyset paging on the opening time, which no later event changes: a case changed or opened
    // while the list is read neither repeats nor pushes another off a page (the updatedAt order did).
    if (after) q.andWhere('(c.openedAt < :afterOpenedAt OR (c.openedAt = :afterOpenedAt AND c.caseId > :afterCaseId))', { afterOpenedAt: after.openedAt, afterCaseId: after.caseId });
    const page = keysetPage(await q.orderBy('c.openedAt', 'DESC').addOrderBy('c.caseId', 'ASC').addSelect('c.openedAt').take(limit + 1).getMany(), limit, (r) => ({ openedAt: r.openedAt, caseId: r.caseId }));
    return {
      total,
      limit,
      next: page.next,
      cases: page.rows.map((r) => ({
        caseId: r.caseId,
        status: r.status as 'open' | 'closed',
        riskBand: r.riskBand,
        listedForSemrac: r.listedForSemrac,
        flags: undelimited(r.flags),
        agencies: undelimited(r.agencyIds),
        updatedAt: r.updatedAt,
      })),
    };
  }
}
