import { randomUUID } from 'node:crypto';
import { Body, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Role } from '@app/common';
import { ApiProblem, ConsoleApi, FieldProblem } from '../http/console-api';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ConsolePages, errorsFor } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import { CASE_FLAGS, CASE_STATUSES, LINK_KINDS, RISK_BANDS, caseListFilters, filtersQuery, selectItems } from './case-codes';
import { BREAK_GLASS_HEADER, CaseView, breakGlassPossible, readAfter, readCase, redirectAfterPost } from './case-reads';
import { FormBody, Indicators, ReferralFormValues, blankReferralForm, indicatorItem, one, referralBody, referralFormValues, referralProblems } from './referral-form';

/** Who refers a child (NAVIGATION's "Make a referral"). */
const REFERRERS: readonly Role[] = ['referrer', 'practitioner'];
/** Casework roles: the API opens them the cases their agency is on, and lets them change those. */
const CASEWORK: readonly Role[] = ['referrer', 'practitioner', 'semrac-chair', 'semrac-member', 'intelligence-officer', 'sharing-officer'];
/** Auditors read every case (the API records it) and change none. */
const CASE_READERS: readonly Role[] = [...CASEWORK, 'auditor'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CaseListAnswer {
  total: number;
  limit: number;
  next: string | null;
  cases: { caseId: string; status: string; riskBand?: string | null; listedForSemrac: boolean; flags: string[]; agencies: string[]; updatedAt: string }[];
}

/**
 * Journey 2 (issue 15), a practitioner's day: refer a child, find the cases of their agency, open
 * one (by break-glass when it is outside their agencies, with a reason the API records), and
 * flag it, name a lead professional or link it to another child's case.
 */
@ConsoleController('console')
export class PractitionerController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly api: ConsoleApi,
  ) {}

  @Get('referrals/new')
  @ConsolePage(REFERRERS)
  async newReferral(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.referralForm(req, res, blankReferralForm(randomUUID()));
  }

  @Post('referrals')
  @ConsolePage(REFERRERS)
  async refer(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const form = referralFormValues(body);
    // A key per form shown: sending the same form twice (a double click, a retry) opens one case.
    const key = /^[A-Za-z0-9_.:-]{8,100}$/.test(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    try {
      const answer = await this.api.post<{ caseId: string; position: string; created: boolean; advice?: string }>(
        req,
        '/referrals',
        referralBody(form, req.session.user!.agencyId, new Date()),
        { 'Idempotency-Key': key },
      );
      readAfter(req, answer.caseId, answer.position);
      req.session.flash = {
        title: 'Referral received',
        text: answer.advice ?? 'The child’s case is open. The partnership’s practitioners for your agency can see it, and SEMRAC will consider it under the strategy’s criteria.',
      };
      redirectAfterPost(req, res, `/console/cases/${answer.caseId}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || (error.status !== 400 && error.status !== 422)) throw error;
      // 400 names the fields; 422 is the rule that a child's age must be given, one way or another.
      const problems = error.status === 400 ? referralProblems(error.errors) : [{ field: 'child.dateOfBirth', problems: [error.message] }];
      res.send(await this.referralForm(req, res, form, problems));
    }
  }

  @Get('cases')
  @ConsolePage(CASE_READERS)
  async cases(@Query() query: Record<string, unknown>, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    const filters = caseListFilters(query);
    const after = typeof query.after === 'string' && /^[A-Za-z0-9_=-]{1,500}$/.test(query.after) ? query.after : undefined;
    const answer = await this.api.get<CaseListAnswer>(req, '/cases', {
      status: filters.status,
      riskBand: filters.riskBand,
      flag: filters.flag,
      listedForSemrac: filters.listedForSemrac,
      agencyId: filters.scope === 'mine' ? req.session.user!.agencyId : undefined,
      limit: 25,
      after,
    });
    const words = (codes: readonly string[], labels: Record<string, string>) => codes.map((code) => labels[code] ?? code).join(', ');
    const flagWords = Object.fromEntries(Object.entries(CASE_FLAGS).map(([code, flag]) => [code, flag.text]));
    const filtered = !!(filters.status || filters.riskBand || filters.flag || filters.listedForSemrac);
    return this.pages.render(req, res, 'practitioner/cases.njk', {
      pageTitle: filters.scope === 'mine' ? 'Your agency’s cases' : 'All cases you can see',
      filters,
      filtered,
      statusItems: selectItems(CASE_STATUSES, filters.status),
      riskItems: selectItems(RISK_BANDS, filters.riskBand),
      flagItems: selectItems(flagWords, filters.flag),
      semracItems: selectItems({ true: 'Listed for SEMRAC', false: 'Not listed' }, filters.listedForSemrac),
      total: answer.total,
      rows: answer.cases.map((c) => ({
        caseId: c.caseId,
        reference: c.caseId.slice(0, 8),
        status: CASE_STATUSES[c.status] ?? c.status,
        open: c.status === 'open',
        riskBand: c.riskBand ? (RISK_BANDS[c.riskBand] ?? c.riskBand) : 'Not assessed',
        flags: words(c.flags, flagWords),
        agencies: c.agencies.join(', '),
        listedForSemrac: c.listedForSemrac,
        updatedAt: c.updatedAt,
      })),
      mineHref: `/console/cases${filtersQuery({ ...filters, scope: 'mine' })}`,
      allHref: `/console/cases${filtersQuery({ ...filters, scope: 'all' })}`,
      clearHref: `/console/cases${filtersQuery({ scope: filters.scope })}`,
      firstHref: after ? `/console/cases${filtersQuery(filters)}` : undefined,
      nextHref: answer.next ? `/console/cases${filtersQuery(filters, { after: answer.next })}` : undefined,
      canRefer: REFERRERS.some((role) => req.session.user!.roles.includes(role)),
    });
  }

  @Get('cases/:caseId')
  @ConsolePage(CASE_READERS)
  async case(@Param('caseId') caseId: string, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    assertCaseId(caseId);
    try {
      const { view, brokeGlass } = await readCase(this.api, req, caseId);
      return this.pages.render(req, res, 'practitioner/case.njk', {
        pageTitle: 'Case',
        ...caseContext(view),
        brokeGlass,
        canChange: CASEWORK.some((role) => req.session.user!.roles.includes(role)) && !brokeGlass,
        backLink: '/console/cases',
      });
    } catch (error) {
      if (breakGlassPossible(error)) return this.breakGlassForm(req, res, caseId, '', undefined, 403);
      // A reason the API does not accept (too short, too long): asked for again, with its problem.
      if (error instanceof ApiProblem && error.status === 400 && req.session.breakGlass?.[caseId]) {
        const reason = req.session.breakGlass[caseId];
        delete req.session.breakGlass[caseId];
        delete req.session.flash;
        return this.breakGlassForm(req, res, caseId, reason, breakGlassProblems(error.errors), 400);
      }
      throw error;
    }
  }

  @Post('cases/:caseId/break-glass')
  @ConsolePage(CASEWORK)
  async breakGlass(@Param('caseId') caseId: string, @Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    assertCaseId(caseId);
    const reason = one(body, 'reason');
    if (reason === '') {
      res.send(this.breakGlassForm(req, res, caseId, reason, [{ field: 'reason', problems: ['Enter why you need to open this case'] }], 400));
      return;
    }
    // The reason goes with the case page's own read, so the API records that access with it; a
    // reason it refuses (too short, too long) is asked for again there, and nothing is shown.
    req.session.breakGlass = { ...req.session.breakGlass, [caseId]: reason };
    req.session.flash = { title: 'Case opened by break-glass', text: 'Your reason is recorded with each time you open this case, and auditors are told.' };
    redirectAfterPost(req, res, `/console/cases/${caseId}`);
  }

  @Get('cases/:caseId/flags/new')
  @ConsolePage(CASEWORK)
  async newFlag(@Param('caseId') caseId: string, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    assertCaseId(caseId);
    const { view } = await readCase(this.api, req, caseId);
    return this.flagForm(req, res, view.caseId, view.revision, { flag: '', note: '' }, view.flags.map((f) => f.code));
  }

  @Post('cases/:caseId/flags')
  @ConsolePage(CASEWORK)
  async setFlag(@Param('caseId') caseId: string, @Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    assertCaseId(caseId);
    const values = { flag: one(body, 'flag'), note: one(body, 'note') };
    const revision = one(body, 'revision');
    if (!Object.hasOwn(CASE_FLAGS, values.flag)) {
      res.send(this.flagForm(req, res, caseId, revision, values, [], [{ field: 'flag', problems: ['Select the flag to set'] }]));
      return;
    }
    try {
      const answer = await this.api.put<{ position?: string; changed: boolean }>(req, `/cases/${caseId}/flags/${values.flag}`, values.note ? { note: values.note } : {}, ifMatch(revision));
      readAfter(req, caseId, answer.position);
      req.session.flash = answer.changed
        ? { title: 'Flag set', text: `The case is flagged: ${CASE_FLAGS[values.flag].text}.` }
        : { title: 'Already flagged', text: `The case was already flagged: ${CASE_FLAGS[values.flag].text}. Nothing changed.` };
      redirectAfterPost(req, res, `/console/cases/${caseId}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || (error.status !== 400 && error.status !== 422)) throw error;
      // 422: a child witness flag needs the support and protection in place (action 4.4).
      const problems = error.status === 400 ? bodyProblems(error.errors) : [{ field: 'note', problems: [error.message] }];
      res.send(this.flagForm(req, res, caseId, revision, values, [], problems));
    }
  }

  @Get('cases/:caseId/lead-professionals/new')
  @ConsolePage(CASEWORK)
  async newLead(@Param('caseId') caseId: string, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    assertCaseId(caseId);
    const { view } = await readCase(this.api, req, caseId);
    const own = view.agencies.find((a) => a.id === req.session.user!.agencyId);
    const values = { agencyId: req.session.user!.agencyId, agencyName: own?.name ?? '', name: '', role: '', contact: '' };
    return this.leadForm(req, res, view.caseId, view.revision, values);
  }

  @Post('cases/:caseId/lead-professionals')
  @ConsolePage(CASEWORK)
  async nameLead(@Param('caseId') caseId: string, @Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    assertCaseId(caseId);
    const values = { agencyId: one(body, 'agencyId'), agencyName: one(body, 'agencyName'), name: one(body, 'name'), role: one(body, 'role'), contact: one(body, 'contact') };
    const revision = one(body, 'revision');
    try {
      const { contact, ...required } = values;
      const answer = await this.api.put<{ position?: string }>(req, `/cases/${caseId}/lead-professionals`, { ...required, ...(contact ? { contact } : {}) }, ifMatch(revision));
      readAfter(req, caseId, answer.position);
      req.session.flash = { title: 'Lead professional named', text: `${values.name} is the lead professional for ${values.agencyName}.` };
      redirectAfterPost(req, res, `/console/cases/${caseId}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || (error.status !== 400 && error.status !== 422)) throw error;
      const problems = error.status === 400 ? bodyProblems(error.errors) : [{ field: 'agencyId', problems: [error.message] }];
      res.send(this.leadForm(req, res, caseId, revision, values, problems));
    }
  }

  @Get('cases/:caseId/links/new')
  @ConsolePage(CASEWORK)
  async newLink(@Param('caseId') caseId: string, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    assertCaseId(caseId);
    const { view } = await readCase(this.api, req, caseId);
    return this.linkForm(req, res, view.caseId, view.revision, { linkedCaseId: '', kind: '', note: '', idempotencyKey: randomUUID() });
  }

  @Post('cases/:caseId/links')
  @ConsolePage(CASEWORK)
  async link(@Param('caseId') caseId: string, @Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    assertCaseId(caseId);
    const values = { linkedCaseId: one(body, 'linkedCaseId'), kind: one(body, 'kind'), note: one(body, 'note'), idempotencyKey: one(body, 'idempotencyKey') };
    const revision = one(body, 'revision');
    const key: Record<string, string> = /^[A-Za-z0-9_.:-]{8,100}$/.test(values.idempotencyKey) ? { 'Idempotency-Key': values.idempotencyKey } : {};
    try {
      const sent = { linkedCaseId: values.linkedCaseId, kind: values.kind, ...(values.note ? { note: values.note } : {}) };
      const answer = await this.api.post<{ position?: string }>(req, `/cases/${caseId}/links`, sent, { ...ifMatch(revision), ...key });
      readAfter(req, caseId, answer.position);
      req.session.flash = { title: 'Cases linked', text: `This case is linked to case ${values.linkedCaseId.slice(0, 8)} (${LINK_KINDS[values.kind] ?? values.kind}).` };
      redirectAfterPost(req, res, `/console/cases/${caseId}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || (error.status !== 400 && error.status !== 422)) throw error;
      const problems = error.status === 400 ? bodyProblems(error.errors) : [{ field: 'linkedCaseId', problems: [error.message] }];
      res.send(this.linkForm(req, res, caseId, revision, values, problems));
    }
  }

  private async referralForm(req: ConsoleRequest, res: Response, form: ReferralFormValues, problems?: FieldProblem[]): Promise<string> {
    const indicators = await this.api.get<Indicators>(req, '/reference/indicators');
    return this.pages.render(
      req,
      res,
      'practitioner/referral-new.njk',
      {
        pageTitle: 'Make a referral',
        form,
        agencyId: req.session.user!.agencyId,
        agencyKindItems: [{ value: '', text: 'Select the kind of agency' }, ...indicators.agencyKinds.map((k) => ({ value: k.code, text: k.label, selected: k.code === form.agencyKind }))],
        vulnerabilityItems: indicators.vulnerabilities.map((v) => indicatorItem(v, form.vulnerabilities)),
        signItems: indicators.signs.map((s) => indicatorItem(s, form.signs)),
        modelItems: indicators.exploitationModels.map((m) => ({ value: m.code, text: m.label, checked: m.code === form.suspectedModel })),
        errors: problems ? errorsFor(problems) : undefined,
        backLink: '/console',
      },
      problems ? 400 : 200,
    );
  }

  private breakGlassForm(req: ConsoleRequest, res: Response, caseId: string, reason: string, problems: FieldProblem[] | undefined, status: number): string {
    return this.pages.render(
      req,
      res,
      'practitioner/break-glass.njk',
      { pageTitle: 'This case is outside your agency’s cases', caseId, reason, errors: problems ? errorsFor(problems) : undefined, backLink: '/console/cases' },
      status,
    );
  }

  private flagForm(req: ConsoleRequest, res: Response, caseId: string, revision: number | string, values: { flag: string; note: string }, current: string[], problems?: FieldProblem[]): string {
    return this.pages.render(
      req,
      res,
      'practitioner/flag-new.njk',
      {
        pageTitle: 'Set a flag',
        caseId,
        revision,
        values,
        flagItems: Object.entries(CASE_FLAGS).map(([code, flag]) => ({
          value: code,
          text: flag.text,
          hint: { text: current.includes(code) ? `${flag.hint}. Already set on this case` : flag.hint },
          checked: values.flag === code,
        })),
        errors: problems ? errorsFor(problems) : undefined,
        backLink: `/console/cases/${caseId}`,
      },
      problems ? 400 : 200,
    );
  }

  private leadForm(req: ConsoleRequest, res: Response, caseId: string, revision: number | string, values: Record<string, string>, problems?: FieldProblem[]): string {
    return this.pages.render(
      req,
      res,
      'practitioner/lead-professional-new.njk',
      { pageTitle: 'Name a lead professional', caseId, revision, values, errors: problems ? errorsFor(problems) : undefined, backLink: `/console/cases/${caseId}` },
      problems ? 400 : 200,
    );
  }

  private linkForm(req: ConsoleRequest, res: Response, caseId: string, revision: number | string, values: Record<string, string>, problems?: FieldProblem[]): string {
    return this.pages.render(
      req,
      res,
      'practitioner/link-new.njk',
      {
        pageTitle: 'Link to another child’s case',
        caseId,
        revision,
        values,
        kindItems: Object.entries(LINK_KINDS).map(([value, text]) => ({ value, text, checked: values.kind === value })),
        errors: problems ? errorsFor(problems) : undefined,
        backLink: `/console/cases/${caseId}`,
      },
      problems ? 400 : 200,
    );
  }
}

/** A case id is a UUID: anything else is no page (and never reaches the API's address). */
function assertCaseId(caseId: string): void {
  if (!UUID.test(caseId)) throw new NotFoundException();
}

/** The revision the form was shown at: a case changed since answers 409, and nothing is written. */
function ifMatch(revision: string | number): Record<string, string> {
  return /^\d{1,15}$/.test(String(revision)) ? { 'If-Match': String(revision) } : {};
}

/** The fields a 400 named in a body, as the form's ids. */
function bodyProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ field: p.field.replace(/^body /, ''), problems: p.problems }));
}

/** The API names its header; the user typed a reason. */
function breakGlassProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  const found = problems.filter((p) => p.field.includes(BREAK_GLASS_HEADER));
  return [{ field: 'reason', problems: found.length > 0 ? found.flatMap((p) => p.problems.map((text) => `The reason ${text}`)) : ['Enter why you need to open this case'] }];
}

const GENDERS: Record<string, string> = { female: 'Female', male: 'Male', 'non-binary': 'Non-binary', 'not-known': 'Not known' };

/** What the case page shows, in the order it shows it. */
function caseContext(view: CaseView): Record<string, unknown> {
  const child = view.child as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const yesNo = (value: unknown) => (value === true ? 'Yes' : 'No');
  const childRows = [
    { key: 'First name', value: text(child.firstName) },
    { key: 'Last name', value: text(child.lastName) },
    { key: 'Known as', value: text(child.knownAs) },
    { key: 'Date of birth', value: text(child.dateOfBirth), date: true },
    { key: 'Approximate age', value: typeof child.approximateAge === 'number' ? `${child.approximateAge} years` : undefined },
    { key: 'Gender', value: GENDERS[String(child.gender)] ?? text(child.gender) },
    { key: 'Ethnicity', value: text(child.ethnicity) },
    { key: 'Area', value: text(child.area) },
    { key: 'School', value: text(child.school) },
    { key: 'Looked after', value: yesNo(child.lookedAfter) },
    { key: 'Care leaver', value: yesNo(child.careLeaver) },
    { key: 'Migrant or unaccompanied asylum seeking child', value: yesNo(child.migrantOrUnaccompanied) },
    { key: 'Special educational needs or disability', value: text(child.specialNeeds) },
    { key: 'Online identities', value: Array.isArray(child.onlineIdentities) && child.onlineIdentities.length > 0 ? child.onlineIdentities.join(', ') : undefined },
  ].filter((row) => row.value !== undefined);
  const missing = view.missing;
  const episodeIds = missing ? [...new Set([...missing.openEpisodeIds, ...missing.interviewsDue.map((i) => i.episodeId)])] : [];
  return {
    view,
    reference: view.caseId.slice(0, 8),
    childName: `${view.child.firstName} ${view.child.lastName}`,
    childRows,
    riskBand: view.risk ? (RISK_BANDS[view.risk.band] ?? view.risk.band) : undefined,
    links: view.links.map((link) => ({ ...link, reference: link.caseId.slice(0, 8) })),
    episodes: episodeIds.map((episodeId) => ({
      episodeId,
      reference: episodeId.slice(0, 8),
      open: missing!.openEpisodeIds.includes(episodeId),
      interview: missing!.interviewsDue.find((i) => i.episodeId === episodeId),
    })),
    timeline: [...view.chronology].reverse().map((entry) => ({
      label: { text: entry.summary },
      byline: { text: `${entry.by.userId}, ${entry.by.agencyId}` },
      datetime: { timestamp: entry.at },
      text: entry.reason ? `Reason: ${entry.reason}` : '',
    })),
  };
}
