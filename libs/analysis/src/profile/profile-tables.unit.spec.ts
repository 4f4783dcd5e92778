import { periodOf } from './profile.controller';
import { PeriodCounts, lastWholeMonths, previousPeriod, publishProfile } from './profile-tables';

const counts = (entries: Record<string, Record<string, number>>): PeriodCounts => new Map(Object.entries(entries).map(([m, values]) => [m, new Map(Object.entries(values))]));

describe('the profile’s periods', () => {
  it('defaults to the last six whole months and compares with the six before', () => {
    const period = lastWholeMonths(new Date('2026-12-02T06:00:00Z'), 6);
    expect(period).toEqual({ from: '2026-06', to: '2026-11' });
    expect(previousPeriod(period)).toEqual({ from: '2025-12', to: '2026-05' });
    expect(periodOf(undefined, undefined, new Date('2026-01-15T00:00:00Z'))).toEqual({ from: '2025-07', to: '2025-12' });
  });

  it.each([
    ['2026-13', '2026-12', 'query from'],
    ['2026-01', '26-02', 'query to'],
    ['2026-01', undefined, 'query to'],
    ['2026-05', '2026-04', 'query to'],
    ['2021-01', '2026-01', 'query to'],
  ])('refuses from=%p to=%p naming %s', (from, to, field) => {
    expect(() => periodOf(from, to, new Date())).toThrow(expect.objectContaining({ response: expect.objectContaining({ errors: [expect.objectContaining({ field })] }) }));
  });

  it('takes up to sixty months', () => {
    expect(periodOf('2021-01', '2025-12', new Date())).toEqual({ from: '2021-01', to: '2025-12' });
  });
});

describe('publishing the tables', () => {
  const tables = publishProfile(
    counts({ 'referrals.count': { all: 9 }, 'referrals.gender': { female: 7, male: 2 }, 'referrals.sign': { 'S-MISSING': 6, 'S-OFFENDING': 2 } }),
    counts({ 'referrals.count': { all: 8 }, 'referrals.gender': { female: 8 }, 'referrals.sign': { 'S-MISSING': 5 } }),
    4,
  );

  it('hides a small count, and the cell that would give it away from the total', () => {
    const gender = Object.fromEntries(tables['referrals.gender'].rows.map((r) => [r.value, r.count.shown]));
    expect(gender).toEqual({ female: 'not shown', male: 'fewer than 5', 'non-binary': '0', 'not-known': '0' });
    expect(tables['referrals.gender'].total.count).toMatchObject({ value: 9, suppressed: false });
    expect(tables['referrals.gender'].total.change).toMatchObject({ value: 1, direction: 'up' });
  });

  it('counts signs against the number of referrals, each sign on its own', () => {
    const missing = tables['referrals.sign'].rows.find((r) => r.value === 'S-MISSING')!;
    expect(missing).toMatchObject({ count: { value: 6 }, previous: { value: 5 }, change: { value: 1 } });
    expect(tables['referrals.sign'].rows.find((r) => r.value === 'S-OFFENDING')!.count).toMatchObject({ value: null, suppressed: 'primary' });
    expect(tables['referrals.sign'].total.count.value).toBe(9);
  });
});
