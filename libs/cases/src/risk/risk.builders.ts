import { NOW, aReferral } from '../case/case.builders';
import type { CaseCommandEnvelope } from '../case/case.decider';
import type { AssessRiskData } from './risk-assessment.decider';
import type { RiskAssessed } from './risk.events';
import { DEFAULT_RISK_SCHEME } from './risk-scheme';

/**
 * A plausible assessment on the builders' case (child born 2011-04-02: 15 at NOW). Under the
 * default scheme it scores 8, mild: two vulnerabilities, a significant sign this month (5), a
 * moderate one last month (1). Names are fictional.
 */
export function anAssessment(overrides: Partial<AssessRiskData> = {}): AssessRiskData {
  return {
    assessmentId: '9d2f7a10-4c3b-4e8a-b1d2-7e6f5a4b3c21',
    assessedAt: NOW,
    assessor: { name: 'Alex Assessor', role: 'Social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
    vulnerabilities: ['V-LOW-SELF-ESTEEM', 'V-HOMELESS'],
    signs: [
      { code: 'S-MISSING', severity: 'significant', lastObserved: '2026-11-01' },
      { code: 'S-UNEXPLAINED-GIFTS', severity: 'moderate', lastObserved: '2026-10-15' },
    ],
    disclosure: false,
    summary: 'Missing overnight twice this month; new phone; engages with school nurse.',
    scheme: DEFAULT_RISK_SCHEME,
    reassessMonths: 3,
    ...overrides,
  };
}

export function assessRisk(overrides: Partial<AssessRiskData> = {}, now = NOW): CaseCommandEnvelope {
  return { type: 'AssessRisk', data: anAssessment(overrides), caseId: aReferral().caseId, now };
}

/** The event `anAssessment()` gives under the default scheme; override what a test changes. */
export function aRiskAssessed(overrides: Partial<RiskAssessed['data']> = {}): RiskAssessed {
  const a = anAssessment();
  return {
    type: 'RiskAssessed',
    data: {
      caseId: aReferral().caseId,
      assessmentId: a.assessmentId,
      assessedAt: a.assessedAt,
      assessor: a.assessor,
      scheme: { name: DEFAULT_RISK_SCHEME.name, version: DEFAULT_RISK_SCHEME.version },
      vulnerabilities: ['V-LOW-SELF-ESTEEM', 'V-HOMELESS'],
      signs: a.signs,
      disclosure: false,
      score: 8,
      band: 'mild',
      reasons: [{ rule: 'score', band: 'mild', effect: 'sets', explanation: 'Score 8 is in the band 6-10: Mild' }],
      breakdown: {
        vulnerabilities: [
          { code: 'V-LOW-SELF-ESTEEM', points: 1 },
          { code: 'V-HOMELESS', points: 1 },
        ],
        signs: [
          { code: 'S-MISSING', severity: 'significant', lastObserved: '2026-11-01', recency: 'recent', points: 5 },
          { code: 'S-UNEXPLAINED-GIFTS', severity: 'moderate', lastObserved: '2026-10-15', recency: 'recent', points: 1 },
        ],
        total: 8,
      },
      nextReviewDue: '2027-02-28',
      summary: a.summary,
      ...overrides,
    },
  };
}
