import { DomainError } from '@app/common/domain';
import type { VulnerabilityCode } from '../shared/indicators';
import type { Assessor, RiskEvent } from './risk.events';
import { AssessedSign, RiskScheme, SIGN_SEVERITIES, assessRisk, childAgeAt, isSignCode, isVulnerabilityCode } from './risk-scheme';

/** The `AssessRisk` command on a case stream. */
export interface AssessRiskData {
  assessmentId: string;
  assessedAt: string;
  assessor: Assessor;
  vulnerabilities: string[];
  signs: AssessedSign[];
  disclosure: boolean;
  /** Required with a disclosure. */
  disclosureDetails?: string;
  summary: string;
  /** The scheme in force and the board's reassessment period, passed in so `decide` stays pure. */
  scheme: RiskScheme;
  reassessMonths: number;
}

/** What of a case's state an assessment needs; the case decider's state has it. */
export interface RiskDecisionState {
  status: 'open' | 'closed';
  riskAssessmentIds?: readonly string[];
  child?: { dateOfBirth?: string; approximateAge?: number; ageGivenAt: string };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Decides `AssessRisk` on an existing case: the assessment, and a disclosure to notify when there is one. */
export function decideAssessRisk(caseId: string, data: AssessRiskData, state: RiskDecisionState, now: string): RiskEvent[] {
  if (state.status === 'closed') throw new DomainError(`Case ${caseId} is closed: reopen it to assess risk`, 'case-closed', 409);
  if (state.riskAssessmentIds?.includes(data.assessmentId)) {
    throw new DomainError(`Risk assessment ${data.assessmentId} has already been recorded`, 'risk-assessment-already-recorded', 409);
  }
  if (data.assessedAt > now) throw new DomainError('A risk assessment cannot be dated in the future', 'assessment-dated-in-future');

  const unknown = [...data.vulnerabilities.filter((c) => !isVulnerabilityCode(c)), ...data.signs.map((s) => s.code).filter((c) => !isSignCode(c))];
  if (unknown.length > 0) throw new DomainError(`Unknown indicator codes: ${unknown.join(', ')}`, 'unknown-indicator');
  const seen = new Set<string>();
  for (const sign of data.signs) {
    if (seen.has(sign.code)) throw new DomainError(`Sign ${sign.code} is listed twice: rate each sign once`, 'sign-listed-twice');
    seen.add(sign.code);
    if (!SIGN_SEVERITIES.includes(sign.severity)) throw new DomainError(`Sign ${sign.code}: severity must be moderate or significant`, 'sign-severity-unknown');
    if (!DATE.test(sign.lastObserved)) throw new DomainError(`Sign ${sign.code}: lastObserved must be a date as YYYY-MM-DD`, 'sign-date-invalid');
    if (sign.lastObserved > data.assessedAt.slice(0, 10)) {
      throw new DomainError(`Sign ${sign.code} is dated after the assessment`, 'sign-observed-after-assessment');
    }
  }
  const details = data.disclosureDetails?.trim();
  if (data.disclosure && !details) {
    throw new DomainError('A disclosure of exploitation records what was disclosed (disclosureDetails)', 'disclosure-details-missing');
  }
  if (!data.disclosure && details) {
    throw new DomainError('disclosureDetails are recorded only with a disclosure (disclosure: true)', 'disclosure-details-without-disclosure');
  }

  const vulnerabilities = [...new Set(data.vulnerabilities)] as VulnerabilityCode[];
  const signs = data.signs.map(({ code, severity, lastObserved }) => ({ code, severity, lastObserved }));
  const result = assessRisk(
    data.scheme,
    {
      assessedAt: data.assessedAt,
      vulnerabilities,
      signs,
      disclosure: data.disclosure,
      childAge: state.child ? childAgeAt(state.child, data.assessedAt) : undefined,
    },
    data.reassessMonths,
  );

  const assessed: RiskEvent = {
    type: 'RiskAssessed',
    data: {
      caseId,
      assessmentId: data.assessmentId,
      assessedAt: data.assessedAt,
      assessor: data.assessor,
      scheme: { name: data.scheme.name, version: data.scheme.version },
      vulnerabilities,
      signs,
      disclosure: data.disclosure,
      ...(data.disclosure ? { disclosureDetails: details } : {}),
      score: result.score,
      band: result.band,
      reasons: result.reasons,
      breakdown: result.breakdown,
      nextReviewDue: result.nextReviewDue,
      summary: data.summary,
    },
  };
  if (result.notify.length === 0) return [assessed];
  // DOMAIN.md, Risk assessment: a disclosure "notifies police and children's social care".
  return [assessed, { type: 'DisclosureRecorded', data: { caseId, assessmentId: data.assessmentId, notify: result.notify, urgent: true, recordedAt: now } }];
}
