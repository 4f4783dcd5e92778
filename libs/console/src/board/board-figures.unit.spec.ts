import { barChartSvg } from './bar-chart';
import { filterOf, monthOf } from './board-figures';

const cell = (value: number | null, shown = String(value)) => ({ value, shown, suppressed: value === null ? ('primary' as const) : (false as const) });
const labels = { current: 'This period', previous: 'Previous' };

describe('the board pages’ figures', () => {
  it('draws a bar for a figure shown, and for a hidden one only the text the table shows', () => {
    const svg = barChartSvg('Referrals by <agency>', [
      { value: 'education', count: cell(7), previous: cell(0) },
      { value: 'health', count: cell(null, 'fewer than 5'), previous: cell(0) },
      { value: 'police', count: cell(0), previous: cell(0) },
    ], labels, 'count')!;
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*><title>Referrals by &lt;agency&gt;<\/title>/);
    expect(svg).not.toMatch(/\sstyle=/);
    // A bar for each figure shown (education's 7 and 0, health's previous 0), none for the hidden one; police, 0 in both, left out.
    expect(svg.match(/<rect x="200" y="\d+" width="\d+" height="11"/g)).toEqual([
      expect.stringContaining('width="330"'),
      expect.stringContaining('width="0"'),
      expect.stringContaining('width="0"'),
    ]);
    expect(svg).toContain('font-style="italic">fewer than 5</text>');
    expect(svg).not.toContain('>police<');
  });

  it('draws nothing when every row is 0 in both periods', () => {
    expect(barChartSvg('Empty', [{ value: 'x', count: cell(0), previous: cell(0) }], labels, 'count')).toBeNull();
  });

  it('reads a month from the GOV.UK date input, naming what is wrong', () => {
    expect(monthOf({ month: '5', year: '2026' }, 'from', 'The first month')).toEqual({ month: '2026-05' });
    expect(monthOf({ month: '', year: '' }, 'from', 'The first month')).toEqual({});
    expect(monthOf({ month: '13', year: '2026' }, 'from', 'The first month').problem).toEqual({ field: 'from', problems: ['The first month must include a month from 1 to 12'] });
    expect(monthOf({ month: '5', year: '26' }, 'to', 'The last month').problem?.field).toBe('to');
  });

  it('takes one filter the API has, by its code', () => {
    expect(filterOf('group:looked-after')).toEqual({ field: 'group', value: 'looked-after', text: 'Vulnerable group: Looked after' });
    expect(filterOf('ageBand:13-15')?.text).toBe('Age at referral: 13 to 15');
    expect(filterOf('group:everyone')).toBeUndefined();
    expect(filterOf('constructor:x')).toBeUndefined();
  });
});
