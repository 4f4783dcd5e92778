import type { ReportTable } from './report-content';

export const CSV_HEADER = ['table', 'value', 'count', 'previous', 'change'] as const;

/** A figure as a spreadsheet may read it as a number: left as it is. */
const NUMBER = /^[+-]?\d+(\.\d+)?%?$/;

/**
 * One field of RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Text a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return)
 * is prefixed with a single quote (OWASP, CSV injection); a plain signed number such as `+3` is not.
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Every table as one CSV (RFC 4180, CRLF line ends): a line per row and one for its total, each
 * with the table's name, the row's value, and the figures as the tables publish them: a hidden cell
 * is its text ("fewer than 5", "not shown"), never its count.
 */
export function tablesCsv(tables: Readonly<Record<string, ReportTable>>, order: readonly string[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const name of order) {
    const table = tables[name];
    if (!table) continue;
    for (const row of [...table.rows, { value: 'total', ...table.total }]) {
      lines.push([name, row.value, row.count.shown, row.previous.shown, row.change.shown].map(csvField).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
