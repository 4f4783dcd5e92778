import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { DisclosureNotified, RiskBand, RiskReason } from '../risk-scheme';
import type { AssessRiskDto } from './assess-risk.dto';

export interface RiskAssessmentAnswer {
  caseId: string;
  assessmentId: string;
  /** The scheme that scored it. */
  scheme: { name: string; version: string };
  band: RiskBand;
  score: number;
  /** Which rule gave the band: the score, and any rule that raised it. */
  reasons: RiskReason[];
  /** YYYY-MM-DD: reassess by then. */
  nextReviewDue: string;
  /** With a disclosure: the agencies that must be told now. */
  notify?: DisclosureNotified[];
  /** Send as If-Match with the next change. */
  revision: number;
  /** Pass to `GET /cases/{caseId}?consistentWith=` to read your own write. */
  position?: string;
  /** False for a retry with the same Idempotency-Key: nothing new was written. */
  created: boolean;
}

export class AssessRiskCommand extends Command<RiskAssessmentAnswer> {
  constructor(
    readonly caseId: string,
    readonly assessment: AssessRiskDto,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}
