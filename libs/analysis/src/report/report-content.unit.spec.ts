import { createHash } from 'node:crypto';
import { publishTrainingCoverage } from '../training/training-coverage';
import { ReportTable, contentHash, reportContent, reportTables, tableOrder } from './report-content';

const cell = (value: number | null, shown = String(value), suppressed: string | false = false) => ({ value, shown, suppressed });
const GENDER: ReportTable = {
  caption: "Referrals by the child's gender",
  unit: 'count',
  rows: [
    { value: 'female', count: cell(7), previous: cell(6), change: { value: 1, shown: '+1', direction: 'up' } },
    { value: 'male', count: cell(null, 'fewer than 5', 'primary'), previous: cell(0), change: { value: null, shown: 'not shown', direction: null } },
  ],
  total: { count: cell(9), previous: cell(6), change: { value: 3, shown: '+3', direction: 'up' } },
};
const figures = { period: { from: '2026-05', to: '2026-10' }, previousPeriod: { from: '2025-11', to: '2026-04' }, suppressionThreshold: 4, tables: { 'referrals.gender': GENDER } };
const REPORT = { reportId: '0b8f1d2c-93a5-4f4e-9c1b-4a0c4b8e3e4f', title: 'Spring 2027' };

describe('report content and its hash', () => {
  it('hashes the canonical JSON: the same content in any key order, the same hash', () => {
    const content = reportContent(REPORT, figures, { '2.1': 'More referrals from schools.' });
    const reversed = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reversed) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value;
    const reordered = reversed(content) as typeof content;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(content));
    expect(contentHash(reordered)).toBe(contentHash(content));
    expect(contentHash(JSON.parse(JSON.stringify(content)))).toBe(contentHash(content));
    expect(contentHash(content)).toMatch(/^[0-9a-f]{64}$/);
    // Keys sorted, no white space: the hash anyone can recompute from the stored content.
    expect(contentHash({ b: 1, a: [true, null] } as never)).toBe(createHash('sha256').update('{"a":[true,null],"b":1}').digest('hex'));
  });

  it('changes the hash with any figure or narrative', () => {
    const content = reportContent(REPORT, figures, {});
    expect(contentHash(reportContent(REPORT, figures, { '1.1': 'x' }))).not.toBe(contentHash(content));
    const one = { ...GENDER, total: { ...GENDER.total, count: cell(10) } };
    expect(contentHash(reportContent(REPORT, { ...figures, tables: { 'referrals.gender': one } }, {}))).not.toBe(contentHash(content));
  });

  it('puts the training coverage in as rates by agency, and orders tables by the plan, not by key', () => {
    const training = publishTrainingCoverage([{ agencyId: 'bf-school', courses: { 'cse-awareness': 6 }, staffInPost: 120, staffTrained: 84 }], [], 4);
    const tables = reportTables({ 'referrals.gender': GENDER }, training);
    expect(tables['training.coverage']).toMatchObject({ unit: 'percent', rows: [{ value: 'bf-school', count: { value: 70, shown: '70%' } }] });
    const content = reportContent(REPORT, { ...figures, tables }, {});
    expect(tableOrder(content)).toEqual(['training.coverage', 'referrals.gender']);
    expect(tableOrder({ ...content, tables: Object.fromEntries(Object.entries(content.tables).reverse()) })).toEqual(['training.coverage', 'referrals.gender']);
  });
});
