import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  ApiCommandHeaders,
  ApiProblems,
  CommandHeaders,
  CommandHeaderValues,
  ConsistentWith,
  CurrentActor,
  OFFSET_REFUSED,
  Writes,
  badRequest,
  decodeCursor,
} from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { monthsBetween } from '../profile/profile-facts';
import { MAX_PROFILE_MONTHS, periodOf } from '../profile/profile.controller';
import { requireAggregateReader } from '../aggregate-readers';
import { isActionNumber, ACTION_NUMBERS } from './action-plan.rules';
import { tableOrder } from './report-content';
import { tablesCsv } from './report-csv';
import { reportHtml } from './report-html';
import { reportPdf } from './report-pdf';
import { ReportService, REPORT_LIST_CURSOR } from './report.service';
import { DraftBoardReportDto, ListBoardReportsDto, WriteNarrativeDto } from './report.dto';
import { CSV_EXAMPLE, DRAFT_ANSWER_SCHEMA, ISSUE_ANSWER_SCHEMA, LIST_SCHEMA, NARRATIVE_ANSWER_SCHEMA, VIEW_SCHEMA } from './report.examples';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READERS_TEXT = 'Board members, board officers and analysts read; only board officers draft, write and issue.';
const DRAFT_DOWNLOADS =
  'An issued report is made from its stored content alone: the same bytes every time, whatever happened since (more events, an erasure). A draft gives a preview of the figures now, marked DRAFT (first line and title; for the CSV, its file name).';

/** The report's id from the path: 400 naming it when it is not a UUID (an id is never personal data). */
function reportIdOf(id: string): string {
  if (!UUID.test(id)) throw badRequest([{ field: 'path id', problems: ['must be a report id (a UUID)'] }]);
  return id.toLowerCase();
}

/** A draft's preview is named as one, so a downloaded copy never passes for the issued report. */
const fileName = (reportId: string, status: 'draft' | 'issued', extension: string) => `board-report-${reportId}${status === 'draft' ? '-DRAFT' : ''}.${extension}`;

const csvFile = (csv: string, name: string) => new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${name}"` });

/**
 * The board's biannual report on the action plan (strategy section 7; issue 14 item 4): drafted,
 * written and issued by the board's officers; read, as JSON, PDF, HTML or CSV, by the board and its
 * analysts. Every read is recorded in the access log. Aggregates only.
 */
@ApiTags('analysis')
@Controller('analysis')
export class ReportController {
  constructor(
    private readonly reports: ReportService,
    private readonly access: AccessGate,
  ) {}

  @Post('reports')
  @HttpCode(201)
  @ApiOperation({ summary: 'Draft a board report for a period of whole months', description: `The report follows the action plan's themes and actions 1.1–4.6. ${READERS_TEXT}` })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({ description: 'Drafted (or, on a retry with the same key, found)', schema: DRAFT_ANSWER_SCHEMA })
  @ApiProblems(400, 403, 409, 422)
  @Writes('board-report', 'DraftBoardReport')
  draft(@CurrentActor() actor: Actor, @Body() body: DraftBoardReportDto, @CommandHeaders() headers: CommandHeaderValues) {
    if (body.to < body.from) throw badRequest([{ field: 'to', problems: ['must not be before from'] }]);
    if (monthsBetween(body.from, body.to) > MAX_PROFILE_MONTHS) throw badRequest([{ field: 'to', problems: [`the period may be at most ${MAX_PROFILE_MONTHS} months`] }]);
    return this.reports.draft(actor, { period: { from: body.from, to: body.to }, title: body.title.trim() }, headers.idempotencyKey);
  }

  @Put('reports/:id/narratives/:action')
  @HttpCode(200)
  @ApiOperation({ summary: "Write the narrative of one action of a draft report (replaces the action's earlier text)", description: 'Refused (409) once the report is issued.' })
  @ApiParam({ name: 'id', description: 'The report id' })
  @ApiParam({ name: 'action', enum: [...ACTION_NUMBERS], description: 'The action plan’s action, 1.1 to 4.6' })
  @ApiCommandHeaders({ ifMatch: true, record: 'report' })
  @ApiOkResponse({ description: 'Written', schema: NARRATIVE_ANSWER_SCHEMA })
  @ApiProblems(400, 403, 404, 409, 422)
  @Writes('board-report', 'WriteReportNarrative')
  narrative(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('action') action: string, @Body() body: WriteNarrativeDto, @CommandHeaders() headers: CommandHeaderValues) {
    const reportId = reportIdOf(id);
    if (!isActionNumber(action)) throw badRequest([{ field: 'path action', problems: ['must be an action of the plan, 1.1 to 4.6'] }]);
    return this.reports.writeNarrative(actor, reportId, action, body.text, headers);
  }

  @Post('reports/:id/issue')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue a report: its figures cut from the profile now, with its narratives; it never changes after',
    description:
      'The figures are the profile’s and the training coverage’s for the report’s period beside the previous one, suppressed as published, read at the profile projection’s checkpoint (`position`); `contentHash` is the sha256 of the content’s canonical JSON. Pass `consistentWith` (a position a command returned) to be sure the figures include it. A second issue is refused (409).',
  })
  @ApiParam({ name: 'id', description: 'The report id' })
  @ApiOkResponse({ description: 'Issued', schema: ISSUE_ANSWER_SCHEMA })
  @ApiProblems(400, 403, 404, 409, 422)
  @Writes('board-report', 'IssueBoardReport')
  issue(@CurrentActor() actor: Actor, @Param('id') id: string, @ConsistentWith() consistentWith?: string) {
    return this.reports.issue(actor, reportIdOf(id), consistentWith);
  }

  @Get('reports')
  @ApiOperation({ summary: 'The board’s reports, newest draft first, a page at a time', description: `Keyset paged: pass \`next\` as \`after\`; \`offset\` is refused. ${READERS_TEXT} Each list shown is recorded.` })
  @ApiOkResponse({ description: 'The reports', schema: LIST_SCHEMA })
  @ApiProblems(400, 403)
  @ApiRecordedRead(false)
  async list(@CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo, @Query() query: ListBoardReportsDto) {
    await requireAggregateReader(this.access, actor, access, 'board-reports', {}, 'list the board reports');
    if (query.offset !== undefined) throw badRequest([OFFSET_REFUSED]);
    const after = decodeCursor(query.after, REPORT_LIST_CURSOR);
    const limit = query.limit ?? 20;
    const answer = await this.reports.list(limit, after, query.consistentWith);
    await this.access.listed(actor, access, 'board-reports', { limit, after: after !== undefined }, [], 'list the board reports');
    return { reports: answer.reports, limit, next: answer.next };
  }

  @Get('reports/:id')
  @ApiOperation({ summary: 'A report: its status, narratives and, once issued, its position and content hash; a draft with a preview of its figures now', description: `${READERS_TEXT} Each read is recorded.` })
  @ApiParam({ name: 'id', description: 'The report id' })
  @ApiOkResponse({ description: 'The report', schema: VIEW_SCHEMA })
  @ApiProblems(400, 403, 404)
  @ApiRecordedRead(false)
  async view(@CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo, @Param('id') id: string) {
    await requireAggregateReader(this.access, actor, access, 'board-report', { format: 'json' }, 'read a board report');
    const reportId = reportIdOf(id);
    const { view } = await this.reports.view(reportId);
    const preview = view.status === 'draft' ? await this.reports.figures(view.period) : undefined;
    await this.access.listed(actor, access, 'board-report', { reportId, format: 'json' }, [], 'read a board report');
    return { ...view, ...(preview ? { preview: { position: preview.position, ...preview.figures } } : {}) };
  }

  @Get('reports/:id/report.pdf')
  @ApiOperation({ summary: 'The report as a PDF', description: `${DRAFT_DOWNLOADS} ${READERS_TEXT} Each download is recorded.` })
  @ApiParam({ name: 'id', description: 'The report id' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary', example: '%PDF-1.3 …' } } } })
  @ApiProblems(400, 403, 404)
  @ApiRecordedRead(false)
  async pdf(@CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo, @Param('id') id: string): Promise<StreamableFile> {
    const reportId = await this.readable(actor, access, id, 'pdf');
    const report = await this.reports.rendered(reportId);
    const pdf = await reportPdf(report);
    await this.access.listed(actor, access, 'board-report', { reportId, format: 'pdf' }, [], 'read a board report');
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${fileName(reportId, report.status, 'pdf')}"` });
  }

  @Get('reports/:id/report.html')
  @ApiOperation({ summary: 'The report as one HTML document (inline CSS and SVG charts)', description: `${DRAFT_DOWNLOADS} ${READERS_TEXT} Each download is recorded.` })
  @ApiParam({ name: 'id', description: 'The report id' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The HTML', content: { 'text/html': { schema: { type: 'string', example: '<!DOCTYPE html><html lang="en-GB">…' } } } })
  @ApiProblems(400, 403, 404)
  @ApiRecordedRead(false)
  async html(@CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo, @Param('id') id: string): Promise<StreamableFile> {
    const reportId = await this.readable(actor, access, id, 'html');
    const report = await this.reports.rendered(reportId);
    const html = reportHtml(report);
    await this.access.listed(actor, access, 'board-report', { reportId, format: 'html' }, [], 'read a board report');
    return new StreamableFile(Buffer.from(html, 'utf8'), { type: 'text/html; charset=utf-8', disposition: `inline; filename="${fileName(reportId, report.status, 'html')}"` });
  }

  @Get('reports/:id/tables.csv')
  @ApiOperation({
    summary: 'Every table of the report as one CSV: table, value, count, previous, change',
    description: `RFC 4180, CRLF line ends; hidden cells as their published text ("fewer than 5", "not shown"); text a spreadsheet would run as a formula is prefixed with a single quote. ${DRAFT_DOWNLOADS} ${READERS_TEXT} Each download is recorded.`,
  })
  @ApiParam({ name: 'id', description: 'The report id' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV', content: { 'text/csv': { schema: { type: 'string', example: CSV_EXAMPLE } } } })
  @ApiProblems(400, 403, 404)
  @ApiRecordedRead(false)
  async csv(@CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo, @Param('id') id: string): Promise<StreamableFile> {
    const reportId = await this.readable(actor, access, id, 'csv');
    const { content, status } = await this.reports.rendered(reportId);
    await this.access.listed(actor, access, 'board-report', { reportId, format: 'csv' }, [], 'read a board report');
    // A CSV has no room for a banner: a draft's says so in its file name.
    return csvFile(tablesCsv(content.tables, tableOrder(content)), fileName(reportId, status, 'csv'));
  }

  @Get('profile.csv')
  @ApiOperation({
    summary: 'The problem profile over a period as one CSV: table, value, count, previous, change',
    description: `Every table of GET /analysis/profile (the training coverage as rates by agency), suppressed as published; RFC 4180, formula text defused. ${READERS_TEXT.split(';')[0]}. Each export is recorded (list \`profile\`).`,
  })
  @ApiQuery({ name: 'from', required: false, description: 'First month, YYYY-MM; with `to`. Default: six whole months before the current month' })
  @ApiQuery({ name: 'to', required: false, description: 'Last month, YYYY-MM, not before `from`; at most 60 months in all' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV', content: { 'text/csv': { schema: { type: 'string', example: CSV_EXAMPLE } } } })
  @ApiProblems(400, 403)
  @ApiRecordedRead(false)
  async profileCsv(
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @ConsistentWith() consistentWith?: string,
  ): Promise<StreamableFile> {
    await requireAggregateReader(this.access, actor, access, 'profile', { from, to, format: 'csv' }, 'export the problem profile');
    const period = periodOf(from, to, new Date());
    const { figures } = await this.reports.figures(period, consistentWith);
    await this.access.listed(actor, access, 'profile', { from: period.from, to: period.to, format: 'csv' }, [], 'export the problem profile');
    return csvFile(tablesCsv(figures.tables, Object.keys(figures.tables)), `profile-${period.from}-${period.to}.csv`);
  }

  /** The report's id once the reader may read it (a refusal recorded); 400 for an id that is not one. */
  private async readable(actor: Actor, access: AccessRequestInfo, id: string, format: string): Promise<string> {
    await requireAggregateReader(this.access, actor, access, 'board-report', { format }, 'read a board report');
    return reportIdOf(id);
  }
}
