import { Query } from '@nestjs/cqrs';
import type { CaseView } from './case-view';

export class GetCaseViewQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    /** Wait until the view reflects the log up to this position (read your own write). */
    readonly consistentWith?: string,
  ) {
    super();
  }
}
