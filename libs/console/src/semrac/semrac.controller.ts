import { Body, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Role } from '@app/common';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ApiProblem, FieldProblem } from '../http/console-api';
import { ConsoleApi } from '../http/console-api';
import { ConsolePages, errorsFor } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import { Agenda, CaseAnswer, CaseListAnswer, Meeting, MeetingAnswer, PlanAnswer, TrackerAnswer } from './semrac-api';
import {
  ACTION_STATUSES,
  EXTRA_ROWS,
  FormBody,
  REVIEW_REASONS,
  RISK_LEVELS,
  RULE_LABELS,
  THEME_KINDS,
  UUID,
  dateParts,
  day,
  formKey,
  lines,
  renumber,
  rowCount,
  rows,
  text,
  ukInstant,
} from './semrac-forms';

declare module 'express-session' {
  interface SessionData {
    /** Meetings this user scheduled or opened: the API has no list of meetings, so the console remembers them. */
    semracMeetingIds?: string[];
    /** The position of the user's last change, so the next page waits until the read models show it. */
    semracConsistentWith?: string;
  }
}

const SEMRAC: readonly Role[] = ['semrac-chair', 'semrac-member'];
/** Running the meeting (scheduling, attendance, discussions, closing) is the chairs' (the API refuses members). */
const CHAIR: readonly Role[] = ['semrac-chair'];
const items = (labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, text }));
const CODES = { RULE_LABELS, RISK_LEVELS, ACTION_STATUSES, REVIEW_REASONS, THEME_KINDS, RISK_ITEMS: items(RISK_LEVELS), STATUS_ITEMS: items(ACTION_STATUSES) };
const AGENCY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The console's pages for journey 3 (issue 15): SEMRAC's agenda, meetings, action tracker and plans. */
@ConsoleController('console')
export class SemracController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly api: ConsoleApi,
  ) {}

  // --- The SEMRAC page: children listed, meetings, the next meeting's agenda, scheduling ---------------

  @Get('semrac')
  @ConsolePage(SEMRAC)
  async home(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.renderHome(req, res, {}, undefined, 200);
  }

  @Post('semrac/meetings')
  @ConsolePage(CHAIR)
  async schedule(@Req() req: ConsoleRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const when = ukInstant(day(body, 'scheduledFor'), text(body, 'scheduledFor-time'));
    const coChairs = [0, 1].map((i) => ({
      agencyId: text(body, `coChairs-${i}-agencyId`),
      agencyName: text(body, `coChairs-${i}-agencyName`),
      agencyKind: i === 0 ? 'children-social-care' : 'police',
      name: text(body, `coChairs-${i}-name`),
      role: text(body, `coChairs-${i}-role`),
    }));
    try {
      if (!when) throw new ApiProblem(400, 'Invalid meeting time', [{ field: 'scheduledFor', problems: ['Enter the date and time of the meeting as a real date and a time like 10:00'] }]);
      const answer = await this.api.post<MeetingAnswer>(req, '/semrac/meetings', { scheduledFor: when, venue: text(body, 'venue'), coChairs }, { 'Idempotency-Key': key(body) });
      remember(req, answer.meetingId);
      req.session.semracConsistentWith = answer.position;
      req.session.flash = { title: 'Meeting scheduled', text: `The meeting at ${text(body, 'venue')} is scheduled. Record attendance and the discussion of each case on this page.` };
      req.session.save(() => res.redirect(303, `/console/semrac/meetings/${answer.meetingId}`));
    } catch (error) {
      res.send(await this.renderHome(req, res, body, formErrors(error, 'venue'), statusOf(error)));
    }
  }

  /** Opening a meeting by its reference: the meetings listed are only those this console has seen. */
  @Get('semrac/meetings')
  @ConsolePage(SEMRAC)
  async open(@Req() req: ConsoleRequest, @Res() res: Response, @Query('meetingId') meetingId?: string): Promise<void> {
    const id = (meetingId ?? '').trim().toLowerCase();
    if (!UUID.test(id)) {
      const errors = errorsFor([{ field: 'meetingId', problems: ['Enter the meeting reference, as shown on the meeting page (for example 5e3f2a10-7c4d-4b8e-9f01-2a3b4c5d6e7f)'] }]);
      res.send(await this.renderHome(req, res, { meetingId: meetingId ?? '' }, errors, 400));
      return;
    }
    res.redirect(303, `/console/semrac/meetings/${id}`);
  }

  private async renderHome(req: ConsoleRequest, res: Response, values: FormBody, errors: ReturnType<typeof errorsFor> | undefined, status: number): Promise<string> {
    const consistentWith = takePosition(req);
    const [listed, meetings] = await Promise.all([
      this.api.get<CaseListAnswer>(req, '/cases', { listedForSemrac: 'true', status: 'open', limit: 50, consistentWith }),
      this.knownMeetings(req, consistentWith),
    ]);
    // Each listed child's reasons (the rules that listed them) and name, from the case itself.
    const cases = await this.cases(req, listed.cases.map((c) => c.caseId));
    const listings = listed.cases.map((summary) => {
      const view = cases.get(summary.caseId);
      return {
        ...summary,
        name: view ? childName(view) : undefined,
        listings: (view?.semrac?.listings ?? []).map((l) => ({ rule: l.rule, summary: l.detail?.summary, listedAt: l.listedAt })),
      };
    });
    const next = meetings.filter((m) => m.status === 'scheduled').sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor))[0];
    const agenda = next ? await this.agenda(req, next.meetingId, consistentWith) : undefined;
    const names: Record<string, string> = Object.fromEntries([...cases.values()].map((v) => [v.caseId, childName(v)]));
    Object.assign(names, await this.caseNames(req, agendaCaseIds(agenda).filter((id) => !names[id])));
    const isChair = req.session.user!.roles.includes('semrac-chair');
    const defaults: FormBody = { 'coChairs-0-agencyId': req.session.user!.agencyId, ...values, key: text(values, 'key') || formKey() };
    return this.pages.render(req, res, 'semrac/index.njk', { pageTitle: 'SEMRAC', listings, total: listed.total, meetings, next, agenda, names, isChair, values: defaults, errors, ...CODES }, status);
  }

  // --- A meeting -----------------------------------------------------------------------------------

  @Get('semrac/meetings/:meetingId')
  @ConsolePage(SEMRAC)
  async meeting(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('meetingId') meetingId: string): Promise<string> {
    return this.renderMeeting(req, res, uuid(meetingId), {}, undefined, 200);
  }

  @Post('semrac/meetings/:meetingId/attendance')
  @ConsolePage(CHAIR)
  async attendance(@Req() req: ConsoleRequest, @Res() res: Response, @Param('meetingId') meetingId: string, @Body() body: FormBody): Promise<void> {
    const id = uuid(meetingId);
    const sent = rows(body, 'attendees', ['agencyId', 'agencyName', 'name', 'role'], rowCount(body, 'attendees')).map((row) => ({
      ...row,
      values: { ...row.values, attendance: text(body, `attendees-${row.index}-attendance`) },
    }));
    try {
      if (sent.length === 0) throw new ApiProblem(400, 'No attendee', [{ field: 'attendees.0.name', problems: ['Enter at least one person who attended or sent apologies'] }]);
      const attendees = sent.map((row) => row.values);
      const answer = await this.api.post<MeetingAnswer>(req, `/semrac/meetings/${id}/attendance`, { attendees }, commandHeaders(body, 'attendanceKey'));
      req.session.semracConsistentWith = answer.position;
      req.session.flash = { title: 'Attendance recorded', text: `${attendees.length} ${attendees.length === 1 ? 'person' : 'people'} recorded.` };
      req.session.save(() => res.redirect(303, `/console/semrac/meetings/${id}#attendance`));
    } catch (error) {
      const problem = error instanceof ApiProblem ? new ApiProblem(error.status, error.message, renumber(error.errors, 'attendees', sent)) : error;
      res.send(await this.renderMeeting(req, res, id, body, formErrors(problem, 'attendees-0-name'), statusOf(error)));
    }
  }

  @Post('semrac/meetings/:meetingId/close')
  @ConsolePage(CHAIR)
  async close(@Req() req: ConsoleRequest, @Res() res: Response, @Param('meetingId') meetingId: string, @Body() body: FormBody): Promise<void> {
    const id = uuid(meetingId);
    try {
      const note = text(body, 'note');
      const answer = await this.api.post<MeetingAnswer>(req, `/semrac/meetings/${id}/close`, note ? { note } : {}, commandHeaders(body, 'closeKey'));
      req.session.semracConsistentWith = answer.position;
      req.session.flash = { title: 'Meeting closed', text: 'Its actions stay open in the action tracker until they are done.' };
      req.session.save(() => res.redirect(303, `/console/semrac/meetings/${id}`));
    } catch (error) {
      res.send(await this.renderMeeting(req, res, id, body, formErrors(error, 'note'), statusOf(error)));
    }
  }

  private async renderMeeting(req: ConsoleRequest, res: Response, meetingId: string, values: FormBody, errors: ReturnType<typeof errorsFor> | undefined, status: number): Promise<string> {
    const consistentWith = takePosition(req);
    const meeting = await this.api.get<Meeting>(req, `/semrac/meetings/${meetingId}`, { consistentWith });
    remember(req, meetingId);
    const agenda = meeting.status === 'scheduled' ? await this.agenda(req, meetingId, consistentWith) : undefined;
    const discussed = new Set(meeting.discussions.map((d) => d.caseId));
    const names = await this.caseNames(req, [...meeting.discussions.map((d) => d.caseId), ...agendaCaseIds(agenda)]);
    // The attendance form starts from who is recorded (a later record replaces an earlier one), then the co-chairs.
    const people = [...meeting.attendance];
    for (const chair of meeting.coChairs) {
      if (!people.some((p) => p.agencyId === chair.agencyId && p.name.trim().toLowerCase() === chair.name.trim().toLowerCase())) {
        people.push({ agencyId: chair.agencyId, agencyName: chair.agencyName, name: chair.name, role: chair.role, attendance: 'present' });
      }
    }
    const attendanceRows = Math.max(people.length + EXTRA_ROWS, rowCount(values, 'attendees'));
    const prefilled: FormBody = {};
    people.forEach((p, i) => {
      for (const field of ['agencyId', 'agencyName', 'name', 'role', 'attendance'] as const) prefilled[`attendees-${i}-${field}`] = p[field];
    });
    const posted = Object.keys(values).some((k) => k.startsWith('attendees-'));
    return this.pages.render(
      req,
      res,
      'semrac/meeting.njk',
      {
        pageTitle: `SEMRAC meeting`,
        backLink: '/console/semrac',
        meeting,
        agenda,
        names,
        discussed: [...discussed],
        actionsById: Object.fromEntries(meeting.actions.map((a) => [a.actionId, a])),
        isChair: req.session.user!.roles.includes('semrac-chair'),
        attendanceRows,
        // Each form of the page has its own key: one key is one write.
        values: { ...(posted ? {} : prefilled), ...values, attendanceKey: text(values, 'attendanceKey') || formKey(), closeKey: text(values, 'closeKey') || formKey() },
        errors,
        ...CODES,
      },
      status,
    );
  }

  // --- Recording a case's discussion -----------------------------------------------------------------

  @Get('semrac/meetings/:meetingId/discussions/new')
  @ConsolePage(CHAIR)
  async newDiscussion(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('meetingId') meetingId: string, @Query('caseId') caseId?: string): Promise<string> {
    return this.renderDiscussion(req, res, uuid(meetingId), uuid(caseId ?? ''), {}, undefined, 200);
  }

  @Post('semrac/meetings/:meetingId/discussions')
  @ConsolePage(CHAIR)
  async discuss(@Req() req: ConsoleRequest, @Res() res: Response, @Param('meetingId') meetingId: string, @Body() body: FormBody): Promise<void> {
    const id = uuid(meetingId);
    const caseId = uuid(text(body, 'caseId'));
    const sent = rows(body, 'actions', ['description', 'ownerAgencyId', 'ownerAgencyName', 'ownerPerson', 'dueDate-day', 'dueDate-month', 'dueDate-year'], rowCount(body, 'actions'));
    try {
      const discussion = {
        caseId,
        summary: text(body, 'summary'),
        agreedRiskLevel: text(body, 'agreedRiskLevel'),
        decisions: lines(body, 'decisions'),
        actions: sent.map(({ index, values }) => ({
          description: values.description,
          ownerAgencyId: values.ownerAgencyId,
          ownerAgencyName: values.ownerAgencyName,
          ownerPerson: values.ownerPerson,
          dueDate: day(body, `actions-${index}-dueDate`),
        })),
      };
      const answer = await this.api.post<MeetingAnswer>(req, `/semrac/meetings/${id}/discussions`, discussion, commandHeaders(body));
      req.session.semracConsistentWith = answer.position;
      const actions = discussion.actions.length;
      req.session.flash = { title: 'Discussion recorded', text: `Agreed risk level: ${RISK_LEVELS[discussion.agreedRiskLevel]}. ${actions} ${actions === 1 ? 'action' : 'actions'} added to the action tracker.` };
      req.session.save(() => res.redirect(303, `/console/semrac/meetings/${id}#discussions`));
    } catch (error) {
      const problem = error instanceof ApiProblem ? new ApiProblem(error.status, error.message, renumber(error.errors, 'actions', sent)) : error;
      res.send(await this.renderDiscussion(req, res, id, caseId, body, formErrors(problem, 'summary'), statusOf(error)));
    }
  }

  private async renderDiscussion(
    req: ConsoleRequest,
    res: Response,
    meetingId: string,
    caseId: string,
    values: FormBody,
    errors: ReturnType<typeof errorsFor> | undefined,
    status: number,
  ): Promise<string> {
    const [meeting, child] = await Promise.all([this.api.get<Meeting>(req, `/semrac/meetings/${meetingId}`), this.api.get<CaseAnswer>(req, `/cases/${caseId}`)]);
    return this.pages.render(
      req,
      res,
      'semrac/discussion.njk',
      {
        pageTitle: 'Record the discussion of a case',
        backLink: `/console/semrac/meetings/${meetingId}`,
        meeting,
        child,
        name: childName(child),
        actionRows: rowCount(values, 'actions'),
        values: { ...values, key: text(values, 'key') || formKey(), revision: text(values, 'revision') || String(meeting.revision) },
        errors,
        ...CODES,
      },
      status,
    );
  }

  // --- The action tracker --------------------------------------------------------------------------

  @Get('semrac/actions')
  @ConsolePage(SEMRAC)
  async tracker(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
    @Query() query: Record<string, string | undefined>,
  ): Promise<string> {
    // Filters are codes only (an agency id, a status): nothing about a child in the address.
    const filters = {
      agencyId: query.agencyId && AGENCY_ID.test(query.agencyId) ? query.agencyId : undefined,
      status: query.status && query.status in ACTION_STATUSES ? query.status : undefined,
      overdue: query.overdue === 'true' ? 'true' : undefined,
    };
    const answer = await this.api.get<TrackerAnswer>(req, '/semrac/actions', { ...filters, limit: 50, after: query.after, consistentWith: takePosition(req) });
    const names = await this.caseNames(req, answer.actions.map((a) => a.caseId));
    const nextQuery = answer.next ? new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), after: answer.next }).toString() : undefined;
    return this.pages.render(req, res, 'semrac/actions.njk', { pageTitle: 'Action tracker', backLink: '/console/semrac', answer, filters, names, nextQuery, ...CODES });
  }

  @Get('semrac/meetings/:meetingId/actions/:actionId')
  @ConsolePage(SEMRAC)
  async action(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('meetingId') meetingId: string, @Param('actionId') actionId: string): Promise<string> {
    return this.renderAction(req, res, uuid(meetingId), uuid(actionId), {}, undefined, 200);
  }

  @Post('semrac/meetings/:meetingId/actions/:actionId')
  @ConsolePage(SEMRAC)
  async changeAction(
    @Req() req: ConsoleRequest,
    @Res() res: Response,
    @Param('meetingId') meetingId: string,
    @Param('actionId') actionId: string,
    @Body() body: FormBody,
  ): Promise<void> {
    const [mid, aid] = [uuid(meetingId), uuid(actionId)];
    try {
      const note = text(body, 'note');
      const status = text(body, 'status');
      if (!status) throw new ApiProblem(400, 'No status', [{ field: 'status', problems: ['Select the status of the action'] }]);
      const answer = await this.api.call<MeetingAnswer>(req, 'PATCH', `/semrac/meetings/${mid}/actions/${aid}`, { status, ...(note ? { note } : {}) }, commandHeaders(body));
      req.session.semracConsistentWith = answer.body.position;
      req.session.flash = { title: 'Action updated', text: `The action is now ${(ACTION_STATUSES[status] ?? status).toLowerCase()}.` };
      req.session.save(() => res.redirect(303, '/console/semrac/actions'));
    } catch (error) {
      res.send(await this.renderAction(req, res, mid, aid, body, formErrors(error, 'note'), statusOf(error)));
    }
  }

  private async renderAction(
    req: ConsoleRequest,
    res: Response,
    meetingId: string,
    actionId: string,
    values: FormBody,
    errors: ReturnType<typeof errorsFor> | undefined,
    status: number,
  ): Promise<string> {
    const meeting = await this.api.get<Meeting>(req, `/semrac/meetings/${meetingId}`, { consistentWith: takePosition(req) });
    const action = meeting.actions.find((a) => a.actionId === actionId);
    if (!action) throw new NotFoundException();
    const names = await this.caseNames(req, [action.caseId]);
    return this.pages.render(
      req,
      res,
      'semrac/action.njk',
      {
        pageTitle: 'Change the status of an action',
        backLink: '/console/semrac/actions',
        meeting,
        action,
        name: names[action.caseId],
        values: { status: action.status, ...values, key: text(values, 'key') || formKey(), revision: text(values, 'revision') || String(meeting.revision) },
        errors,
        ...CODES,
      },
      status,
    );
  }

  // --- A child's support and safety plans ----------------------------------------------------------

  @Get('semrac/cases/:caseId/plans')
  @ConsolePage(SEMRAC)
  async plans(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('caseId') caseId: string): Promise<string> {
    const child = await this.api.get<CaseAnswer>(req, `/cases/${uuid(caseId)}`, { consistentWith: takePosition(req) });
    const actions = await this.api.get<TrackerAnswer>(req, '/semrac/actions', { caseId: child.caseId, limit: 100 });
    return this.pages.render(req, res, 'semrac/plans.njk', {
      pageTitle: 'Support and safety plans',
      backLink: '/console/semrac',
      child,
      name: childName(child),
      support: child.supportPlans[child.supportPlans.length - 1],
      actions: actions.actions,
      ...CODES,
    });
  }

  @Get('semrac/cases/:caseId/support-plan')
  @ConsolePage(SEMRAC)
  async supportPlanForm(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('caseId') caseId: string): Promise<string> {
    return this.renderPlan(req, res, 'support', uuid(caseId), undefined, undefined, 200);
  }

  @Post('semrac/cases/:caseId/support-plan')
  @ConsolePage(SEMRAC)
  async supportPlan(@Req() req: ConsoleRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: FormBody): Promise<void> {
    const id = uuid(caseId);
    const sent = rows(body, 'interventions', ['agencyId', 'description', 'frequency'], rowCount(body, 'interventions'));
    try {
      const meetingId = text(body, 'meetingId');
      const plan = {
        objectives: lines(body, 'objectives'),
        interventions: sent.map((row) => row.values),
        reviewDate: day(body, 'reviewDate'),
        ...(meetingId ? { meetingId } : {}),
      };
      const answer = await this.api.post<PlanAnswer>(req, `/cases/${id}/support-plans`, plan, { 'Idempotency-Key': key(body) });
      req.session.semracConsistentWith = answer.position;
      req.session.flash = { title: 'Support plan recorded', text: `Revision ${answer.planRevision ?? ''} of the support plan is recorded on the case.`.replace('  ', ' ') };
      req.session.save(() => res.redirect(303, `/console/semrac/cases/${id}/plans`));
    } catch (error) {
      const problem = error instanceof ApiProblem ? new ApiProblem(error.status, error.message, renumber(error.errors, 'interventions', sent)) : error;
      res.send(await this.renderPlan(req, res, 'support', id, body, formErrors(problem, 'objectives'), statusOf(error)));
    }
  }

  @Get('semrac/cases/:caseId/safety-plan')
  @ConsolePage(SEMRAC)
  async safetyPlanForm(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('caseId') caseId: string): Promise<string> {
    return this.renderPlan(req, res, 'safety', uuid(caseId), undefined, undefined, 200);
  }

  @Post('semrac/cases/:caseId/safety-plan')
  @ConsolePage(SEMRAC)
  async safetyPlan(@Req() req: ConsoleRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: FormBody): Promise<void> {
    const id = uuid(caseId);
    const sent = rows(body, 'contacts', ['role', 'agencyId'], rowCount(body, 'contacts'));
    try {
      const plan = {
        investigationRef: text(body, 'investigationRef'),
        measures: lines(body, 'measures'),
        contacts: sent.map((row) => row.values),
        reviewDate: day(body, 'reviewDate'),
      };
      const answer = await this.api.post<PlanAnswer>(req, `/cases/${id}/safety-plans`, plan, { 'Idempotency-Key': key(body) });
      req.session.semracConsistentWith = answer.position;
      req.session.flash = { title: 'Safety plan recorded', text: 'The safety plan is recorded on the case.' };
      req.session.save(() => res.redirect(303, `/console/semrac/cases/${id}/plans`));
    } catch (error) {
      const problem = error instanceof ApiProblem ? new ApiProblem(error.status, error.message, renumber(error.errors, 'contacts', sent)) : error;
      res.send(await this.renderPlan(req, res, 'safety', id, body, formErrors(problem, 'investigationRef'), statusOf(error)));
    }
  }

  private async renderPlan(
    req: ConsoleRequest,
    res: Response,
    kind: 'support' | 'safety',
    caseId: string,
    values: FormBody | undefined,
    errors: ReturnType<typeof errorsFor> | undefined,
    status: number,
  ): Promise<string> {
    const child = await this.api.get<CaseAnswer>(req, `/cases/${caseId}`);
    let shown: FormBody = values ?? {};
    if (!values && kind === 'support') {
      // A revision starts from the current plan: the meeting changes what it needs to.
      const current = child.supportPlans[child.supportPlans.length - 1];
      if (current) {
        shown = { objectives: current.objectives.join('\n'), ...dateParts('reviewDate', current.reviewDate) };
        current.interventions.forEach((i, n) => Object.assign(shown, { [`interventions-${n}-agencyId`]: i.agencyId, [`interventions-${n}-description`]: i.description, [`interventions-${n}-frequency`]: i.frequency }));
      }
    }
    const prefix = kind === 'support' ? 'interventions' : 'contacts';
    const current = kind === 'support' ? (child.supportPlans[child.supportPlans.length - 1]?.interventions.length ?? 0) : 0;
    return this.pages.render(
      req,
      res,
      `semrac/${kind}-plan.njk`,
      {
        pageTitle: kind === 'support' ? 'Record the support plan' : 'Record a safety plan',
        backLink: `/console/semrac/cases/${caseId}/plans`,
        child,
        name: childName(child),
        rowsCount: Math.max(rowCount(shown, prefix), current + 1),
        meetings: child.semracDiscussions,
        // No If-Match: every plan revision is kept, and the case changes often (listings, discussions) under a form.
        values: { ...shown, key: text(shown, 'key') || formKey() },
        errors,
        ...CODES,
      },
      status,
    );
  }

  // --- Reads the pages share -----------------------------------------------------------------------

  /**
   * The agenda, after the user's own last change when there is one: a discussion clears the child's
   * new listing on the case, a view the meeting's own read does not wait for.
   */
  private agenda(req: ConsoleRequest, meetingId: string, consistentWith: string | undefined): Promise<Agenda> {
    return this.api.get<Agenda>(req, `/semrac/meetings/${meetingId}/agenda`, { consistentWith });
  }

  /**
   * The meetings this console knows of: those with actions in the tracker, and those the user
   * scheduled or opened. The newest 20, most recent first.
   */
  private async knownMeetings(req: ConsoleRequest, consistentWith?: string): Promise<Meeting[]> {
    const tracker = await this.api.get<TrackerAnswer>(req, '/semrac/actions', { limit: 500, consistentWith });
    const ids = [...new Set([...(req.session.semracMeetingIds ?? []), ...tracker.actions.map((a) => a.meetingId)])].slice(0, 20);
    const meetings = await Promise.all(ids.map((id) => this.api.get<Meeting>(req, `/semrac/meetings/${id}`, { consistentWith }).catch(notFoundAsUndefined)));
    return meetings.filter((m): m is Meeting => m !== undefined).sort((a, b) => b.scheduledFor.localeCompare(a.scheduledFor));
  }

  /** Each case's view, read as SEMRAC reads it (a case the user may not open is left out, not broken glass). */
  private async cases(req: ConsoleRequest, ids: readonly string[]): Promise<Map<string, CaseAnswer>> {
    const unique = [...new Set(ids)].slice(0, 50);
    const views = await Promise.all(unique.map((id) => this.api.get<CaseAnswer>(req, `/cases/${id}`).catch(refusedAsUndefined)));
    return new Map(views.filter((v): v is CaseAnswer => v !== undefined).map((v) => [v.caseId, v]));
  }

  /** Children's names for the cases a page lists, by case id. */
  private async caseNames(req: ConsoleRequest, ids: readonly string[]): Promise<Record<string, string>> {
    const views = await this.cases(req, ids);
    return Object.fromEntries([...views.values()].map((v) => [v.caseId, childName(v)]));
  }
}

function childName(view: CaseAnswer): string {
  const { firstName, lastName, knownAs } = view.child;
  return knownAs ? `${firstName} ${lastName} (known as ${knownAs})` : `${firstName} ${lastName}`;
}

function agendaCaseIds(agenda: Agenda | undefined): string[] {
  if (!agenda) return [];
  // Themes name cases that may not be at SEMRAC: their names are not read for the agenda.
  return [...agenda.newListings.map((c) => c.caseId), ...agenda.dueForReview.map((c) => c.caseId), ...agenda.overdueActions.map((a) => a.caseId)];
}

/** A path's id, or 404: an address that is not a record's is a page that does not exist. */
function uuid(value: string): string {
  if (!UUID.test(value)) throw new NotFoundException();
  return value.toLowerCase();
}

function remember(req: ConsoleRequest, meetingId: string): void {
  const known = req.session.semracMeetingIds ?? [];
  req.session.semracMeetingIds = [meetingId, ...known.filter((id) => id !== meetingId)].slice(0, 20);
}

function takePosition(req: ConsoleRequest): string | undefined {
  const position = req.session.semracConsistentWith;
  delete req.session.semracConsistentWith;
  return position;
}

function key(body: FormBody, field = 'key'): string {
  const value = text(body, field);
  return /^[A-Za-z0-9_.:-]{8,100}$/.test(value) ? value : formKey();
}

/** The form's Idempotency-Key (sending it twice writes once) and If-Match (the revision the form was made from). */
function commandHeaders(body: FormBody, keyField = 'key'): Record<string, string> {
  const revision = text(body, 'revision');
  return { 'Idempotency-Key': key(body, keyField), ...(/^\d{1,15}$/.test(revision) ? { 'If-Match': revision } : {}) };
}

/**
 * A form's errors for the page: the fields the API named (400), or a rule it refused with (422),
 * shown against the field most likely to fix it. Anything else is the error page's.
 */
function formErrors(error: unknown, field: string): ReturnType<typeof errorsFor> {
  if (error instanceof ApiProblem && error.status === 400 && error.errors.length > 0) return errorsFor(error.errors);
  if (error instanceof ApiProblem && (error.status === 400 || error.status === 422)) return errorsFor([{ field, problems: [error.message] } satisfies FieldProblem]);
  throw error;
}

function statusOf(error: unknown): number {
  return error instanceof ApiProblem ? error.status : 400;
}

function notFoundAsUndefined(error: unknown): undefined {
  if (error instanceof ApiProblem && error.status === 404) return undefined;
  throw error;
}

function refusedAsUndefined(error: unknown): undefined {
  if (error instanceof ApiProblem && (error.status === 403 || error.status === 404)) return undefined;
  throw error;
}
