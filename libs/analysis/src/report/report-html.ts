import { RenderedReport, ReportCell, ReportFigure, ReportTable, periodText } from './report-content';
import { tableChart } from './report-chart';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STYLE = `
body{font-family:Helvetica,Arial,sans-serif;color:#0b0c0c;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.4}
h1{font-size:2em;margin-bottom:.2em}h2{border-bottom:2px solid #1d70b8;padding-bottom:.2em;margin-top:2em}h3{margin-top:1.5em}
.draft{background:#d4351c;color:#fff;font-weight:bold;padding:.5em 1em}
.meta{color:#505a5f}.none{color:#505a5f;font-style:italic}
table{border-collapse:collapse;margin:1em 0;min-width:60%}caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.3em .6em;text-align:left}td{text-align:right}
tfoot th,tfoot td{font-weight:bold;border-top:2px solid #0b0c0c}
.hidden{color:#505a5f;font-style:italic}
figure{margin:1em 0}figcaption{color:#505a5f;font-size:.9em}
`;

function cell(figure: ReportCell, percent: boolean): string {
  if (figure.suppressed !== false || figure.value === null) return `<td class="hidden">${escapeHtml(figure.shown)}</td>`;
  return `<td>${escapeHtml(percent && !figure.shown.endsWith('%') ? `${figure.shown}%` : figure.shown)}</td>`;
}

function figureCells(figure: ReportFigure, percent: boolean): string {
  const change = figure.change.value === null ? `<td class="hidden">${escapeHtml(figure.change.shown)}</td>` : `<td>${escapeHtml(figure.change.shown)}</td>`;
  return `${cell(figure.count, percent)}${cell(figure.previous, percent)}${change}`;
}

export function tableHtml(name: string, table: ReportTable, labels: { current: string; previous: string }): string {
  const percent = table.unit === 'percent';
  const head = `<thead><tr><th scope="col">${percent ? 'Agency' : 'Value'}</th><th scope="col">${escapeHtml(labels.current)}</th><th scope="col">${escapeHtml(labels.previous)}</th><th scope="col">Change${percent ? ' (points)' : ''}</th></tr></thead>`;
  const body = table.rows.map((row) => `<tr><th scope="row">${escapeHtml(row.value)}</th>${figureCells(row, percent)}</tr>`).join('');
  const foot = `<tfoot><tr><th scope="row">Total</th>${figureCells(table.total, percent)}</tr></tfoot>`;
  return `<table data-table="${escapeHtml(name)}"><caption>${escapeHtml(table.caption)} <span class="meta">(${escapeHtml(name)})</span></caption>${head}<tbody>${body}</tbody>${foot}</table>`;
}

/**
 * The report as one HTML document: semantic, accessible (headings per theme and action, tables with
 * captions and scoped headers, each chart an image with a text alternative pointing at its table),
 * its CSS and SVG charts inline so the file stands alone. Made only from the report: the same report
 * gives the same bytes.
 */
export function reportHtml(report: RenderedReport): string {
  const { content } = report;
  const labels = { current: periodText(content.period), previous: periodText(content.previousPeriod) };
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(`<title>${escapeHtml(content.title)}</title><style>${STYLE}</style></head><body>`);
  parts.push('<header>');
  if (report.status === 'draft') parts.push(`<p class="draft" role="note">DRAFT: not issued. The figures are those of ${escapeHtml(report.at)} and will change until the report is issued.</p>`);
  parts.push(`<h1>${escapeHtml(content.title)}</h1>`);
  parts.push(`<p class="meta">Period ${escapeHtml(labels.current)}, beside the previous period ${escapeHtml(labels.previous)}.</p>`);
  if (report.status === 'issued') {
    parts.push(
      `<p class="meta">Issued ${escapeHtml(report.at)}${report.issuedBy ? ` by ${escapeHtml(report.issuedBy.userId)} (${escapeHtml(report.issuedBy.agencyId)})` : ''}; figures at log position ${escapeHtml(report.position ?? '')}; content sha256 ${escapeHtml(report.contentHash ?? '')}.</p>`,
    );
  }
  parts.push(
    `<p>Aggregates only. Counts from 1 to ${content.suppressionThreshold} are shown as "fewer than ${content.suppressionThreshold + 1}", and further cells as "not shown" so that no hidden count can be worked out from a total; a hidden figure is never drawn in a chart.</p>`,
  );
  parts.push('</header><main>');
  for (const theme of content.themes) {
    parts.push(`<section aria-labelledby="theme-${theme.number}"><h2 id="theme-${theme.number}">${escapeHtml(`${theme.number}. ${theme.title}`)}</h2>`);
    for (const action of theme.actions) {
      const id = `action-${action.number.replace('.', '-')}`;
      parts.push(`<section aria-labelledby="${id}"><h3 id="${id}">${escapeHtml(`${action.number} ${action.title}`)}</h3>`);
      parts.push(action.narrative ? action.narrative.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('') : '<p class="none">No narrative written.</p>');
      const [main] = action.tables;
      const chart = main ? tableChart(content.tables[main], labels, `${id}-chart`) : null;
      if (chart) {
        const svg = chart.replace('<svg ', `<svg role="img" aria-label="${escapeHtml(`Chart of ${content.tables[main].caption}, this period beside the previous; the table below gives the figures`)}" `);
        parts.push(`<figure>${svg}<figcaption>${escapeHtml(content.tables[main].caption)}: ${escapeHtml(labels.current)} beside ${escapeHtml(labels.previous)}</figcaption></figure>`);
      }
      for (const name of action.tables) parts.push(tableHtml(name, content.tables[name], labels));
      if (action.tables.length === 0) parts.push('<p class="none">No measure of the profile evidences this action.</p>');
      parts.push('</section>');
    }
    parts.push('</section>');
  }
  parts.push('</main></body></html>\n');
  return parts.join('\n');
}
