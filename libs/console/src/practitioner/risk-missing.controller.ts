import { randomUUID } from 'node:crypto';
import { Body, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { CaseView, MissingEpisodeView, RiskScheme } from '@app/cases';
import type { Role } from '@app/common';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ApiProblem, ConsoleApi, FieldProblem } from '../http/console-api';
import { ConsolePages } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import {
  INTERVIEW_DATE_FIELDS,
  INTERVIEW_LABELS,
  InterviewValues,
  MissingReportValues,
  REPORT_DATE_FIELDS,
  REPORT_LABELS,
  RETURN_DATE_FIELDS,
  RETURN_LABELS,
  ReturnValues,
  emptyInterview,
  emptyReport,
  emptyReturn,
  interviewBody,
  interviewClock,
  readInterview,
  readReport,
  readReturn,
  reportBody,
  returnBody,
} from './missing-episode-forms';
import { RiskFormValues, emptyRiskForm, previewSigns, readRiskForm, riskAssessmentBody, riskFieldLabels, riskFormProblems, riskProblemsOnForm, signField } from './risk-form';
import { FormBody, formErrors, textOf } from './risk-missing-forms';
import { readAfter } from './case-reads';
import { BAND_TAG, RiskSchemeAnswer, YOUNG_CHILD_MAX_AGE, childAgeOn, previewRisk } from './risk-score';

/** Who assesses risk and records missing episodes: casework roles the console's case pages open. */
const CASEWORK: readonly Role[] = ['practitioner', 'semrac-chair', 'semrac-member'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A store position the API returned (`consistentWith`): passed back so the next page reads the user's own write. */
const POSITION = /^[0-9]{1,20}(:[0-9]{1,20})?$/;

type Indicators = { vulnerabilities: { code: string; label: string }[]; signs: { code: string; label: string }[] };
type MissingReference = {
  missingFrom: { code: string; label: string }[];
  policeCategories: { code: string; label: string }[];
  riskLevels: { code: string; label: string }[];
  returnInterviewHours: number;
};
type EpisodeAnswer = MissingEpisodeView & { interview: MissingEpisodeView['interview'] & { overdue: boolean } };
type Errors = ReturnType<typeof formErrors>;

/** A page id from the address: anything but a UUID is no such page (and never reaches the API). */
function idOf(value: string): string {
  if (!UUID.test(value)) throw new NotFoundException();
  return value;
}

const childName = (view: CaseView) => `${view.child.firstName} ${view.child.lastName}`;

/**
 * Journey 2, part b (issue 15): assessing a child's risk (the score and band shown as the form is
 * filled in: "Check score" without JavaScript, live with it), reporting a missing episode, and the
 * episode's page with the return and the return home interview against its 72-hour clock.
 */
@ConsoleController('console')
export class RiskMissingController {
  constructor(
    private readonly api: ConsoleApi,
    private readonly pages: ConsolePages,
  ) {}

  // Risk assessment

  @Get('cases/:caseId/risk-assessments/new')
  @ConsolePage(CASEWORK)
  async newRiskAssessment(@Param('caseId') caseId: string, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    const form = await this.riskForm(req, idOf(caseId));
    const agencyName = form.caseView.agencies.find((a) => a.id === req.session.user!.agencyId)?.name ?? '';
    return this.renderRisk(req, res, form, emptyRiskForm(agencyName), randomUUID());
  }

  @Post('cases/:caseId/risk-assessments/new')
  @ConsolePage(CASEWORK)
  async saveRiskAssessment(@Param('caseId') caseId: string, @Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const id = idOf(caseId);
    const form = await this.riskForm(req, id);
    const values = readRiskForm(body);
    const key = idempotencyKeyOf(body);
    if (textOf(body, 'action') === 'check') {
      res.send(this.renderRisk(req, res, form, values, key, undefined, true));
      return;
    }
    const signLabels = Object.fromEntries(form.indicators.signs.map((s) => [s.code, s.label]));
    const labels = riskFieldLabels(signLabels);
    const now = new Date().toISOString();
    const problems = riskFormProblems(values, signLabels, now.slice(0, 10));
    if (problems.length > 0) {
      res.send(this.renderRisk(req, res, form, values, key, formErrors(problems, labels, dateFieldsOf(values)), true, 400));
      return;
    }
    try {
      const answer = await this.api.post<{ band: string; score: number; nextReviewDue: string; position?: string; notify?: string[] }>(
        req,
        `/cases/${id}/risk-assessments`,
        riskAssessmentBody(values, req.session.user!.agencyId, now),
        { 'idempotency-key': key },
      );
      const label = form.scheme.bands.find((b) => b.band === answer.band)?.label ?? answer.band;
      const notify = answer.notify?.length ? ` Police and children's social care must be told about the disclosure now.` : '';
      // The case page then waits for its view to hold this assessment (the user's own write).
      readAfter(req, id, answer.position);
      this.redirect(req, res, `/console/cases/${id}`, {
        title: 'Risk assessment saved',
        text: `Band: ${label} (score ${answer.score}). Reassess by ${dayText(answer.nextReviewDue)}.${notify}`,
      });
    } catch (error) {
      const shown = formProblemsOf(error, 'summary');
      if (!shown) throw error;
      const errors = formErrors(riskProblemsOnForm(shown, values), labels, dateFieldsOf(values));
      res.send(this.renderRisk(req, res, form, values, key, errors, true, 400));
    }
  }

  private async riskForm(req: ConsoleRequest, caseId: string) {
    const [caseView, scheme, indicators] = await Promise.all([
      this.api.get<CaseView>(req, `/cases/${caseId}`),
      this.api.get<RiskSchemeAnswer>(req, '/reference/risk-scheme'),
      this.api.get<Indicators>(req, '/reference/indicators'),
    ]);
    return { caseView, scheme, indicators };
  }

  private renderRisk(
    req: ConsoleRequest,
    res: Response,
    form: { caseView: CaseView; scheme: RiskSchemeAnswer; indicators: Indicators },
    values: RiskFormValues,
    idempotencyKey: string,
    errors?: Errors,
    checked = false,
    status = 200,
  ): string {
    const { caseView, scheme, indicators } = form;
    const assessedOn = new Date().toISOString().slice(0, 10);
    const childAge = childAgeOn(caseView.child, caseView.referrals[0]?.referredAt ?? caseView.openedAt, assessedOn);
    const preview = previewRisk(scheme, { assessedOn, vulnerabilities: values.vulnerabilities, signs: previewSigns(values), disclosure: values.disclosure === 'yes', childAge });
    // What assets/risk.js needs to score in the browser exactly as previewRisk does here.
    const schemeForScript: Pick<RiskScheme, 'recency' | 'weights' | 'bands'> = { recency: scheme.recency, weights: scheme.weights, bands: scheme.bands };
    return this.pages.render(
      req,
      res,
      'practitioner/risk-assessment.njk',
      {
        pageTitle: 'Assess risk',
        backLink: `/console/cases/${caseView.caseId}`,
        caseId: caseView.caseId,
        childName: childName(caseView),
        scheme,
        schemeJson: JSON.stringify(schemeForScript),
        assessedOn,
        childAge,
        youngChildMaxAge: YOUNG_CHILD_MAX_AGE,
        vulnerabilityItems: indicators.vulnerabilities.map((v) => ({ value: v.code, text: v.label, checked: values.vulnerabilities.includes(v.code) })),
        signs: indicators.signs.map((s) => ({
          code: s.code,
          label: s.label,
          checked: values.signs[s.code] !== undefined,
          severityId: signField(s.code, 'severity'),
          dateId: signField(s.code, 'lastObserved'),
          values: values.signs[s.code] ?? { severity: '', day: '', month: '', year: '' },
        })),
        values,
        preview,
        bandTag: BAND_TAG[preview.band],
        checked,
        idempotencyKey,
        errors,
      },
      status,
    );
  }

  // Reporting a missing episode

  @Get('cases/:caseId/missing-episodes/new')
  @ConsolePage(CASEWORK)
  async newMissingEpisode(@Param('caseId') caseId: string, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    const form = await this.reportForm(req, idOf(caseId));
    return this.renderReport(req, res, form, emptyReport(), randomUUID());
  }

  @Post('cases/:caseId/missing-episodes/new')
  @ConsolePage(CASEWORK)
  async reportMissingEpisode(@Param('caseId') caseId: string, @Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const id = idOf(caseId);
    const values = readReport(body);
    const key = idempotencyKeyOf(body);
    const { problems, body: request } = reportBody(values, Date.now());
    const again = async (errors: Errors) => res.status(400).send(this.renderReport(req, res, await this.reportForm(req, id), values, key, errors, 400));
    if (problems.length > 0) return void (await again(formErrors(problems, REPORT_LABELS, REPORT_DATE_FIELDS)));
    try {
      const answer = await this.api.post<{ episodeId: string; position?: string }>(req, `/cases/${id}/missing-episodes`, request, { 'idempotency-key': key });
      this.redirect(req, res, episodeAddress(answer.episodeId, answer.position), {
        title: 'Missing episode reported',
        text: 'Record the return here when the child is back or found.',
      });
    } catch (error) {
      const shown = formProblemsOf(error, 'lastSeenAt');
      if (!shown) throw error;
      // A factor is one line of its box: the box is what the page can point at.
      const onForm = shown.map((p) => ({ ...p, field: p.field.replace(/^(pushFactors|pullFactors)\[\d+\]$/, '$1') }));
      await again(formErrors(onForm, REPORT_LABELS, REPORT_DATE_FIELDS));
    }
  }

  private async reportForm(req: ConsoleRequest, caseId: string) {
    const [caseView, reference] = await Promise.all([this.api.get<CaseView>(req, `/cases/${caseId}`), this.api.get<MissingReference>(req, '/reference/missing-episodes')]);
    return { caseView, reference };
  }

  private renderReport(
    req: ConsoleRequest,
    res: Response,
    form: { caseView: CaseView; reference: MissingReference },
    values: MissingReportValues,
    idempotencyKey: string,
    errors?: Errors,
    status = 200,
  ): string {
    const { caseView, reference } = form;
    const choices = (list: { code: string; label: string }[], chosen: string) => list.map((c) => ({ value: c.code, text: c.label, checked: c.code === chosen }));
    return this.pages.render(
      req,
      res,
      'practitioner/missing-episode-new.njk',
      {
        pageTitle: 'Report a missing episode',
        backLink: `/console/cases/${caseView.caseId}`,
        caseId: caseView.caseId,
        childName: childName(caseView),
        missingFromItems: choices(reference.missingFrom, values.missingFrom),
        policeCategoryItems: choices(reference.policeCategories, values.policeCategory),
        riskLevelItems: choices(reference.riskLevels, values.riskLevel),
        returnInterviewHours: reference.returnInterviewHours,
        values,
        idempotencyKey,
        errors,
      },
      status,
    );
  }

  // The episode: its return and return home interview

  @Get('missing-episodes/:episodeId')
  @ConsolePage(CASEWORK)
  async episode(
    @Param('episodeId') episodeId: string,
    @Query('consistentWith') consistentWith: string | undefined,
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const page = await this.episodePage(req, idOf(episodeId), consistentWith);
    return this.renderEpisode(req, res, page, {});
  }

  @Post('missing-episodes/:episodeId/return')
  @ConsolePage(CASEWORK)
  async recordReturn(@Param('episodeId') episodeId: string, @Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const id = idOf(episodeId);
    const values = readReturn(body);
    const { problems, body: request } = returnBody(values, Date.now());
    const again = async (errors: Errors) => res.status(400).send(this.renderEpisode(req, res, await this.episodePage(req, id), { returnValues: values, errors }, 400));
    if (problems.length > 0) return void (await again(formErrors(problems, RETURN_LABELS, RETURN_DATE_FIELDS)));
    try {
      const answer = await this.api.post<{ position?: string }>(req, `/missing-episodes/${id}/return`, request, revisionHeader(body));
      this.redirect(req, res, episodeAddress(id, answer.position), { title: 'Return recorded', text: 'The return home interview is now due: record it on this page.' });
    } catch (error) {
      const shown = formProblemsOf(error, 'returnedAt');
      if (!shown) throw error;
      await again(formErrors(shown, RETURN_LABELS, RETURN_DATE_FIELDS));
    }
  }

  @Post('missing-episodes/:episodeId/return-interview')
  @ConsolePage(CASEWORK)
  async recordInterview(@Param('episodeId') episodeId: string, @Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const id = idOf(episodeId);
    const values = readInterview(body);
    const { problems, body: request } = interviewBody(values, Date.now());
    const again = async (errors: Errors) => res.status(400).send(this.renderEpisode(req, res, await this.episodePage(req, id), { interviewValues: values, errors }, 400));
    if (problems.length > 0) return void (await again(formErrors(problems, INTERVIEW_LABELS, INTERVIEW_DATE_FIELDS)));
    try {
      const answer = await this.api.post<{ position?: string }>(req, `/missing-episodes/${id}/return-interview`, request, revisionHeader(body));
      const text = values.outcome === 'held' ? 'What was learned is on the episode.' : 'Why it was not held is on the episode.';
      this.redirect(req, res, episodeAddress(id, answer.position), { title: 'Return home interview recorded', text });
    } catch (error) {
      const shown = formProblemsOf(error, 'outcome');
      if (!shown) throw error;
      await again(formErrors(shown, INTERVIEW_LABELS, INTERVIEW_DATE_FIELDS));
    }
  }

  private async episodePage(req: ConsoleRequest, episodeId: string, consistentWith?: string) {
    const query = consistentWith && POSITION.test(consistentWith) ? { consistentWith } : {};
    const [episode, reference] = await Promise.all([
      this.api.get<EpisodeAnswer>(req, `/missing-episodes/${episodeId}`, query),
      this.api.get<MissingReference>(req, '/reference/missing-episodes'),
    ]);
    const caseView = await this.api.get<CaseView>(req, `/cases/${episode.caseId}`);
    return { episode, reference, caseView };
  }

  private renderEpisode(
    req: ConsoleRequest,
    res: Response,
    page: { episode: EpisodeAnswer; reference: MissingReference; caseView: CaseView },
    form: { returnValues?: ReturnValues; interviewValues?: InterviewValues; errors?: Errors },
    status = 200,
  ): string {
    const { episode, reference, caseView } = page;
    const labelOf = (list: { code: string; label: string }[], code: string) => list.find((c) => c.code === code)?.label ?? code;
    const hours = reference.returnInterviewHours;
    const clock = episode.return && episode.interview.status === 'due' ? interviewClock(episode.return.returnedAt, hours, Date.now()) : undefined;
    return this.pages.render(
      req,
      res,
      'practitioner/missing-episode.njk',
      {
        pageTitle: 'Missing episode',
        backLink: `/console/cases/${episode.caseId}`,
        childName: childName(caseView),
        episode,
        missingFrom: labelOf(reference.missingFrom, episode.missingFrom),
        policeCategory: labelOf(reference.policeCategories, episode.policeCategory),
        riskLevel: labelOf(reference.riskLevels, episode.riskLevel),
        duration: episode.return ? durationText(episode.return.durationMinutes) : undefined,
        returnInterviewHours: hours,
        clock,
        returnValues: form.returnValues ?? emptyReturn(),
        interviewValues: form.interviewValues ?? emptyInterview(req.session.user!.agencyId),
        errors: form.errors,
      },
      status,
    );
  }

  /** Post/redirect/get with a success banner; the session is saved first, so the next page shows it. */
  private redirect(req: ConsoleRequest, res: Response, to: string, flash: { title: string; text: string }): void {
    req.session.flash = flash;
    req.session.save(() => res.redirect(303, to));
  }
}

function episodeAddress(episodeId: string, position?: string): string {
  return `/console/missing-episodes/${episodeId}${position ? `?consistentWith=${encodeURIComponent(position)}` : ''}`;
}

/** The form's key, made when the form was first shown: sending it twice (a double click, a retry) saves once. */
function idempotencyKeyOf(body: FormBody): string {
  const key = textOf(body, 'idempotencyKey');
  return /^[A-Za-z0-9_.:-]{8,100}$/.test(key) ? key : randomUUID();
}

/** The episode's revision the page showed: a change made since by someone else is a conflict, not overwritten. */
function revisionHeader(body: FormBody): Record<string, string> {
  const revision = textOf(body, 'revision');
  return /^\d{1,15}$/.test(revision) ? { 'if-match': revision } : {};
}

/**
 * What a form shows again of the API's refusal: the fields a 400 names, or a rule's refusal (422)
 * against the form's main field. Anything else is the error pages'.
 */
function formProblemsOf(error: unknown, mainField: string): FieldProblem[] | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  if (error.status === 400 && error.errors.length > 0) return error.errors.map((e) => ({ ...e, field: e.field.replace(/^body\.?/, '') || mainField }));
  if (error.status === 422) return [{ field: mainField, problems: [error.message] }];
  return undefined;
}

function dateFieldsOf(values: RiskFormValues): string[] {
  return Object.keys(values.signs).map((code) => signField(code, 'lastObserved'));
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A YYYY-MM-DD date as people read it: 2 March 2027. */
function dayText(date: string): string {
  const at = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(at) ? date : DAY.format(new Date(at));
}

function durationText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours ? `${hours} hour${hours === 1 ? '' : 's'}` : '', rest || !hours ? `${rest} minute${rest === 1 ? '' : 's'}` : ''].filter(Boolean).join(' ');
}
