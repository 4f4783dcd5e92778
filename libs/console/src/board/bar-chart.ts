/** A figure as the API publishes it: `value` is null whenever the figure is hidden. */
export interface ChartCell {
  value: number | null;
  shown: string;
  suppressed: string | false;
}

export interface ChartRow {
  value: string;
  count: ChartCell;
  previous: ChartCell;
}

const WIDTH = 640;
const LABEL_WIDTH = 200;
const BAR_AREA = 330;
const BAR_HEIGHT = 11;
const ROW_HEIGHT = 34;
const TOP = 36;
const CURRENT = '#1d70b8';
const PREVIOUS = '#505a5f';
const TEXT = '#0b0c0c';
const FONT = 'arial, sans-serif';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const drawn = (cell: ChartCell) => cell.suppressed === false && cell.value !== null;

/**
 * A horizontal bar chart of a table, this period beside the previous one, as inline SVG with
 * presentation attributes only (the console's CSP blocks style attributes). A hidden figure ("fewer
 * than 5", "not shown") never becomes a bar: it is written as the table writes it. Rows at 0 in
 * both periods are left out (the table beside the chart shows them); null when nothing is left.
 * The chart is an image named by its title: the table beside it holds the same numbers for anyone
 * who cannot see it.
 */
export function barChartSvg(title: string, rows: readonly ChartRow[], labels: { current: string; previous: string }, unit: 'count' | 'percent'): string | null {
  const shown = rows.filter((row) => !(row.count.value === 0 && drawn(row.count) && row.previous.value === 0 && drawn(row.previous)));
  if (shown.length === 0) return null;
  const max = unit === 'percent' ? 100 : Math.max(1, ...shown.flatMap((row) => [row.count, row.previous].filter(drawn).map((cell) => cell.value as number)));
  const height = TOP + shown.length * ROW_HEIGHT + 8;
  const text = (x: number, y: number, content: string, extra = '') =>
    `<text x="${x}" y="${y}" font-family="${FONT}" font-size="12" fill="${TEXT}"${extra}>${escapeXml(content)}</text>`;
  const bar = (cell: ChartCell, y: number, colour: string) => {
    if (!drawn(cell)) return text(LABEL_WIDTH + 4, y + BAR_HEIGHT - 1, cell.shown, ' font-style="italic"');
    const length = Math.round(((cell.value as number) / max) * BAR_AREA);
    const label = unit === 'percent' ? `${cell.value}%` : String(cell.value);
    return `<rect x="${LABEL_WIDTH}" y="${y}" width="${length}" height="${BAR_HEIGHT}" fill="${colour}"></rect>${text(LABEL_WIDTH + length + 4, y + BAR_HEIGHT - 1, label)}`;
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="${LABEL_WIDTH}" y="8" width="12" height="12" fill="${CURRENT}"></rect>`,
    text(LABEL_WIDTH + 18, 18, labels.current),
    `<rect x="${LABEL_WIDTH + 220}" y="8" width="12" height="12" fill="${PREVIOUS}"></rect>`,
    text(LABEL_WIDTH + 238, 18, labels.previous),
    `<line x1="${LABEL_WIDTH}" y1="${TOP - 4}" x2="${LABEL_WIDTH}" y2="${height - 6}" stroke="${TEXT}" stroke-width="1"></line>`,
  ];
  shown.forEach((row, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const label = row.value.length > 30 ? `${row.value.slice(0, 29)}…` : row.value;
    parts.push(text(LABEL_WIDTH - 8, y + 16, label, ' text-anchor="end"'));
    parts.push(bar(row.count, y + 2, CURRENT));
    parts.push(bar(row.previous, y + 2 + BAR_HEIGHT + 2, PREVIOUS));
  });
  parts.push('</svg>');
  return parts.join('');
}
