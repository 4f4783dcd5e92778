import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError, notYetConsistent } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import type { CaseView } from './case-view';
import { CaseViewEntity } from './case-view.entity';
import { GetCaseViewQuery } from './get-case-view.query';
import { isRiskReviewOverdue } from '../risk/risk-view';
import { missingAsOf } from '../missing-episode/missing-episode-case-view';

@QueryHandler(GetCaseViewQuery)
export class GetCaseViewHandler implements IQueryHandler<GetCaseViewQuery, CaseView> {
  constructor(
    @InjectRepository(CaseViewEntity) private readonly cases: Repository<CaseViewEntity>,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ caseId, consistentWith }: GetCaseViewQuery): Promise<CaseView> {
    if (consistentWith) {
      await this.projections.waitForProjection('case-view', consistentWith, 3000).catch(notYetConsistent('The case view has not caught up with that position yet; try again shortly'));
    }
    const row = await this.cases.findOneBy({ caseId });
    if (!row) throw new DomainError(`No case ${caseId}`, 'case-not-found', 404);
    // Overdue-ness changes as time passes, with no event: computed on every read.
    const answer: CaseView & { riskReviewOverdue: boolean } = { ...row.view, riskReviewOverdue: isRiskReviewOverdue(row.view, new Date().toISOString()), ...missingAsOf(row.view.missing, new Date()) };
    return answer;
  }
}
