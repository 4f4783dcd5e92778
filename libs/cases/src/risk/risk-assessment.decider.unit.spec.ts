import { deciderSpec } from '@app/common-testing';
import { NOW, aReferral, aReferralReceived } from '../case/case.builders';
import { caseDecider } from '../case/case.decider';
import { aRiskAssessed, anAssessment, assessRisk } from './risk.builders';
import type { RiskAssessed } from './risk.events';
import { DEFAULT_RISK_SCHEME, RiskScheme } from './risk-scheme';

const spec = deciderSpec(caseDecider);
const caseId = aReferral().caseId;
const closed = { type: 'CaseClosed', data: { caseId, reason: 'Risk reduced; plan complete', closedAt: NOW } } as const;
const young = (dateOfBirth: string) => aReferralReceived({ child: { ...aReferral().child, dateOfBirth } });

describe('case decider: AssessRisk', () => {
  it('records the assessment with its score, band, reasons, breakdown and next review date', () => {
    spec.given([aReferralReceived()]).when(assessRisk()).then([aRiskAssessed()]);
  });

  it('records a disclosure at the highest band and asks police and children\'s social care to be notified, urgently, by ids only', () => {
    const details = 'Told the school nurse an older man gives her alcohol.';
    spec
      .given([aReferralReceived()])
      .when(assessRisk({ disclosure: true, disclosureDetails: details }))
      .then([
        aRiskAssessed({
          disclosure: true,
          disclosureDetails: details,
          band: 'significant',
          reasons: [
            { rule: 'score', band: 'mild', effect: 'sets', explanation: 'Score 8 is in the band 6-10: Mild' },
            {
              rule: 'disclosure',
              band: 'significant',
              effect: 'raised',
              explanation: "A disclosure of exploitation sets the highest band (Significant); police and children's social care must be notified",
            },
          ],
        }),
        {
          type: 'DisclosureRecorded',
          data: { caseId, assessmentId: anAssessment().assessmentId, notify: ['police', 'children-social-care'], urgent: true, recordedAt: NOW },
        },
      ]);
  });

  it('needs what was disclosed with a disclosure, and takes no disclosure details without one', () => {
    spec.given([aReferralReceived()]).when(assessRisk({ disclosure: true })).thenRefuses('disclosure-details-missing');
    spec.given([aReferralReceived()]).when(assessRisk({ disclosure: true, disclosureDetails: '  ' })).thenRefuses('disclosure-details-missing');
    spec.given([aReferralReceived()]).when(assessRisk({ disclosureDetails: 'something' })).thenRefuses('disclosure-details-without-disclosure');
  });

  it("raises a child of 13 to moderate using the date of birth on the case, not a child of 14", () => {
    const raised: Partial<RiskAssessed['data']> = {
      band: 'moderate',
      reasons: [
        { rule: 'score', band: 'mild', effect: 'sets', explanation: 'Score 8 is in the band 6-10: Mild' },
        {
          rule: 'young-child-significant-sign',
          band: 'moderate',
          effect: 'raised',
          explanation: 'A child aged 13 or under with a significant sign within 6 months is at least Moderate',
        },
      ],
    };
    // 14th birthday the day after the assessment: 13 on the day.
    spec.given([young('2012-11-29')]).when(assessRisk()).then([aRiskAssessed(raised)]);
    spec.given([young('2012-11-28')]).when(assessRisk()).then([aRiskAssessed()]);
  });

  it('ages an approximate age from when the referral gave it', () => {
    const approximately = (approximateAge: number, referredAt: string) =>
      aReferralReceived({ child: { ...aReferral().child, dateOfBirth: undefined, approximateAge }, referredAt });
    spec.given([approximately(13, '2026-11-20T09:30:00.000Z')]).when(assessRisk()).then([aRiskAssessed({ band: 'moderate', reasons: expect.any(Array) })]);
    spec.given([approximately(13, '2025-10-01T09:30:00.000Z')]).when(assessRisk()).then([aRiskAssessed()]);
    spec.given([approximately(14, '2026-11-20T09:30:00.000Z')]).when(assessRisk()).then([aRiskAssessed()]);
  });

  it('scores with the scheme passed in and records which scheme it was', () => {
    const board: RiskScheme = { ...DEFAULT_RISK_SCHEME, name: 'Example board scheme', version: '7', weights: { ...DEFAULT_RISK_SCHEME.weights, vulnerability: 3 } };
    spec
      .given([aReferralReceived()])
      .when(assessRisk({ scheme: board }))
      .then([
        aRiskAssessed({
          scheme: { name: 'Example board scheme', version: '7' },
          score: 12,
          band: 'moderate',
          reasons: [{ rule: 'score', band: 'moderate', effect: 'sets', explanation: 'Score 12 is in the band 11-15: Moderate' }],
          breakdown: { ...aRiskAssessed().data.breakdown, vulnerabilities: [{ code: 'V-LOW-SELF-ESTEEM', points: 3 }, { code: 'V-HOMELESS', points: 3 }], total: 12 },
        }),
      ]);
  });

  it('records each vulnerability once', () => {
    spec.given([aReferralReceived()]).when(assessRisk({ vulnerabilities: ['V-LOW-SELF-ESTEEM', 'V-HOMELESS', 'V-HOMELESS'] })).then([aRiskAssessed()]);
  });

  it('refuses an assessment on a closed case', () => {
    spec.given([aReferralReceived(), closed]).when(assessRisk()).thenRefuses('case-closed');
  });

  it('refuses an assessment on a case that does not exist', () => {
    spec.given([]).when(assessRisk()).thenRefuses('case-not-found');
  });

  it('refuses to record the same assessment twice', () => {
    spec.given([aReferralReceived(), aRiskAssessed()]).when(assessRisk()).thenRefuses('risk-assessment-already-recorded');
    spec.given([aReferralReceived(), aRiskAssessed()]).when(assessRisk({ assessmentId: 'another-assessment' })).then([aRiskAssessed({ assessmentId: 'another-assessment' })]);
  });

  it('refuses unknown indicator codes', () => {
    spec.given([aReferralReceived()]).when(assessRisk({ vulnerabilities: ['V-NOT-A-CODE'] })).thenRefuses('unknown-indicator');
    spec.given([aReferralReceived()]).when(assessRisk({ signs: [{ code: 'S-NOT-A-CODE', severity: 'moderate', lastObserved: '2026-11-01' }] })).thenRefuses('unknown-indicator');
  });

  it('refuses a sign rated twice, an unknown severity, or a sign seen after the assessment', () => {
    const missing = { code: 'S-MISSING', severity: 'moderate', lastObserved: '2026-11-01' } as const;
    spec.given([aReferralReceived()]).when(assessRisk({ signs: [missing, { ...missing, severity: 'significant' }] })).thenRefuses('sign-listed-twice');
    spec.given([aReferralReceived()]).when(assessRisk({ signs: [{ ...missing, severity: 'high' as never }] })).thenRefuses('sign-severity-unknown');
    spec.given([aReferralReceived()]).when(assessRisk({ signs: [{ ...missing, lastObserved: '2026-11-29' }] })).thenRefuses('sign-observed-after-assessment');
  });

  it('refuses an assessment dated in the future', () => {
    spec.given([aReferralReceived()]).when(assessRisk({ assessedAt: '2026-11-28T10:00:00.001Z' })).thenRefuses('assessment-dated-in-future');
  });
});
