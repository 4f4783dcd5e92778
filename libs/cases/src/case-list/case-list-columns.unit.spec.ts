import type { CaseView } from '../case-view/case-view';
import { caseAgencyIds, currentRiskBand, delimited, undelimited } from './case-list-columns';

const view = (overrides: Partial<CaseView>): CaseView =>
  ({ agencies: [], leadProfessionals: [], supportPlans: [], safetyPlans: [], semracDiscussions: [], ...overrides }) as unknown as CaseView;
const discussion = (agreedRiskLevel: 'mild' | 'moderate' | 'significant', discussedAt: string) => ({ meetingId: 'm', agreedRiskLevel, decisions: [], actionIds: [], discussedAt });
const risk = (band: 'none' | 'mild' | 'moderate' | 'significant', assessedAt: string) => ({ band, assessedAt, history: [{ assessorAgencyId: 'bf-health' }] }) as unknown as CaseView['risk'];

describe('case list columns', () => {
  it('takes the risk band from whichever came last: the assessment or the level SEMRAC agreed', () => {
    expect(currentRiskBand(view({}))).toBeNull();
    expect(currentRiskBand(view({ risk: risk('mild', '2026-11-01T00:00:00.000Z') }))).toBe('mild');
    expect(currentRiskBand(view({ semracDiscussions: [discussion('moderate', '2026-11-20T10:00:00.000Z')] }))).toBe('moderate');
    expect(currentRiskBand(view({ risk: risk('mild', '2026-11-01T00:00:00.000Z'), semracDiscussions: [discussion('significant', '2026-11-20T10:00:00.000Z')] }))).toBe('significant');
    expect(currentRiskBand(view({ risk: risk('none', '2026-11-25T00:00:00.000Z'), semracDiscussions: [discussion('significant', '2026-11-20T10:00:00.000Z')] }))).toBe('none');
  });

  it('names every agency involved once: referrers, leads, assessors, current support plan and safety plans', () => {
    const ids = caseAgencyIds(
      view({
        agencies: [{ id: 'bf-school', kind: 'education', name: 'School' }],
        leadProfessionals: [{ agencyId: 'tvp', agencyName: 'Police', name: 'DC', role: 'Lead', namedAt: '' }],
        risk: risk('mild', '2026-11-01T00:00:00.000Z'),
        supportPlans: [
          { planRevision: 1, objectives: [], interventions: [{ agencyId: 'old-agency', description: '', frequency: '' }], reviewDate: '', recordedAt: '' },
          { planRevision: 2, objectives: [], interventions: [{ agencyId: 'bf-yos', description: '', frequency: '' }, { agencyId: 'tvp', description: '', frequency: '' }], reviewDate: '', recordedAt: '' },
        ],
        safetyPlans: [{ investigationRef: 'X', measures: [], contacts: [{ role: 'OIC', agencyId: 'tvp' }], reviewDate: '', recordedAt: '' }],
      }),
    );
    expect(ids).toEqual(['bf-health', 'bf-school', 'bf-yos', 'tvp']);
  });

  it('names every agency that recorded something on the case (their need to know: libs/access)', () => {
    const entry = (agencyId: string) => ({ at: '', eventId: agencyId, type: 'MissingEpisodeReported', summary: '', by: { userId: 'u', agencyId } });
    const ids = caseAgencyIds(view({ agencies: [{ id: 'bf-school', kind: 'education', name: 'School' }], chronology: [entry('bf-school'), entry('tvp'), entry('tvp')] }));
    expect(ids).toEqual(['bf-school', 'tvp']);
  });

  it('stores lists so that one value is found by a substring test', () => {
    expect(delimited(['a', 'b'])).toBe(',a,b,');
    expect(delimited([])).toBe('');
    expect(undelimited(',a,b,')).toEqual(['a', 'b']);
    expect(undelimited('')).toEqual([]);
  });
});
