import { reportContent, RenderedReport, ReportTable } from './report-content';
import { normaliseSvg, tableChart } from './report-chart';
import { reportHtml } from './report-html';
import { reportPdf } from './report-pdf';

const cell = (value: number | null, shown = String(value), suppressed: string | false = false) => ({ value, shown, suppressed });
const GROUPS: ReportTable = {
  caption: 'Referrals of looked after children, care leavers, migrant or unaccompanied children',
  unit: 'count',
  rows: [
    { value: 'looked-after', count: cell(null, 'fewer than 5', 'primary'), previous: cell(7), change: { value: null, shown: 'not shown', direction: null } },
    { value: 'care-leaver', count: cell(12), previous: cell(0), change: { value: 12, shown: '+12', direction: 'up' } },
    { value: 'migrant-or-unaccompanied', count: cell(0), previous: cell(0), change: { value: 0, shown: '0', direction: 'same' } },
  ],
  total: { count: cell(14), previous: cell(7), change: { value: 7, shown: '+7', direction: 'up' } },
};
const labels = { current: '2026-05 to 2026-10', previous: '2025-11 to 2026-04' };
const content = reportContent(
  { reportId: '0b8f1d2c-93a5-4f4e-9c1b-4a0c4b8e3e4f', title: 'Board report <spring>' },
  { period: { from: '2026-05', to: '2026-10' }, previousPeriod: { from: '2025-11', to: '2026-04' }, suppressionThreshold: 4, tables: { 'referrals.vulnerableGroup': GROUPS } },
  { '3.6': 'Looked after children <b>supported</b> to disclose.' },
);
const issued: RenderedReport = { content, status: 'issued', at: '2027-01-10T09:00:00.000Z', issuedBy: { userId: 'bo-1', agencyId: 'bf-board' }, position: '00000000000000000042:00000000000000000000', contentHash: 'ab'.repeat(32) };

describe('rendering a report', () => {
  it('draws a chart with no bar and the table’s text for a hidden cell, the same bytes every time', () => {
    const svg = tableChart(GROUPS, labels, 'k')!;
    expect(tableChart(GROUPS, labels, 'k')).toBe(svg);
    expect(svg).toContain('fewer than 5');
    expect(svg).not.toMatch(/zr\d+-/);
    // Rows at 0 in both periods are left out of the chart.
    expect(svg).not.toContain('migrant-or-unaccompanied');
    expect(normaliseSvg('<g class="zr7-cls-3"></g><g class="zr7-cls-1"></g><g class="zr7-cls-3"></g>', 'c')).toBe('<g class="c-cls-0"></g><g class="c-cls-1"></g><g class="c-cls-0"></g>');
  });

  it('makes HTML with captioned tables and escaped text, the same every time', () => {
    const html = reportHtml(issued);
    expect(reportHtml(issued)).toBe(html);
    expect(html).toContain('<caption>Referrals of looked after children, care leavers, migrant or unaccompanied children');
    expect(html).toContain('<th scope="row">looked-after</th><td class="hidden">fewer than 5</td><td>7</td>');
    expect(html).toContain('Board report &lt;spring&gt;');
    expect(html).toContain('Looked after children &lt;b&gt;supported&lt;/b&gt; to disclose.');
    expect(html).not.toContain('DRAFT');
    expect(reportHtml({ ...issued, status: 'draft' })).toContain('DRAFT: not issued');
  });

  it('makes a PDF whose bytes depend on the report only', async () => {
    const pdf = await reportPdf(issued);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await reportPdf(issued)).equals(pdf)).toBe(true);
    expect((await reportPdf({ ...issued, at: '2027-01-11T09:00:00.000Z' })).equals(pdf)).toBe(false);
  });

  it('makes a PDF of any text a narrative may hold', async () => {
    const narratives = { '1.1': 'Zażółć gęślą jaźń — 学校 🙂 \u0000 <script>', '1.2': 'x'.repeat(10_000) };
    const odd = reportContent({ reportId: content.reportId, title: 'Ünïcödé ✓' }, { period: content.period, previousPeriod: content.previousPeriod, suppressionThreshold: 4, tables: content.tables }, narratives);
    expect((await reportPdf({ ...issued, content: odd })).subarray(0, 5).toString()).toBe('%PDF-');
    expect(reportHtml({ ...issued, content: odd })).toContain('Zażółć gęślą jaźń — 学校 🙂');
  });
});
