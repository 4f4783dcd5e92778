import { Query } from '@nestjs/cqrs';
import type { CaseListScope } from '@app/access';
import type { CaseFlag } from '../case/case.events';

export interface CaseSummary {
  caseId: string;
  status: 'open' | 'closed';
  riskBand: string | null;
  listedForSemrac: boolean;
  flags: string[];
  /** Agency ids involved in the case. */
  agencies: string[];
  updatedAt: string;
}

export interface CaseListAnswer {
  total: number;
  limit: number;
  offset: number;
  /** Most recently changed first. */
  cases: CaseSummary[];
}

export interface CaseListFilters {
  status?: 'open' | 'closed';
  riskBand?: string;
  agencyId?: string;
  flag?: CaseFlag;
  listedForSemrac?: boolean;
}

export class ListCasesQuery extends Query<CaseListAnswer> {
  constructor(
    readonly filters: CaseListFilters,
    readonly limit: number,
    readonly offset: number,
    readonly consistentWith?: string,
    /** Need to know (libs/access): only the cases this user may see; unset, every case (internal callers). */
    readonly scope?: CaseListScope,
  ) {
    super();
  }
}
