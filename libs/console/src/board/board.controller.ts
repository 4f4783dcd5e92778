import { randomUUID } from 'node:crypto';
import { Body, Get, NotFoundException, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ACTION_NUMBERS, type BoardReportView, reportPlan } from '@app/analysis';
import { Role } from '@app/common';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ApiProblem, ConsoleApi, FieldProblem } from '../http/console-api';
import { ConsolePages, errorsFor } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import {
  FigureRow,
  Period,
  ProfileAnswerBody,
  fieldsOfMonth,
  filterOf,
  filterOptions,
  linkToMonthInputs,
  monthFields,
  monthOf,
  periodLabels,
  periodText,
  areaTables,
  profileAreas,
} from './board-figures';

/** Who reads the board's aggregates: the profile and the reports. */
const READERS: readonly Role[] = ['board', 'board-officer', 'analyst'];
/** Who drafts, writes and issues the board's reports. */
const WRITERS: readonly Role[] = ['board-officer'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOWNLOADS = ['report.pdf', 'report.html', 'tables.csv'] as const;

interface ReportSummary {
  reportId: string;
  title: string;
  period: Period;
  status: 'draft' | 'issued';
  draftedAt: string;
  draftedBy: string;
  narratives: string[];
  issuedAt: string | null;
}

/** A report as GET /analysis/reports/{id} answers it (libs/analysis), with a draft's preview of its figures. */
type ReportView = BoardReportView & {
  preview?: { period: Period; previousPeriod: Period; suppressionThreshold: number; tables: Record<string, { caption: string; unit: 'count' | 'percent'; rows: FigureRow[]; total: Omit<FigureRow, 'value'> }> };
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const reportIdOf = (id: string) => {
  // Only an id ever goes to the API's path: anything else is no page of ours.
  if (!UUID.test(id)) throw new NotFoundException();
  return id.toLowerCase();
};

/**
 * Journey 7 (issue 15): the board and its analysts read the problem profile for a period, with one
 * filter at a time, as tables with charts and a CSV; the board's officers draft the biannual report,
 * write a narrative for each action of the plan and issue it; everyone reading downloads it as PDF,
 * HTML or CSV. Aggregates only: every figure is the API's, suppressed as it publishes them.
 */
@ConsoleController('console')
export class BoardController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly api: ConsoleApi,
  ) {}

  @Get('analysis')
  @ConsolePage(READERS)
  async profile(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query() query: Record<string, unknown>): Promise<string> {
    const fields = { from: monthFields(query, 'from'), to: monthFields(query, 'to') };
    const filterCode = text(query.filter);
    const filter = filterOf(filterCode);
    const from = monthOf(fields.from, 'from', 'The first month');
    const to = monthOf(fields.to, 'to', 'The last month');
    const problems: FieldProblem[] = [from.problem, to.problem].filter((p): p is FieldProblem => p !== undefined);
    if (problems.length === 0 && (from.month === undefined) !== (to.month === undefined)) {
      problems.push({ field: from.month === undefined ? 'from' : 'to', problems: ['Enter both the first and the last month, or neither for the last six months'] });
    }
    if (filterCode !== '' && !filter) problems.push({ field: 'filter', problems: ['Select a filter from the list'] });
    const form = { fields, filters: filterOptions(filterCode) };
    if (problems.length > 0) return this.profilePage(req, res, form, undefined, problems);
    try {
      const answer = await this.api.get<ProfileAnswerBody>(req, '/analysis/profile', { from: from.month, to: to.month, ...(filter ? { [filter.field]: filter.value } : {}) });
      // The form shows the period answered, the default one too.
      form.fields = { from: fieldsOfMonth(answer.period.from), to: fieldsOfMonth(answer.period.to) };
      return this.profilePage(req, res, form, { answer, area: text(query.area), filterCode: filter ? filterCode : undefined, filterText: filter?.text });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400) return this.profilePage(req, res, form, undefined, error.errors);
      throw error;
    }
  }

  private profilePage(
    req: ConsoleRequest,
    res: Response,
    form: { fields: Record<'from' | 'to', { month: string; year: string }>; filters: ReturnType<typeof filterOptions> },
    shown?: { answer: ProfileAnswerBody; area: string; filterCode?: string; filterText?: string },
    problems: readonly FieldProblem[] = [],
  ): string {
    const errors = problems.length > 0 ? errorsFor(problems) : undefined;
    if (errors) errors.summary = linkToMonthInputs(errors.summary);
    const answer = shown?.answer;
    // One area of the profile a page: each area's link keeps the period and the filter (codes only).
    const areas = answer ? profileAreas(answer) : [];
    const area = areas.find((a) => a.code === shown?.area) ?? areas[0];
    const linkTo = (code: string) =>
      `/console/analysis?${new URLSearchParams({ ...(answer ? { 'from-month': form.fields.from.month, 'from-year': form.fields.from.year, 'to-month': form.fields.to.month, 'to-year': form.fields.to.year } : {}), ...(shown?.filterCode ? { filter: shown.filterCode } : {}), area: code }).toString()}`;
    return this.pages.render(
      req,
      res,
      'board/profile.njk',
      {
        pageTitle: 'Problem profile',
        form,
        errors,
        ...(answer
          ? {
              period: periodText(answer.period),
              previousPeriod: periodText(answer.previousPeriod),
              labels: periodLabels(answer.period, answer.previousPeriod),
              threshold: answer.suppressionThreshold,
              filterText: shown.filterText,
              tablesLeftOut: answer.tablesLeftOut,
              area,
              areaLinks: areas.map((a) => ({ text: a.heading, href: linkTo(a.code), active: a.code === area?.code })),
              tables: area ? areaTables(answer, area.code) : [],
              csvHref: `/console/analysis/profile.csv?${new URLSearchParams({ from: answer.period.from, to: answer.period.to }).toString()}`,
            }
          : {}),
      },
      errors ? 400 : 200,
    );
  }

  @Get('analysis/profile.csv')
  @ConsolePage(READERS)
  async profileCsv(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query('from') from?: unknown, @Query('to') to?: unknown): Promise<StreamableFile> {
    // Months only (YYYY-MM): the API checks them and names a bad one.
    return this.stream(res, await this.api.download(req, '/analysis/profile.csv', { from: text(from) || undefined, to: text(to) || undefined }));
  }

  @Get('analysis/reports')
  @ConsolePage(READERS)
  async reports(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query('after') after?: unknown): Promise<string> {
    const answer = await this.api.get<{ reports: ReportSummary[]; next: string | null }>(req, '/analysis/reports', { limit: 20, after: text(after) || undefined });
    return this.pages.render(req, res, 'board/reports.njk', {
      pageTitle: 'Board reports',
      reports: answer.reports.map((report) => ({ ...report, periodText: periodText(report.period) })),
      nextHref: answer.next ? `/console/analysis/reports?${new URLSearchParams({ after: answer.next }).toString()}` : undefined,
      firstHref: after ? '/console/analysis/reports' : undefined,
      canWrite: this.canWrite(req),
    });
  }

  @Get('analysis/reports/new')
  @ConsolePage(WRITERS)
  newReport(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): string {
    // The last six whole months by default: the board meets twice a year.
    const now = new Date();
    const month = (back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
    return this.newReportPage(req, res, { title: '', from: fieldsOfMonth(month(6)), to: fieldsOfMonth(month(1)) });
  }

  private newReportPage(req: ConsoleRequest, res: Response, form: { title: string; from: { month: string; year: string }; to: { month: string; year: string } }, problems: readonly FieldProblem[] = []): string {
    const errors = problems.length > 0 ? errorsFor(problems) : undefined;
    if (errors) errors.summary = linkToMonthInputs(errors.summary);
    return this.pages.render(
      req,
      res,
      'board/new-report.njk',
      { pageTitle: 'Draft a board report', form, errors, idempotencyKey: randomUUID(), backLink: '/console/analysis/reports' },
      errors ? 400 : 200,
    );
  }

  @Post('analysis/reports')
  @ConsolePage(WRITERS)
  async draft(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>): Promise<string | void> {
    const form = { title: text(body.title), from: monthFields(body, 'from'), to: monthFields(body, 'to') };
    const from = monthOf(form.from, 'from', 'The first month');
    const to = monthOf(form.to, 'to', 'The last month');
    const problems = [from.problem, to.problem].filter((p): p is FieldProblem => p !== undefined);
    if (!from.month && !from.problem) problems.push({ field: 'from', problems: ['Enter the first month of the period'] });
    if (!to.month && !to.problem) problems.push({ field: 'to', problems: ['Enter the last month of the period'] });
    if (form.title.trim() === '') problems.push({ field: 'title', problems: ['Enter a title for the report'] });
    if (problems.length > 0) return this.newReportPage(req, res, form, problems);
    // A form sent twice (a double click, a retry) drafts one report.
    const key = text(body.idempotencyKey);
    try {
      const drafted = await this.api.post<{ reportId: string }>(req, '/analysis/reports', { from: from.month, to: to.month, title: form.title }, UUID.test(key) ? { 'idempotency-key': key } : {});
      req.session.flash = { title: 'Report drafted', text: 'Write a narrative for each action of the plan, then issue the report.' };
      res.redirect(303, `/console/analysis/reports/${drafted.reportId}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400) return this.newReportPage(req, res, form, error.errors);
      throw error;
    }
  }

  @Get('analysis/reports/:id')
  @ConsolePage(READERS)
  async report(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('id') id: string): Promise<string> {
    return this.reportPage(req, res, reportIdOf(id));
  }

  private async reportPage(req: ConsoleRequest, res: Response, reportId: string, failed?: { action: string; text: string; problems: readonly FieldProblem[] }): Promise<string> {
    const report = await this.api.get<ReportView>(req, `/analysis/reports/${reportId}`);
    const preview = report.preview;
    // Each action with the totals of the tables that evidence it: the draft's preview, in brief (the downloads hold every row).
    const themes = reportPlan(Object.keys(preview?.tables ?? {}), report.narratives).map((theme) => ({
      ...theme,
      actions: theme.actions.map((action) => ({
        ...action,
        id: `narrative-${action.number.replace('.', '-')}`,
        typed: failed?.action === action.number ? failed.text : (action.narrative ?? ''),
        figures: action.tables.map((name) => ({ caption: preview!.tables[name].caption, ...preview!.tables[name].total })),
      })),
    }));
    const errors = failed ? errorsFor(failed.problems) : undefined;
    return this.pages.render(
      req,
      res,
      'board/report.njk',
      {
        pageTitle: report.title,
        report,
        periodText: periodText(report.period),
        previewPeriod: preview ? periodText(preview.previousPeriod) : undefined,
        labels: preview ? periodLabels(preview.period, preview.previousPeriod) : undefined,
        threshold: preview?.suppressionThreshold,
        themes,
        downloads: DOWNLOADS.map((file) => ({ href: `/console/analysis/reports/${reportId}/${file}`, file })),
        canWrite: this.canWrite(req) && report.status === 'draft',
        errors,
        backLink: '/console/analysis/reports',
      },
      errors ? 400 : 200,
    );
  }

  @Post('analysis/reports/:id/narratives/:action')
  @ConsolePage(WRITERS)
  async narrative(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const reportId = reportIdOf(id);
    if (!ACTION_NUMBERS.includes(action)) throw new NotFoundException();
    const fieldId = `narrative-${action.replace('.', '-')}`;
    const typed = text(body.text);
    if (typed.trim() === '') return this.reportPage(req, res, reportId, { action, text: typed, problems: [{ field: fieldId, problems: [`Enter the narrative for action ${action}`] }] });
    // The revision the page showed: a narrative written by someone else since is a conflict, not overwritten.
    const revision = text(body.revision);
    try {
      await this.api.put(req, `/analysis/reports/${reportId}/narratives/${action}`, { text: typed }, /^\d{1,15}$/.test(revision) ? { 'if-match': revision } : {});
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400) {
        // The API names the text; on this page the text is this action's box.
        const problems = error.errors.map((e) => ({ field: e.field === 'text' ? fieldId : e.field, problems: e.problems }));
        return this.reportPage(req, res, reportId, { action, text: typed, problems });
      }
      throw error;
    }
    req.session.flash = { title: 'Narrative saved', text: `The narrative for action ${action} is saved.` };
    res.redirect(303, `/console/analysis/reports/${reportId}#${fieldId}`);
  }

  @Post('analysis/reports/:id/issue')
  @ConsolePage(WRITERS)
  async issue(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('id') id: string): Promise<void> {
    const reportId = reportIdOf(id);
    await this.api.post(req, `/analysis/reports/${reportId}/issue`, undefined);
    req.session.flash = { title: 'Report issued', text: 'Its figures and narratives are fixed: every download now gives the same report.' };
    res.redirect(303, `/console/analysis/reports/${reportId}`);
  }

  @Get('analysis/reports/:id/:file')
  @ConsolePage(READERS)
  async download(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('id') id: string, @Param('file') file: string): Promise<StreamableFile> {
    const reportId = reportIdOf(id);
    if (!(DOWNLOADS as readonly string[]).includes(file)) throw new NotFoundException();
    return this.stream(res, await this.api.download(req, `/analysis/reports/${reportId}/${file}`));
  }

  /** A download as the API made it: its bytes, its type and its file name. */
  private stream(res: Response, download: { bytes: Buffer; headers: Headers }): StreamableFile {
    res.status(200);
    return new StreamableFile(download.bytes, {
      type: download.headers.get('content-type') ?? 'application/octet-stream',
      disposition: download.headers.get('content-disposition') ?? 'attachment',
      length: download.bytes.length,
    });
  }

  private canWrite(req: ConsoleRequest): boolean {
    return WRITERS.some((role) => req.session.user?.roles.includes(role));
  }
}
