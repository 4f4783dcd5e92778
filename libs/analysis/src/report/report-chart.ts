// echarts ships CommonJS for server-side rendering: required, not imported, so no DOM typings are pulled in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const echarts = require('echarts') as {
  init(dom: null, theme: null, options: { renderer: 'svg'; ssr: true; width: number; height: number }): {
    setOption(option: object): void;
    renderToSVGString(): string;
    dispose(): void;
  };
};
import type { ReportCell, ReportTable } from './report-content';

export const CHART_WIDTH = 640;
const ROW_HEIGHT = 34;
const CHART_FONT = 'Helvetica';

/** Whether a cell is drawn as a bar: only a figure the table shows as a number. */
const drawn = (cell: ReportCell) => cell.suppressed === false && cell.value !== null;

/**
 * A bar chart of a table: each row's figure this period beside the previous period's, as inline
 * SVG made by echarts on the server. A hidden cell ("fewer than 5", "not shown") is never drawn as
 * a number: it gets no bar, only the table's own text as its label. Rows at 0 in both periods are
 * left out (the table shows them). `key` makes the SVG's class names unique within one document.
 *
 * echarts numbers its class names per process (`zr0-cls-1`, then `zr1-…`): they are renamed by
 * order of appearance under `key`, so the same table always gives the same bytes.
 */
export function tableChart(table: ReportTable, labels: { current: string; previous: string }, key: string): string | null {
  const rows = table.rows.filter((row) => !(row.count.value === 0 && !row.count.suppressed && row.previous.value === 0 && !row.previous.suppressed));
  if (rows.length === 0) return null;
  const percent = table.unit === 'percent';
  const item = (cell: ReportCell) =>
    drawn(cell)
      ? { value: cell.value, label: { formatter: percent ? `${cell.value}%` : String(cell.value) } }
      : // No bar (nothing of any length, nothing painted) and the table's own text as the label, at the axis.
        { value: 0, itemStyle: { color: 'none', borderWidth: 0 }, label: { formatter: cell.shown, position: 'right', color: '#505a5f', fontStyle: 'italic' } };
  const height = 60 + rows.length * ROW_HEIGHT;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT, fontSize: 11 },
      color: ['#1d70b8', '#b1b4b6'],
      legend: { top: 4, data: [labels.current, labels.previous], textStyle: { fontFamily: CHART_FONT } },
      grid: { left: 200, right: 110, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1, ...(percent ? { max: 100 } : {}), axisLabel: { fontFamily: CHART_FONT } },
      yAxis: { type: 'category', inverse: true, data: rows.map((row) => shorten(row.value)), axisLabel: { fontFamily: CHART_FONT } },
      series: [
        { name: labels.current, type: 'bar', data: rows.map((row) => item(row.count)), label: { show: true, position: 'right', fontFamily: CHART_FONT } },
        { name: labels.previous, type: 'bar', data: rows.map((row) => item(row.previous)), label: { show: true, position: 'right', fontFamily: CHART_FONT } },
      ],
    });
    return normaliseSvg(chart.renderToSVGString(), key);
  } finally {
    chart.dispose();
  }
}

/** The SVG with its per-process numbering replaced by `key` and numbers in order of appearance, and echarts' own markers dropped. */
export function normaliseSvg(svg: string, key: string): string {
  const renamed = new Map<string, string>();
  return svg
    .replace(/zr\d+-([a-z]+)-(\d+)/g, (name: string, kind: string) => {
      if (!renamed.has(name)) renamed.set(name, `${key}-${kind}-${renamed.size}`);
      return renamed.get(name)!;
    })
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '');
}

function shorten(label: string): string {
  return label.length > 32 ? `${label.slice(0, 31)}…` : label;
}
