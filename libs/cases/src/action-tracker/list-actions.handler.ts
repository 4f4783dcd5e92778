import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectEntityManager } from '@nestjs/typeorm';
import { Brackets, EntityManager, SelectQueryBuilder } from 'typeorm';
import { keysetPage } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { waitFor } from '../semrac-meetings-view/get-semrac-meeting.handler';
import { ActionTrackerEntity } from './action-tracker.entity';
import { ActionTrackerAnswer, ListActionsQuery } from './list-actions.query';

const STILL_OPEN = ['open', 'in-progress'];

@QueryHandler(ListActionsQuery)
export class ListActionsHandler implements IQueryHandler<ListActionsQuery, ActionTrackerAnswer> {
  constructor(
    @InjectEntityManager() private readonly manager: EntityManager,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ filters, limit, after, consistentWith }: ListActionsQuery): Promise<ActionTrackerAnswer> {
    if (consistentWith) await waitFor(this.projections, ['action-tracker'], consistentWith);
    // Overdue depends on the day, not on events: judged now, against today's date (UTC).
    const today = new Date().toISOString().slice(0, 10);
    const filtered = () => {
      const q = this.manager.createQueryBuilder(ActionTrackerEntity, 'a');
      if (filters.agencyId) q.andWhere('a.ownerAgencyId = :agencyId', { agencyId: filters.agencyId });
      if (filters.status) q.andWhere('a.status = :status', { status: filters.status });
      if (filters.caseId) q.andWhere('a.caseId = :caseId', { caseId: filters.caseId });
      if (filters.overdue === true) q.andWhere('a.status IN (:...open) AND a.dueDate < :today', { open: STILL_OPEN, today });
      if (filters.overdue === false) {
        q.andWhere(new Brackets((w) => w.where('a.status NOT IN (:...open)', { open: STILL_OPEN }).orWhere('a.dueDate >= :today', { today })));
      }
      return q;
    };
    const total = await filtered().getCount();
    const listing = filtered();
    // Keyset paging on keys set when the action is agreed and never changed after (all ascending, so a row comparison).
    if (after) listing.andWhere('(a.dueDate, a.ownerAgencyId, a.actionId) > (:afterDue, :afterAgency, :afterAction)', { afterDue: after.dueDate, afterAgency: after.ownerAgencyId, afterAction: after.actionId });
    const page = keysetPage(
      await listing.orderBy('a.dueDate', 'ASC').addOrderBy('a.ownerAgencyId', 'ASC').addOrderBy('a.actionId', 'ASC').take(limit + 1).getMany(),
      limit,
      (r) => ({ dueDate: r.dueDate, ownerAgencyId: r.ownerAgencyId, actionId: r.actionId }),
    );
    return {
      asOf: today,
      total,
      limit,
      next: page.next,
      byAgency: await this.byAgency(filtered(), today),
      actions: page.rows.map(({ statusNote, ...row }) => ({
        ...row,
        ...(statusNote ? { statusNote } : {}),
        overdue: STILL_OPEN.includes(row.status) && row.dueDate < today,
      })),
    };
  }

  private async byAgency(q: SelectQueryBuilder<ActionTrackerEntity>, today: string): Promise<ActionTrackerAnswer['byAgency']> {
    const rows = await q
      .select('a.ownerAgencyId', 'agencyId')
      .addSelect('MIN(a.ownerAgencyName)', 'agencyName')
      .addSelect(`SUM(CASE WHEN a.status IN (:...counted) THEN 1 ELSE 0 END)`, 'open')
      .addSelect(`SUM(CASE WHEN a.status IN (:...counted) AND a.dueDate < :asOf THEN 1 ELSE 0 END)`, 'overdue')
      .setParameters({ counted: STILL_OPEN, asOf: today })
      .groupBy('a.ownerAgencyId')
      .orderBy('a.ownerAgencyId', 'ASC')
      .getRawMany<{ agencyId: string; agencyName: string; open: string | number; overdue: string | number }>();
    return rows.map((r) => ({ agencyId: r.agencyId, agencyName: r.agencyName, open: Number(r.open), overdue: Number(r.overdue) }));
  }
}
