import { PROFILE_MEASURES } from '../profile/profile-facts';
import { ACTION_NUMBERS, ACTION_PLAN, isActionNumber, reportPlan, tablesFor } from './action-plan.rules';

const PUBLISHED = [...PROFILE_MEASURES, 'training.coverage'];
const action = (number: string) => ACTION_PLAN.flatMap((t) => t.actions).find((a) => a.number === number)!;

describe('the action plan as data', () => {
  it('holds the strategy’s four themes and actions 1.1 to 4.6, in order', () => {
    expect(ACTION_PLAN.map((t) => `${t.number} ${t.title}`)).toEqual(['1 Prevention', '2 Identification', '3 Protection and support', '4 Disruption and prosecution']);
    expect(ACTION_NUMBERS).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '2.1', '2.2', '2.3', '2.4', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '4.1', '4.2', '4.3', '4.4', '4.5', '4.6']);
    expect(isActionNumber('4.6')).toBe(true);
    expect(isActionNumber('4.7')).toBe(false);
    expect(isActionNumber('1.1 ')).toBe(false);
  });

  it('evidences each action with its tables: training for 1.3 and 3.3, referrals with areas and schools for 2.1, and so on', () => {
    expect(tablesFor(action('1.3'), PUBLISHED)).toEqual(['training.coverage']);
    expect(tablesFor(action('3.3'), PUBLISHED)).toEqual(['training.coverage']);
    expect(tablesFor(action('2.1'), PUBLISHED)).toEqual([
      'referrals.count',
      'referrals.model',
      'referrals.vulnerability',
      'referrals.ageBand',
      'referrals.gender',
      'referrals.ethnicGroup',
      'referrals.vulnerableGroup',
      'referrals.area',
      'referrals.school',
    ]);
    expect(tablesFor(action('2.3'), PUBLISHED)).toEqual(['referrals.agencyKind', 'missing.reported', 'missing.repeatedly']);
    expect(tablesFor(action('3.2'), PUBLISHED)).toEqual(['risk.firstBand', 'risk.latestBand', 'risk.movement']);
    expect(tablesFor(action('3.4'), PUBLISHED)).toEqual(['semrac.listed', 'semrac.meetings', 'semrac.actionsDone']);
    expect(tablesFor(action('3.6'), PUBLISHED)).toEqual(['referrals.vulnerableGroup']);
    expect(tablesFor(action('4.1'), PUBLISHED)).toEqual(['intel.submitted', 'intel.grading', 'intel.toDissemination', 'intel.acknowledgement']);
    expect(tablesFor(action('4.3'), PUBLISHED)).toEqual(['poi.intervention']);
    expect(tablesFor(action('4.5'), PUBLISHED)).toEqual(['poi.disruption']);
    expect(tablesFor(action('4.6'), PUBLISHED)).toEqual(['sharing.peer', 'sharing.label', 'sharing.lawfulBasis', 'sharing.toApproval', 'sharing.notShared']);
  });

  it('leaves out a table the profile does not publish, and leaves no published table out of the report', () => {
    expect(tablesFor(action('2.1'), ['referrals.count', 'referrals.gender'])).toEqual(['referrals.count', 'referrals.gender']);
    const shown = new Set(ACTION_PLAN.flatMap((t) => t.actions).flatMap((a) => tablesFor(a, PUBLISHED)));
    expect(PUBLISHED.filter((name) => !shown.has(name))).toEqual([]);
  });

  it('keeps every action in the report, those without a measure with their narrative only', () => {
    const plan = reportPlan(PUBLISHED, { '1.1': 'Assemblies in all secondary schools.', '4.4': '' });
    const actions = plan.flatMap((t) => t.actions);
    expect(actions).toHaveLength(21);
    expect(actions.find((a) => a.number === '1.1')).toEqual({ number: '1.1', title: 'Community awareness of how to report CSE', tables: [], narrative: 'Assemblies in all secondary schools.' });
    expect(actions.find((a) => a.number === '4.4')?.narrative).toBe('');
    expect(actions.find((a) => a.number === '4.2')?.narrative).toBeNull();
  });
});
