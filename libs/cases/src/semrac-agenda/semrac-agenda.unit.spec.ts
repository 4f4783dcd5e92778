import { AgendaAction, AgendaCaseSource, buildSemracAgenda } from './semrac-agenda';

const meeting = { meetingId: 'm-jan', scheduledFor: '2027-01-14T10:00:00.000Z' };
const earlier = { meetingId: 'm-dec', discussedAt: '2026-12-03T10:30:00.000Z' };

const aCase = (caseId: string, overrides: Partial<AgendaCaseSource> = {}): AgendaCaseSource => ({
  caseId,
  status: 'open',
  child: {},
  links: [],
  ...overrides,
});

const anAction = (overrides: Partial<AgendaAction> = {}): AgendaAction => ({
  actionId: 'a-1',
  meetingId: 'm-dec',
  caseId: 'c-1',
  description: 'Return home interview',
  ownerAgencyId: 'bf-csc',
  ownerAgencyName: "Children's Social Care",
  ownerPerson: 'Alex Worker',
  dueDate: '2026-12-10',
  status: 'open',
  ...overrides,
});

const agenda = (cases: AgendaCaseSource[], actions: AgendaAction[] = []) => buildSemracAgenda({ meeting, cases, actions });

describe('SEMRAC agenda', () => {
  describe('new listings', () => {
    it('lists children listed for SEMRAC with the rules that fired, earliest first', () => {
      const listed = (caseId: string, listedAt: string) =>
        aCase(caseId, { semrac: { listed: true, listings: [{ rule: 'missing-concerning', detail: { summary: 'Episode marked concerning' }, listedAt }] } });
      expect(agenda([listed('c-2', '2027-01-05T08:00:00.000Z'), listed('c-1', '2026-12-20T08:00:00.000Z')]).newListings).toEqual([
        { caseId: 'c-1', listings: [{ rule: 'missing-concerning', summary: 'Episode marked concerning', listedAt: '2026-12-20T08:00:00.000Z' }] },
        { caseId: 'c-2', listings: [{ rule: 'missing-concerning', summary: 'Episode marked concerning', listedAt: '2027-01-05T08:00:00.000Z' }] },
      ]);
    });

    it('shows only the listings since the child was last discussed, and leaves out closed cases and cleared listings', () => {
      const c1 = aCase('c-1', {
        semracDiscussions: [earlier],
        semrac: {
          listed: true,
          listings: [
            { rule: 'risk-band', listedAt: '2026-11-30T08:00:00.000Z' },
            { rule: 'missing-repeatedly', listedAt: '2027-01-02T08:00:00.000Z' },
          ],
        },
      });
      const cleared = aCase('c-2', { semrac: { listed: false, listings: [{ rule: 'risk-band', listedAt: '2026-11-30T08:00:00.000Z' }] } });
      const closed = aCase('c-3', { status: 'closed', semrac: { listed: true, listings: [{ rule: 'risk-band', listedAt: '2026-11-30T08:00:00.000Z' }] } });
      expect(agenda([c1, cleared, closed]).newListings).toEqual([{ caseId: 'c-1', listings: [{ rule: 'missing-repeatedly', listedAt: '2027-01-02T08:00:00.000Z' }] }]);
    });

    it('works for cases whose view has no listing section yet', () => {
      expect(agenda([aCase('c-1')]).newListings).toEqual([]);
    });
  });

  describe('cases due for review', () => {
    it('lists a child discussed before with an action still open', () => {
      const result = agenda([aCase('c-1', { semracDiscussions: [earlier] })], [anAction({ dueDate: '2027-02-01', status: 'in-progress' })]);
      expect(result.dueForReview).toEqual([
        { caseId: 'c-1', lastDiscussedAt: earlier.discussedAt, lastMeetingId: 'm-dec', reasons: ['open-actions'], openActionIds: ['a-1'] },
      ]);
    });

    it('lists a child whose current support plan review falls on or before the meeting day, not after', () => {
      const plans = (reviewDate: string) => [
        { planRevision: 1, reviewDate: '2026-12-20' },
        { planRevision: 2, reviewDate },
      ];
      expect(agenda([aCase('c-1', { semracDiscussions: [earlier], supportPlans: plans('2027-01-14') })]).dueForReview).toEqual([
        expect.objectContaining({ caseId: 'c-1', reasons: ['support-plan-review'], reviewDue: '2027-01-14' }),
      ]);
      // The revised plan moved the review past the meeting: the first revision's date no longer counts.
      expect(agenda([aCase('c-1', { semracDiscussions: [earlier], supportPlans: plans('2027-01-15') })]).dueForReview).toEqual([]);
    });

    it('lists a child whose safety plan review is due, per investigation', () => {
      const c1 = aCase('c-1', {
        semracDiscussions: [earlier],
        safetyPlans: [
          { investigationRef: 'TVP-1', reviewDate: '2027-01-01' },
          { investigationRef: 'TVP-1', reviewDate: '2027-03-01' },
          { investigationRef: 'TVP-2', reviewDate: '2027-01-10' },
        ],
      });
      expect(agenda([c1]).dueForReview).toEqual([expect.objectContaining({ reasons: ['safety-plan-review'], reviewDue: '2027-01-10' })]);
    });

    it('leaves out children never discussed, discussed only at this meeting, with nothing outstanding, or newly listed', () => {
      const actions = [anAction({ caseId: 'c-1' }), anAction({ actionId: 'a-2', caseId: 'c-2' }), anAction({ actionId: 'a-4', caseId: 'c-4' })];
      const result = agenda(
        [
          aCase('c-1'),
          aCase('c-2', { semracDiscussions: [{ meetingId: 'm-jan', discussedAt: '2027-01-14T10:30:00.000Z' }] }),
          aCase('c-3', { semracDiscussions: [earlier] }),
          aCase('c-4', { semracDiscussions: [earlier], semrac: { listed: true, listings: [{ rule: 'risk-band', listedAt: '2027-01-02T00:00:00.000Z' }] } }),
        ],
        actions,
      );
      expect(result.dueForReview).toEqual([]);
      expect(result.newListings.map((c) => c.caseId)).toEqual(['c-4']);
    });

    it('does not count done or cancelled actions as open', () => {
      const result = agenda([aCase('c-1', { semracDiscussions: [earlier] })], [anAction({ status: 'done' }), anAction({ actionId: 'a-2', status: 'cancelled' })]);
      expect(result.dueForReview).toEqual([]);
    });
  });

  describe('overdue actions', () => {
    it('lists actions neither done nor cancelled that were due before the meeting day, with how late they are', () => {
      const actions = [
        anAction({ actionId: 'late', dueDate: '2027-01-13' }),
        anAction({ actionId: 'due-that-day', dueDate: '2027-01-14' }),
        anAction({ actionId: 'very-late', dueDate: '2026-12-10', status: 'in-progress' }),
        anAction({ actionId: 'done', dueDate: '2026-12-10', status: 'done' }),
        anAction({ actionId: 'cancelled', dueDate: '2026-12-10', status: 'cancelled' }),
      ];
      expect(agenda([], actions).overdueActions.map((a) => [a.actionId, a.daysOverdue])).toEqual([
        ['very-late', 35],
        ['late', 1],
      ]);
    });

    it('leaves out the actions agreed at this meeting', () => {
      expect(agenda([], [anAction({ meetingId: 'm-jan', dueDate: '2027-01-01' })]).overdueActions).toEqual([]);
    });
  });

  describe('overdue assessments and interviews', () => {
    it('lists open cases whose reassessment was due before the meeting day', () => {
      const result = agenda([
        aCase('c-1', { risk: { band: 'moderate', nextReviewDue: '2027-01-13' } }),
        aCase('c-2', { risk: { band: 'mild', nextReviewDue: '2027-01-14' } }),
        aCase('c-3', { status: 'closed', risk: { band: 'mild', nextReviewDue: '2026-01-01' } }),
        aCase('c-4'),
      ]);
      expect(result.overdueAssessments).toEqual([{ caseId: 'c-1', nextReviewDue: '2027-01-13', band: 'moderate' }]);
    });

    it('lists return home interviews due before the meeting', () => {
      const result = agenda([
        aCase('c-1', {
          missing: {
            interviewsDue: [
              { episodeId: 'e-1', dueAt: '2027-01-14T09:59:59.999Z' },
              { episodeId: 'e-2', dueAt: '2027-01-14T10:00:00.000Z' },
            ],
          },
        }),
      ]);
      expect(result.overdueInterviews).toEqual([{ caseId: 'c-1', episodeId: 'e-1', dueAt: '2027-01-14T09:59:59.999Z' }]);
    });
  });

  describe('themes', () => {
    it('labels a theme with the commonest spelling, whatever order the cases come in', () => {
      const cases = [
        aCase('c-1', { child: { school: 'example academy' } }),
        aCase('c-2', { child: { school: 'Example Academy' } }),
        aCase('c-3', { child: { school: 'example academy' } }),
      ];
      expect(agenda(cases).themes[0].label).toBe('example academy');
      expect(agenda(cases.slice(0, 2)).themes[0].label).toBe('Example Academy');
      expect(agenda(cases.slice(0, 2).reverse()).themes[0].label).toBe('Example Academy');
    });

    it('groups two or more open cases sharing a school, however its name is typed', () => {
      const result = agenda([
        aCase('c-2', { child: { school: 'Example  Secondary School' } }),
        aCase('c-1', { child: { school: 'example secondary  school ' } }),
        aCase('c-3', { child: { school: 'Other Academy' } }),
        aCase('c-4', { status: 'closed', child: { school: 'Other Academy' } }),
      ]);
      expect(result.themes).toEqual([{ kind: 'school', label: 'Example Secondary School', caseIds: ['c-1', 'c-2'] }]);
    });

    it('groups cases sharing an area', () => {
      const result = agenda([aCase('c-1', { child: { area: 'Great Hollands' } }), aCase('c-2', { child: { area: 'Great Hollands' } })]);
      expect(result.themes).toEqual([{ kind: 'area', label: 'Great Hollands', caseIds: ['c-1', 'c-2'] }]);
    });

    it('groups children linked by the same person of interest, directly or through one another', () => {
      const poi = (caseId: string) => ({ caseId, kind: 'same-person-of-interest' });
      const result = agenda([
        aCase('c-1', { links: [poi('c-2')] }),
        aCase('c-2', { links: [poi('c-1'), poi('c-3')] }),
        aCase('c-3', { links: [poi('c-2')] }),
        aCase('c-4', { links: [{ caseId: 'c-5', kind: 'friend' }] }),
        aCase('c-5', { links: [{ caseId: 'c-4', kind: 'friend' }] }),
      ]);
      expect(result.themes).toEqual([{ kind: 'person-of-interest', label: 'Linked by the same person of interest', caseIds: ['c-1', 'c-2', 'c-3'] }]);
    });

    it('groups children linked by the same location, leaving out closed cases', () => {
      const loc = (caseId: string) => ({ caseId, kind: 'same-location' });
      const result = agenda([
        aCase('c-1', { links: [loc('c-2'), loc('c-3')] }),
        aCase('c-2', { links: [loc('c-1')] }),
        aCase('c-3', { status: 'closed', links: [loc('c-1')] }),
      ]);
      expect(result.themes).toEqual([{ kind: 'location', label: 'Linked by the same location', caseIds: ['c-1', 'c-2'] }]);
    });

    it('finds no theme for a single child', () => {
      expect(agenda([aCase('c-1', { child: { school: 'Example', area: 'Crowthorne' } })]).themes).toEqual([]);
    });
  });
});
