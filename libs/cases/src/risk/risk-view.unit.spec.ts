import { aReferralReceived } from '../case/case.builders';
import type { CaseEvent } from '../case/case.events';
import { CaseView, CaseViewSource, evolveCaseView } from '../case-view/case-view';
import { aRiskAssessed } from './risk.builders';
import { isRiskReviewOverdue } from './risk-view';

const source = (revision: number, recordedAt: string): CaseViewSource => ({
  id: `e-${revision}`,
  streamId: `case-${aReferralReceived().data.caseId}`,
  revision,
  recordedAt,
  metadata: { actor: { userId: 'sw-1', agencyId: 'bf-csc' } },
});
const build = (events: CaseEvent[]) =>
  events.reduce<CaseView | undefined>((view, event, i) => evolveCaseView(view, event, source(i, `2026-11-28T1${i}:00:00.000Z`)), undefined)!;

describe('the case view of risk', () => {
  it('shows the latest assessment, its history, and a chronology line with band, score and scheme', () => {
    const view = build([
      aReferralReceived(),
      aRiskAssessed({ assessmentId: 'a-1', assessedAt: '2026-08-01T09:00:00.000Z', band: 'moderate', score: 12, nextReviewDue: '2026-11-01' }),
      aRiskAssessed(),
    ]);
    expect(view.risk).toMatchObject({ assessmentId: aRiskAssessed().data.assessmentId, band: 'mild', score: 8, nextReviewDue: '2027-02-28', disclosure: false });
    expect(view.risk!.history.map((h) => [h.assessmentId, h.band, h.assessorAgencyId])).toEqual([
      ['a-1', 'moderate', 'bf-csc'],
      [aRiskAssessed().data.assessmentId, 'mild', 'bf-csc'],
    ]);
    expect(view.chronology[2].summary).toBe(
      "Risk assessed by Children's Social Care: Mild (score 8; SERAF-style default (Safeguard built-in), configurable v1); next review due 2027-02-28",
    );
  });

  it('keeps the latest assessment current when an older one is entered late', () => {
    const view = build([aReferralReceived(), aRiskAssessed(), aRiskAssessed({ assessmentId: 'late', assessedAt: '2026-06-01T09:00:00.000Z', band: 'significant', score: 20 })]);
    expect(view.risk).toMatchObject({ band: 'mild', score: 8 });
    expect(view.risk!.history.map((h) => h.assessmentId)).toEqual(['late', aRiskAssessed().data.assessmentId]);
  });

  it('shows a disclosure and its notification in the chronology without the details', () => {
    const details = 'Told the school nurse an older man gives her alcohol.';
    const view = build([
      aReferralReceived(),
      aRiskAssessed({ disclosure: true, disclosureDetails: details, band: 'significant' }),
      { type: 'DisclosureRecorded', data: { caseId: aReferralReceived().data.caseId, assessmentId: aRiskAssessed().data.assessmentId, notify: ['police', 'children-social-care'], urgent: true, recordedAt: '2026-11-28T10:00:00.000Z' } },
    ]);
    expect(view.risk).toMatchObject({ band: 'significant', disclosure: true });
    expect(view.chronology[2].summary).toBe("Disclosure of exploitation recorded: police and children's social care to be notified urgently");
    expect(JSON.stringify(view)).not.toContain(details);
  });

  it('says a reassessment is overdue the day after it was due, while the case is open', () => {
    const view = build([aReferralReceived(), aRiskAssessed()]);
    expect(isRiskReviewOverdue(view, '2027-02-28T23:59:59.000Z')).toBe(false);
    expect(isRiskReviewOverdue(view, '2027-03-01T00:00:00.000Z')).toBe(true);
    expect(isRiskReviewOverdue({ ...view, status: 'closed' }, '2027-03-01T00:00:00.000Z')).toBe(false);
    expect(isRiskReviewOverdue(build([aReferralReceived()]), '2027-03-01T00:00:00.000Z')).toBe(false);
  });
});
