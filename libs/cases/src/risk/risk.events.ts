import type { VulnerabilityCode } from '../shared/indicators';
import type { AssessedSign, DisclosureNotified, RiskBand, RiskBreakdown, RiskReason } from './risk-scheme';

export type Assessor = { name: string; role: string; agencyId: string; agencyName: string };

/**
 * Recorded in the case stream (`case-{caseId}`): one risk assessment (action 3.2), scored under
 * the scheme named in it, with the reasons for its band. A later scheme never rescores it.
 */
export type RiskAssessed = {
  type: 'RiskAssessed';
  data: {
    caseId: string;
    assessmentId: string;
    assessedAt: string;
    assessor: Assessor;
    scheme: { name: string; version: string };
    vulnerabilities: VulnerabilityCode[];
    signs: AssessedSign[];
    disclosure: boolean;
    /** What the child disclosed, as the assessor recorded it: only with a disclosure. */
    disclosureDetails?: string;
    score: number;
    band: RiskBand;
    reasons: RiskReason[];
    breakdown: RiskBreakdown;
    /** YYYY-MM-DD: reassess by then while the case is open. */
    nextReviewDue: string;
    summary: string;
  };
};

/**
 * A disclosure of exploitation, for police and children's social care to act on at once (the
 * police feed picks it up). Ids only: the details stay in the assessment.
 */
export type DisclosureRecorded = {
  type: 'DisclosureRecorded';
  data: {
    caseId: string;
    assessmentId: string;
    notify: DisclosureNotified[];
    urgent: true;
    recordedAt: string;
  };
};

export type RiskEvent = RiskAssessed | DisclosureRecorded;
