import PDFDocument from 'pdfkit';
import { RenderedReport, ReportCell, ReportFigure, ReportTable, periodText } from './report-content';
import { CHART_WIDTH, tableChart } from './report-chart';

// svg-to-pdfkit has no types: it draws an SVG string onto a pdfkit page.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SVGtoPDF = require('svg-to-pdfkit') as (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options: object) => void;

const MARGIN = 50;
const PAGE = { width: 595.28, height: 841.89 }; // A4
const WIDTH = PAGE.width - 2 * MARGIN;
const COLUMNS = [0, 215, 315, 415] as const;
const COLUMN_WIDTH = [210, 95, 95, 80] as const;

const text = (cell: ReportCell, percent: boolean) => (percent && cell.value !== null && !cell.shown.endsWith('%') ? `${cell.shown}%` : cell.shown);

/**
 * The report as a PDF (pdfkit, the standard Helvetica fonts, so nothing is embedded that could
 * vary): themes, actions with their narratives, a chart of each action's main table, and every
 * table. Its creation date is the moment of issue and its file id follows from it, so the same
 * report gives the same bytes however often it is made.
 */
export function reportPdf(report: RenderedReport): Promise<Buffer> {
  const { content } = report;
  const labels = { current: periodText(content.period), previous: periodText(content.previousPeriod) };
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: report.status === 'draft' ? `DRAFT ${content.title}` : content.title,
      Author: 'Safeguard',
      Subject: `The board's report on the action plan, ${labels.current}`,
      CreationDate: new Date(report.at),
      ModDate: new Date(report.at),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const room = (height: number) => {
    if (doc.y + height > PAGE.height - MARGIN) doc.addPage();
  };
  const paragraph = (words: string, options: { size?: number; bold?: boolean; colour?: string } = {}) => {
    doc.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(options.size ?? 10).fillColor(options.colour ?? '#0b0c0c');
    room(doc.heightOfString(words, { width: WIDTH }) + 4);
    doc.text(words, MARGIN, doc.y, { width: WIDTH });
    doc.moveDown(0.4);
  };

  if (report.status === 'draft') paragraph(`DRAFT: not issued. The figures are those of ${report.at} and will change until the report is issued.`, { bold: true, colour: '#d4351c' });
  paragraph(content.title, { size: 20, bold: true });
  paragraph(`Period ${labels.current}, beside the previous period ${labels.previous}.`, { colour: '#505a5f' });
  if (report.status === 'issued') {
    paragraph(`Issued ${report.at}${report.issuedBy ? ` by ${report.issuedBy.userId} (${report.issuedBy.agencyId})` : ''}; figures at log position ${report.position ?? ''}.`, { size: 8, colour: '#505a5f' });
    paragraph(`Content sha256 ${report.contentHash ?? ''}`, { size: 8, colour: '#505a5f' });
  }
  paragraph(
    `Aggregates only. Counts from 1 to ${content.suppressionThreshold} are shown as "fewer than ${content.suppressionThreshold + 1}", and further cells as "not shown" so that no hidden count can be worked out from a total; a hidden figure is never drawn in a chart.`,
  );

  for (const theme of content.themes) {
    room(80);
    doc.moveDown(0.6);
    paragraph(`${theme.number}. ${theme.title}`, { size: 16, bold: true });
    for (const action of theme.actions) {
      room(60);
      doc.moveDown(0.3);
      paragraph(`${action.number} ${action.title}`, { size: 12, bold: true });
      paragraph(action.narrative ?? 'No narrative written.', action.narrative ? {} : { colour: '#505a5f' });
      const [main] = action.tables;
      const chart = main ? tableChart(content.tables[main], labels, `action-${action.number.replace('.', '-')}-chart`) : null;
      if (chart) {
        const scale = WIDTH / CHART_WIDTH;
        const height = Number(/height="(\d+)"/.exec(chart)?.[1] ?? 200) * scale;
        room(height + 10);
        SVGtoPDF(doc, chart, MARGIN, doc.y, { width: WIDTH, height, assumePt: false, fontCallback: (_family: string, bold: boolean) => (bold ? 'Helvetica-Bold' : 'Helvetica') });
        doc.y += height + 6;
      }
      for (const name of action.tables) drawTable(name, content.tables[name]);
      if (action.tables.length === 0) paragraph('No measure of the profile evidences this action.', { colour: '#505a5f' });
    }
  }
  doc.end();
  return done;

  function drawTable(name: string, table: ReportTable): void {
    const percent = table.unit === 'percent';
    room(50);
    paragraph(`${table.caption} (${name})`, { size: 9, bold: true });
    const line = (cells: readonly string[], bold: boolean) => {
      room(14);
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).fillColor('#0b0c0c');
      cells.forEach((words, i) => doc.text(words, MARGIN + COLUMNS[i], y, { width: COLUMN_WIDTH[i], lineBreak: false, ellipsis: true, align: i === 0 ? 'left' : 'right' }));
      doc.y = y + 12;
    };
    const figures = (figure: ReportFigure) => [text(figure.count, percent), text(figure.previous, percent), figure.change.shown];
    line([percent ? 'Agency' : 'Value', labels.current, labels.previous, percent ? 'Change (points)' : 'Change'], true);
    for (const row of table.rows) line([row.value, ...figures(row)], false);
    line(['Total', ...figures(table.total)], true);
    doc.moveDown(0.6);
  }
}
