import { Query } from '@nestjs/cqrs';
import type { Cursor } from '@app/common';
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
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
  /** Most recently opened first (then by case id): an order that changes to a case cannot move. */
  cases: CaseSummary[];
}

export interface CaseListFilters {
  status?: 'open' | 'closed';
  riskBand?: string;
  agencyId?: string;
  flag?: CaseFlag;
  listedForSemrac?: boolean;
}

/** Where a page of the case list ends: the order's key, which never changes once a case is opened. */
export const CASE_LIST_CURSOR = { openedAt: 'string', caseId: 'string' } as const;
export type CaseListCursor = Cursor<typeof CASE_LIST_CURSOR>;

export class ListCasesQuery extends Query<CaseListAnswer> {
  constructor(
    readonly filters: CaseListFilters,
    readonly limit: number,
    /** The last case of the previous page (its `next`); unset, the first page. */
    readonly after?: CaseListCursor,
    readonly consistentWith?: string,
    /** Need to know (libs/access): only the cases this user may see; unset, every case (internal callers). */
    readonly scope?: CaseListScope,
  ) {
    super();
  }
}
