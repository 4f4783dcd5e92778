import { csvField, tablesCsv } from './report-csv';
import { ReportTable } from './report-content';

const cell = (value: number | null, shown = String(value), suppressed: string | false = false) => ({ value, shown, suppressed });

describe('the CSV of a report’s tables', () => {
  it('quotes as RFC 4180 asks: commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Smith, Jones & Co')).toBe('"Smith, Jones & Co"');
    expect(csvField('the "Hub"')).toBe('"the ""Hub"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('defuses text a spreadsheet would run as a formula, and leaves signed numbers as numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+cmd|calc')).toBe("'+cmd|calc");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tTab')).toBe("'\tTab");
    expect(csvField('+3')).toBe('+3');
    expect(csvField('-12')).toBe('-12');
    expect(csvField('-1.5')).toBe('-1.5');
    expect(csvField('70%')).toBe('70%');
  });

  it('writes a line per row and per total, hidden cells as their text', () => {
    const table: ReportTable = {
      caption: 'Referrals by school',
      unit: 'count',
      rows: [
        { value: 'Oak, Ash School', count: cell(7), previous: cell(6), change: { value: 1, shown: '+1', direction: 'up' } },
        { value: '=1+1', count: cell(null, 'fewer than 5', 'primary'), previous: cell(null, 'not shown', 'complementary'), change: { value: null, shown: 'not shown', direction: null } },
      ],
      total: { count: cell(9), previous: cell(8), change: { value: 1, shown: '+1', direction: 'up' } },
    };
    expect(tablesCsv({ 'referrals.school': table }, ['referrals.school', 'absent'])).toBe(
      [
        'table,value,count,previous,change',
        'referrals.school,"Oak, Ash School",7,6,+1',
        "referrals.school,'=1+1,fewer than 5,not shown,not shown",
        'referrals.school,total,9,8,+1',
        '',
      ].join('\r\n'),
    );
  });
});
