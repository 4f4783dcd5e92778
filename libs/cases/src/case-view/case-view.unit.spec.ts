import { aReferralReceived } from '../case/case.builders';
import { aRiskAssessed } from '../risk/risk.builders';
import { CaseView, CaseViewEvent, CaseViewSource, caseViewTargets, evolveCaseView, evolveCaseViewInPlace } from './case-view';

const caseId = aReferralReceived().data.caseId;
const otherCaseId = '9c0e4a51-7d1b-4f3e-8a2c-1e6b5d4f3a22';
const police = { id: 'bf-police', kind: 'police', name: 'Police' } as const;

/** A case's history that touches every part of the view, in the order it was recorded. */
const history: CaseViewEvent[] = [
  aReferralReceived({ child: { ...aReferralReceived().data.child, lookedAfter: true } }),
  { type: 'CaseFlagSet', data: { caseId, flag: 'child-witness', note: 'Witnessed an assault' } },
  // Police report a sign the school nurse reported too, and a new one; the child is now also a care leaver.
  aReferralReceived({
    referralId: '0b7c6f0e-2f51-4f0b-9a53-3f1f0c1b6a02',
    opensCase: false,
    referringAgency: police,
    signs: ['S-MISSING', 'S-SCHOOL-ABSENCE'],
    vulnerabilities: ['V-LOW-SELF-ESTEEM'],
    child: { ...aReferralReceived().data.child, lookedAfter: true, careLeaver: true },
    immediateDanger: true,
  }),
  { type: 'CaseFlagSet', data: { caseId, flag: 'child-witness', note: 'Statement taken' } },
  { type: 'CaseFlagCleared', data: { caseId, flag: 'looked-after', reason: 'Returned home' } },
  { type: 'CasesLinked', data: { caseId, linkedCaseId: otherCaseId, kind: 'sibling' } },
  { type: 'LeadProfessionalNamed', data: { caseId, agencyId: 'bf-csc', agencyName: "Children's Social Care", name: 'Alex Worker', role: 'Social worker' } },
  { type: 'LeadProfessionalNamed', data: { caseId, agencyId: 'bf-csc', agencyName: "Children's Social Care", name: 'Jo Worker', role: 'Social worker' } },
  aRiskAssessed(),
  { type: 'DiscussedAtSemrac', data: { caseId, meetingId: 'm-1', agreedRiskLevel: 'moderate', decisions: ['Safety plan'], actionIds: ['a-1'], discussedAt: '2026-11-29T10:00:00.000Z' } },
  { type: 'SupportPlanRecorded', data: { caseId, planRevision: 1, objectives: ['Attend school'], interventions: [], reviewDate: '2027-01-10' } },
  { type: 'SafetyPlanRecorded', data: { caseId, investigationRef: 'OP-1', measures: ['Daily check-in'], contacts: [], reviewDate: '2027-01-03' } },
  { type: 'CaseClosed', data: { caseId, reason: 'Risk reduced', closedAt: '2026-12-01T10:00:00.000Z' } },
  { type: 'CaseReopened', data: { caseId, reason: 'New concern', reopenedAt: '2026-12-02T10:00:00.000Z' } },
];

const source = (revision: number): CaseViewSource => ({
  id: `e-${revision}`,
  streamId: `case-${caseId}`,
  revision,
  recordedAt: `2026-11-28T${String(10 + revision).padStart(2, '0')}:00:00.000Z`,
  metadata: { actor: { userId: 'sw-1', agencyId: 'bf-csc' } },
});

describe('the case view fold', () => {
  it('shows every part of a case history', () => {
    const view = history.reduce<CaseView | undefined>((v, event, i) => evolveCaseViewInPlace(v, event, source(i)), undefined)!;

    expect(view).toMatchObject({ caseId, status: 'open', revision: history.length - 1, immediateDangerReported: true });
    expect(view.flags).toEqual([
      { code: 'child-witness', label: 'Child witness', since: source(1).recordedAt, note: 'Statement taken' },
      { code: 'care-leaver', label: 'Care leaver', since: source(2).recordedAt },
    ]);
    expect(view.agencies.map((a) => a.id)).toEqual(['bf-school-nurse', 'bf-police']);
    expect(view.signs.map((s) => [s.code, s.reportedBy])).toEqual([
      ['S-MISSING', ['bf-school-nurse', 'bf-police']],
      ['S-UNEXPLAINED-GIFTS', ['bf-school-nurse']],
      ['S-SCHOOL-ABSENCE', ['bf-police']],
    ]);
    expect(view.signs[2]).toMatchObject({ label: 'Absence from school', firstReportedAt: source(2).recordedAt });
    expect(view.vulnerabilities.map((s) => [s.code, s.reportedBy])).toEqual([['V-LOW-SELF-ESTEEM', ['bf-school-nurse', 'bf-police']]]);
    expect(view.referrals.map((r) => [r.agency.id, r.immediateDanger])).toEqual([
      ['bf-school-nurse', false],
      ['bf-police', true],
    ]);
    expect(view.links).toEqual([{ caseId: otherCaseId, kind: 'sibling', label: 'Siblings', note: undefined, linkedAt: source(5).recordedAt }]);
    expect(view.leadProfessionals.map((l) => l.name)).toEqual(['Jo Worker']);
    expect(view.risk?.band).toBe(aRiskAssessed().data.band);
    expect(view.semracDiscussions.map((d) => d.agreedRiskLevel)).toEqual(['moderate']);
    expect(view.supportPlans.map((p) => p.planRevision)).toEqual([1]);
    expect(view.safetyPlans.map((p) => p.investigationRef)).toEqual(['OP-1']);
    expect(view.closures).toEqual([
      { closedAt: '2026-12-01T10:00:00.000Z', reason: 'Risk reduced', reopenedAt: '2026-12-02T10:00:00.000Z', reopenReason: 'New concern' },
    ]);
    expect(view.chronology).toHaveLength(history.length);
  });

  it('leaves every earlier view as it was when folded without owning them, and ends where the fold in place ends', () => {
    const views: { view: CaseView; asItWas: string }[] = [];
    let view: CaseView | undefined;
    history.forEach((event, i) => {
      view = evolveCaseView(view, event, source(i))!;
      views.push({ view, asItWas: JSON.stringify(view) });
    });
    // Each view is still what it was when made, after every later event.
    for (const { view: earlier, asItWas } of views) expect(JSON.stringify(earlier)).toBe(asItWas);
    const inPlace = history.reduce<CaseView | undefined>((v, event, i) => evolveCaseViewInPlace(v, event, source(i)), undefined);
    expect(inPlace).toEqual(view);
  });

  it('changes no part of the events it folds, nor of a link mirrored on the other case (other projections fold the same events)', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === 'object') {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
      }
      return value;
    };
    // Each event frozen whole, as stored: any change the fold made to one would throw.
    const events = deepFreeze(structuredClone(history));
    const views = new Map<string, CaseView | undefined>();
    // The other child's case opens first, so the link shows on both (the mirror carries this case's id).
    const other = deepFreeze(aReferralReceived({ caseId: otherCaseId, referralId: '0b7c6f0e-2f51-4f0b-9a53-3f1f0c1b6a09' }));
    for (const [i, event] of [other, ...events].entries()) {
      for (const target of caseViewTargets(event)) {
        views.set(target.caseId, evolveCaseViewInPlace(views.get(target.caseId), deepFreeze(target.event), { ...source(i), streamId: `case-${event.data.caseId}` }));
      }
    }
    expect(JSON.stringify(events)).toBe(JSON.stringify(history));
    expect(views.get(caseId)!.links).toEqual([expect.objectContaining({ caseId: otherCaseId, kind: 'sibling' })]);
    expect(views.get(otherCaseId)!.links).toEqual([expect.objectContaining({ caseId, kind: 'sibling' })]);
    expect(views.get(otherCaseId)!.referrals).toHaveLength(1);
  });
});
