import { Body, Get, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { Change, EventSummary, RecordDiff, RecordState, TrailEntry as AuditTrailEntry } from '@app/audit';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ApiProblem, ConsoleApi, FieldProblem } from '../http/console-api';
import { ConsolePages, errorsFor } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import { MomentInput, MomentProblem, RECORD_KINDS, UUID, kindText, parseMomentInput, preciseTime, recordRows, valueText } from './audit-display';

/** The audit API's answers, as libs/audit declares them; a trail's reads carry what the access record says too. */
type TrailEntry = AuditTrailEntry & { purpose?: string; breakGlass?: boolean; outcome?: 'shown' | 'refused' };

interface ChainReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  firstBroken?: { streamId: string; revision: number; position: string; problem: string };
}

interface Checkpoint {
  treeSize: number;
  rootHash: string;
  lastPosition: string;
  issuedAt: string;
  keyId: string;
}

type Fields = Record<string, string | string[] | undefined>;

/** A form field as one string: urlencoded bodies and queries give an array when a name repeats. */
const one = (fields: Fields, name: string): string => {
  const value = fields[name];
  return (Array.isArray(value) ? value[0] : value ?? '').toString();
};

const momentInput = (fields: Fields, prefix: string): MomentInput => ({
  day: one(fields, `${prefix}-day`),
  month: one(fields, `${prefix}-month`),
  year: one(fields, `${prefix}-year`),
  time: one(fields, `${prefix}-time`),
});

const hasMoment = (input: MomentInput) => !!(input.day || input.month || input.year || input.time);

/** The record's page, from its kind and id: ids are UUIDs, never a name, so they may go in the address. */
const recordPath = (kind: string, recordId: string) => `/console/audit/records/${encodeURIComponent(kind)}/${encodeURIComponent(recordId)}`;
const apiRecordPath = (kind: string, recordId: string) => `/audit/records/${encodeURIComponent(kind)}/${encodeURIComponent(recordId)}`;

/**
 * The auditor's pages (issue 15, journey 6): a record as it stood at a moment, the difference
 * between two moments, its trail of changes and reads, chain verification, checkpoints and audit
 * packs. Every call goes to the audit API with the auditor's own token, so each replay, diff and
 * trail read is recorded against them as the API records it.
 */
@ConsoleController('console')
export class AuditController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly api: ConsoleApi,
  ) {}

  @Get('audit')
  @ConsolePage(['auditor'])
  start(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): string {
    return this.renderStart(req, res, { kind: '', recordId: '' });
  }

  /** The record chosen: its page is addressed by kind and id (a UUID, never personal data). */
  @Post('audit')
  @ConsolePage(['auditor'])
  choose(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Body() body: Fields): string | void {
    const kind = one(body, 'kind');
    const recordId = one(body, 'recordId').trim().toLowerCase();
    const problems: FieldProblem[] = [];
    if (!RECORD_KINDS.some((k) => k.value === kind)) problems.push({ field: 'kind', problems: ['Select the kind of record'] });
    if (!recordId) problems.push({ field: 'recordId', problems: ['Enter the record’s id'] });
    else if (!UUID.test(recordId)) problems.push({ field: 'recordId', problems: ['Enter the record’s id as it is shown on the record, like 4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f'] });
    // The id typed is not shown again: it may be something other than an id.
    if (problems.length > 0) return this.renderStart(req, res, { kind, recordId: '' }, problems);
    res.redirect(303, recordPath(kind, recordId));
  }

  /** The record as it stood at a moment: a revision on the slider, or a date and time; now by default. */
  @Get('audit/records/:kind/:recordId')
  @ConsolePage(['auditor'])
  async record(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('kind') kind: string,
    @Param('recordId') recordId: string,
    @Query() query: Fields,
  ): Promise<string> {
    this.checkRecord(kind, recordId);
    const revisions = await this.revisions(req, kind, recordId);
    const input = momentInput(query, 'asOf');
    const problems: MomentProblem[] = [];
    let asOf: string | undefined;
    const revisionAsked = one(query, 'revision');
    if (revisionAsked !== '') {
      const chosen = revisions.find((r) => String(r.revision) === revisionAsked);
      if (chosen) asOf = chosen.at;
      else problems.push({ field: 'revision', problems: [`Choose a revision from 0 to ${Math.max(revisions.length - 1, 0)}`] });
    } else if (hasMoment(input)) {
      const parsed = parseMomentInput('asOf', input);
      problems.push(...parsed.problems);
      asOf = parsed.moment?.toISOString();
    }
    const record = problems.length > 0 ? undefined : await this.api.get<RecordState>(req, apiRecordPath(kind, recordId), { asOf });
    const latest = revisions[revisions.length - 1];
    return this.pages.render(
      req,
      res,
      'audit/record.njk',
      {
        ...this.recordContext(kind, recordId, 'record'),
        pageTitle: `${kindText(kind)} as of a moment`,
        revisions: revisions.map((r) => ({ ...r, time: preciseTime(r.at), typeText: words(r.type) })),
        latestRevision: latest?.revision ?? 0,
        record: record && {
          ...record,
          asOfText: record.asOf ? preciseTime(record.asOf) : undefined,
          lastEvent: record.lastEvent && { ...record.lastEvent, time: preciseTime(record.lastEvent.at), typeText: words(record.lastEvent.type) },
          stateRows: recordRows(record.state),
          viewRows: record.view === undefined ? undefined : recordRows(record.view),
        },
        input,
        sliderValue: record?.existed ? record.revision : revisionAsked !== '' && /^\d+$/.test(revisionAsked) ? Math.min(Number(revisionAsked), latest?.revision ?? 0) : latest?.revision ?? 0,
        errors: problems.length > 0 ? errorsFor(problems) : undefined,
      },
      problems.length > 0 ? 400 : 200,
    );
  }

  /** What changed between two revisions of the record, and the changes that did it. */
  @Get('audit/records/:kind/:recordId/diff')
  @ConsolePage(['auditor'])
  async diff(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('kind') kind: string,
    @Param('recordId') recordId: string,
    @Query() query: Fields,
  ): Promise<string> {
    this.checkRecord(kind, recordId);
    const revisions = await this.revisions(req, kind, recordId);
    const at = (name: string, fallback: number) => {
      const asked = one(query, name);
      return asked === '' ? revisions.find((r) => r.revision === fallback) : revisions.find((r) => String(r.revision) === asked);
    };
    const from = at('from', 0);
    const to = at('to', revisions[revisions.length - 1]?.revision ?? 0);
    const problems: FieldProblem[] = [];
    if (revisions.length > 0 && !from) problems.push({ field: 'from', problems: ['Choose the revision to compare from'] });
    if (revisions.length > 0 && !to) problems.push({ field: 'to', problems: ['Choose the revision to compare to'] });
    if (from && to && to.revision < from.revision) problems.push({ field: 'to', problems: ['The later revision must not be before the earlier one'] });
    const diff =
      problems.length === 0 && from && to ? await this.api.get<RecordDiff>(req, `${apiRecordPath(kind, recordId)}/diff`, { from: from.at, to: to.at }) : undefined;
    const changeRows = (changes: Change[] | undefined) =>
      changes?.map((c) => ({ path: c.path, change: c.change, before: c.change === 'added' ? '' : valueText(c.before), after: c.change === 'removed' ? '' : valueText(c.after) }));
    return this.pages.render(
      req,
      res,
      'audit/diff.njk',
      {
        ...this.recordContext(kind, recordId, 'diff'),
        pageTitle: `${kindText(kind)}: difference between two moments`,
        revisions,
        fromItems: options(revisions, one(query, 'from') || String(from?.revision ?? '')),
        toItems: options(revisions, one(query, 'to') || String(to?.revision ?? '')),
        diff: diff && {
          fromText: preciseTime(diff.from),
          toText: preciseTime(diff.to),
          fromRevision: from?.revision,
          toRevision: to?.revision,
          events: diff.events.map((e) => ({ ...e, time: preciseTime(e.at), typeText: words(e.type) })),
          stateChanges: changeRows(diff.stateChanges),
          viewChanges: changeRows(diff.viewChanges),
        },
        errors: problems.length > 0 ? errorsFor(problems) : undefined,
      },
      problems.length > 0 ? 400 : 200,
    );
  }

  /** Every change and every recorded read of the record, oldest first, as a timeline. */
  @Get('audit/records/:kind/:recordId/trail')
  @ConsolePage(['auditor'])
  async trail(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('kind') kind: string,
    @Param('recordId') recordId: string,
    @Query() query: Fields,
  ): Promise<string> {
    this.checkRecord(kind, recordId);
    const asked = one(query, 'entry');
    const entry = asked === 'change' || asked === 'access' ? asked : '';
    const { entries } = await this.api.get<{ entries: TrailEntry[] }>(req, `${apiRecordPath(kind, recordId)}/trail`, { entry });
    return this.pages.render(req, res, 'audit/trail.njk', {
      ...this.recordContext(kind, recordId, 'trail'),
      pageTitle: `${kindText(kind)}: trail of changes and reads`,
      entry,
      entries: entries.map((e) => ({
        ...e,
        time: preciseTime(e.at),
        title: e.entry === 'change' ? `Revision ${e.revision}: ${words(e.type)}` : e.outcome === 'refused' ? 'Access refused' : e.breakGlass ? 'Read with break-glass' : 'Read',
      })),
      changes: entries.filter((e) => e.entry === 'change').length,
      reads: entries.filter((e) => e.entry === 'access').length,
    });
  }

  /** A form for the period, and the pack's download. */
  @Get('audit/records/:kind/:recordId/pack')
  @ConsolePage(['auditor'])
  async pack(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('kind') kind: string,
    @Param('recordId') recordId: string,
  ): Promise<string> {
    this.checkRecord(kind, recordId);
    return this.renderPack(req, res, kind, recordId, { from: momentInput({}, 'from'), to: momentInput({}, 'to') });
  }

  /**
   * The audit pack of the period, streamed as the API made it (its type and file name): the API
   * records the export against the auditor and signs the checkpoint the pack carries.
   */
  @Get('audit/records/:kind/:recordId/pack/download')
  @ConsolePage(['auditor'])
  async download(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('kind') kind: string,
    @Param('recordId') recordId: string,
    @Query() query: Fields,
  ): Promise<string | StreamableFile> {
    this.checkRecord(kind, recordId);
    const input = { from: momentInput(query, 'from'), to: momentInput(query, 'to') };
    const problems: FieldProblem[] = [];
    const from = hasMoment(input.from) ? parseMomentInput('from', { ...input.from, time: input.from.time || '00:00' }) : { moment: new Date(0), problems: [] };
    const to = hasMoment(input.to) ? parseMomentInput('to', input.to) : { moment: new Date(), problems: [] };
    problems.push(...from.problems, ...to.problems);
    if (problems.length === 0 && to.moment! < from.moment!) problems.push({ field: 'to-day', problems: ['The end of the period must not be before its start'] });
    if (problems.length > 0) return this.renderPack(req, res, kind, recordId, input, problems);
    try {
      const { bytes, headers } = await this.api.download(req, `${apiRecordPath(kind, recordId)}/pack`, { from: from.moment!.toISOString(), to: to.moment!.toISOString() });
      return new StreamableFile(bytes, {
        type: headers.get('content-type') ?? 'application/octet-stream',
        disposition: headers.get('content-disposition') ?? `attachment; filename="audit-pack-${kind}-${recordId}"`,
        length: bytes.length,
      });
    } catch (error) {
      // A period with no change of the record: said on the form, nothing was written.
      if (error instanceof ApiProblem && (error.status === 400 || error.status === 422)) {
        return this.renderPack(req, res, kind, recordId, input, error.errors.length > 0 ? error.errors.map(packField) : [{ field: 'from-day', problems: [error.message] }]);
      }
      throw error;
    }
  }

  /** Checks the hash chain of the whole store (or of one stream) when asked, and says what it found. */
  @Get('audit/verify')
  @ConsolePage(['auditor'])
  async verify(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query() query: Fields): Promise<string> {
    const checking = one(query, 'check') !== '';
    const stream = one(query, 'stream').trim();
    const problems: FieldProblem[] = [];
    if (stream && !/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/.test(stream)) problems.push({ field: 'stream', problems: ['Enter a stream id, like case-4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f, or leave it blank for the whole record'] });
    const report = checking && problems.length === 0 ? await this.api.get<ChainReport>(req, '/audit/verify', { stream: stream || undefined }) : undefined;
    return this.pages.render(
      req,
      res,
      'audit/verify.njk',
      { pageTitle: 'Verify the chain', backLink: '/console/audit', stream: problems.length > 0 ? '' : stream, report, errors: problems.length > 0 ? errorsFor(problems) : undefined },
      problems.length > 0 ? 400 : 200,
    );
  }

  @Get('audit/checkpoints')
  @ConsolePage(['auditor'])
  async checkpoints(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.renderCheckpoints(req, res, '');
  }

  /** Publishes a signed checkpoint now; the API refuses (409) over a broken chain, and that page says so. */
  @Post('audit/checkpoints')
  @ConsolePage(['auditor'])
  async publish(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Body() body: Fields): Promise<string | void> {
    const reason = one(body, 'reason').trim();
    let published: { checkpoint: Checkpoint };
    try {
      published = await this.api.post<{ checkpoint: Checkpoint }>(req, '/audit/checkpoints', reason ? { reason } : {});
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400) return this.renderCheckpoints(req, res, reason, error.errors.length > 0 ? error.errors : [{ field: 'reason', problems: [error.message] }]);
      throw error;
    }
    req.session.flash = {
      title: 'Checkpoint published',
      text: `Signed over the first ${published.checkpoint.treeSize.toLocaleString('en-GB')} events of the record, at ${preciseTime(published.checkpoint.issuedAt)}.`,
    };
    res.redirect(303, '/console/audit/checkpoints');
  }

  private renderStart(req: ConsoleRequest, res: Response, input: { kind: string; recordId: string }, problems: FieldProblem[] = []): string {
    return this.pages.render(
      req,
      res,
      'audit/start.njk',
      {
        pageTitle: 'Audit',
        kinds: RECORD_KINDS.map((k) => ({ value: k.value, text: k.text, hint: { text: k.hint }, checked: k.value === input.kind })),
        input,
        errors: problems.length > 0 ? errorsFor(problems) : undefined,
      },
      problems.length > 0 ? 400 : 200,
    );
  }

  private renderPack(
    req: ConsoleRequest,
    res: Response,
    kind: string,
    recordId: string,
    input: { from: MomentInput; to: MomentInput },
    problems: FieldProblem[] = [],
  ): string {
    return this.pages.render(
      req,
      res,
      'audit/pack.njk',
      { ...this.recordContext(kind, recordId, 'pack'), pageTitle: `${kindText(kind)}: audit pack`, input, errors: problems.length > 0 ? errorsFor(problems) : undefined },
      problems.length > 0 ? 400 : 200,
    );
  }

  private async renderCheckpoints(req: ConsoleRequest, res: Response, reason: string, problems: FieldProblem[] = []): Promise<string> {
    const { checkpoints } = await this.api.get<{ checkpoints: Checkpoint[] }>(req, '/audit/checkpoints');
    return this.pages.render(
      req,
      res,
      'audit/checkpoints.njk',
      {
        pageTitle: 'Checkpoints',
        backLink: '/console/audit',
        // Newest first: the one just published is the one the auditor looks for.
        checkpoints: [...checkpoints].reverse().map((c) => ({ ...c, time: preciseTime(c.issuedAt) })),
        reason,
        errors: problems.length > 0 ? errorsFor(problems) : undefined,
      },
      problems.length > 0 ? 400 : 200,
    );
  }

  /** The record's revisions (its own changes, oldest first), for the slider and the revision lists. */
  private async revisions(req: ConsoleRequest, kind: string, recordId: string): Promise<EventSummary[]> {
    const { entries } = await this.api.get<{ entries: (TrailEntry & { eventId: string; position: string })[] }>(req, `${apiRecordPath(kind, recordId)}/trail`, { entry: 'change' });
    return entries
      .filter((e): e is typeof e & { revision: number } => e.entry === 'change' && typeof e.revision === 'number')
      .map((e) => ({ eventId: e.eventId, revision: e.revision, position: e.position, type: e.type, at: e.at, actor: e.actor, agency: e.agency, ...(e.reason ? { reason: e.reason } : {}) }));
  }

  /** What every page about one record shows: its kind and id, and the sub-navigation between its pages. */
  private recordContext(kind: string, recordId: string, current: 'record' | 'diff' | 'trail' | 'pack') {
    const base = recordPath(kind, recordId);
    const items = [
      { key: 'record', text: 'As of a moment', href: base },
      { key: 'diff', text: 'Difference', href: `${base}/diff` },
      { key: 'trail', text: 'Trail', href: `${base}/trail` },
      { key: 'pack', text: 'Audit pack', href: `${base}/pack` },
    ];
    return {
      kind,
      kindText: kindText(kind),
      recordId,
      base,
      backLink: '/console/audit',
      subNavigation: items.map((item) => ({ text: item.text, href: item.href, active: item.key === current })),
    };
  }

  /** A kind the console does not know, or an id that is not a UUID, is not a record's page (nothing is asked of the API). */
  private checkRecord(kind: string, recordId: string): void {
    if (!RECORD_KINDS.some((k) => k.value === kind) || !UUID.test(recordId)) throw new ApiProblem(404, 'No such record');
  }
}

/** The revisions as a select's options, the chosen one selected. */
function options(revisions: EventSummary[], chosen: string): { value: string; text: string; selected: boolean }[] {
  return revisions.map((r) => ({ value: String(r.revision), text: `Revision ${r.revision}: ${words(r.type)}, ${preciseTime(r.at)}`, selected: String(r.revision) === chosen }));
}

/** `CaseFlagSet` → `Case flag set`: event types as an auditor reads them. */
function words(type: string): string {
  const spaced = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The API names its query fields (`query from`); the form's are the date inputs' first boxes. */
function packField(problem: FieldProblem): FieldProblem {
  const field = problem.field.replace(/^query /, '');
  return { field: field === 'from' || field === 'to' ? `${field}-day` : field, problems: problem.problems };
}
