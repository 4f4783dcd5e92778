import type { CaseAccessRecord } from '@app/access';
import type { CaseView } from './case-view';
import { caseAgencyIds, isAtSemrac, undelimited } from '../case-list/case-list-columns';

/** What the access policy (libs/access) weighs about a case: the agencies involved and whether SEMRAC has it. */
export function caseAccessRecord(view: CaseView): CaseAccessRecord {
  return { kind: 'case', id: view.caseId, agencyIds: caseAgencyIds(view), atSemrac: isAtSemrac(view) };
}

/** The same from a case list row (the columns the projection derived from the view). */
export function caseRowAccessRecord(row: { caseId: string; agencyIds: string; atSemrac: boolean }): CaseAccessRecord {
  return { kind: 'case', id: row.caseId, agencyIds: undelimited(row.agencyIds), atSemrac: row.atSemrac };
}
