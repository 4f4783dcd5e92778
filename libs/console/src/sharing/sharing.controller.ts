import { randomUUID } from 'node:crypto';
import { Body, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ApiProblem, ConsoleApi } from '../http/console-api';
import { ConsolePages } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import {
  CONTENT_FIELDS,
  FormBody,
  LAWFUL_BASES,
  PageErrors,
  SHARE_STATES,
  TERMS_FIELDS,
  TLP_HINTS,
  TLP_LABELS,
  TlpLabel,
  accessHeaders,
  contentSelection,
  fieldError,
  isTlpLabel,
  onwardLabels,
  pageErrors,
  shareTerms,
  text,
} from './sharing-forms';

const SHARING_OFFICER = ['sharing-officer'] as const;

interface Peer {
  id: string;
  name: string;
  kind: 'board' | 'police';
  allowedLabels: TlpLabel[];
}
interface ActorRef {
  userId: string;
  agencyId: string;
}
interface OutboundShare {
  shareId: string;
  state: string;
  revision: number;
  peer: { id: string; name: string; kind: string };
  label?: TlpLabel;
  requestedBy?: ActorRef;
  content?: unknown;
  [more: string]: unknown;
}
interface InboundShare {
  shareId: string;
  label: TlpLabel;
  contentStatus?: 'readable' | 'revoked-unreadable';
  content?: unknown;
  [more: string]: unknown;
}
interface ShareAnswer {
  shareId: string;
  state: string;
  position: string;
}
type Page<K extends string, T> = { [key in K]: T[] } & { total: number; next: string | null };

/** Received shares read per page of the inbox when it is filtered by label (the API filters by reader, not label). */
const INBOX_PAGE = 200;

/**
 * Journey 5 (issue 15): the sharing officer. Outbound shares and the requests waiting for a
 * decision, the inbox by TLP label, requesting a share, approving or refusing another officer's
 * request, deciding not to share, forwarding a received share under the same or a narrower
 * label, revoking, and the sharing register. Every rule (who may decide, which labels) is the
 * API's: the pages offer only what it would allow and show its message when it refuses.
 */
@ConsoleController('console')
export class SharingController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly api: ConsoleApi,
  ) {}

  @Get('sharing')
  @ConsolePage(SHARING_OFFICER)
  async overview(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query('label') label?: string, @Query('after') after?: string): Promise<string> {
    const chosen = isTlpLabel(label) ? label : undefined;
    const [awaiting, outbound, inbox] = await Promise.all([
      this.api.get<Page<'shares', OutboundShare>>(req, '/shares', { state: 'requested', limit: 50 }),
      this.api.get<Page<'shares', OutboundShare>>(req, '/shares', { limit: 50 }),
      this.api.get<Page<'shares', InboundShare>>(req, '/inbound-shares', { limit: chosen ? INBOX_PAGE : 50, after: cursor(after) }),
    ]);
    const user = req.session.user!;
    return this.pages.render(req, res, 'sharing/index.njk', {
      pageTitle: 'Sharing',
      awaiting: awaiting.shares.map((share) => ({ ...share, mine: isRequester(share, user) })),
      awaitingTotal: awaiting.total,
      outbound: outbound.shares.filter((share) => share.state !== 'requested'),
      outboundTotal: outbound.total,
      inbox: chosen ? inbox.shares.filter((share) => share.label === chosen) : inbox.shares,
      inboxNext: inbox.next ? `/console/sharing?${new URLSearchParams({ ...(chosen ? { label: chosen } : {}), after: inbox.next })}#inbox` : undefined,
      labels: TLP_LABELS,
      chosenLabel: chosen,
    });
  }

  @Get('sharing/shares/new')
  @ConsolePage(SHARING_OFFICER)
  async requestForm(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query('caseId') caseId?: string): Promise<string> {
    const values: FormBody = { idempotencyKey: randomUUID(), ...(caseId && isUuid(caseId) ? { 'content.caseId': caseId, 'content.includeCaseSummary': 'yes' } : {}) };
    return this.requestPage(req, res, values);
  }

  @Post('sharing/shares')
  @ConsolePage(SHARING_OFFICER)
  async request(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Body() form: FormBody): Promise<string | void> {
    const access = accessHeaders(form);
    if ('problem' in access) return this.requestPage(req, res, form, fieldError('breakGlassReason', access.problem), 400);
    try {
      const answer = await this.api.post<ShareAnswer>(req, '/shares', { ...shareTerms(form), content: contentSelection(form) }, { ...access.headers, ...idempotency(form) });
      req.session.flash = { title: 'Share requested', text: 'Another sharing officer must approve it before it is sent.' };
      return res.redirect(303, shareAddress(answer));
    } catch (error) {
      const errors = formErrors(error, [...TERMS_FIELDS, ...CONTENT_FIELDS]);
      return this.requestPage(req, res, form, errors.errors, errors.status);
    }
  }

  @Get('sharing/decisions-not-to-share/new')
  @ConsolePage(SHARING_OFFICER)
  async notSharedForm(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.notSharedPage(req, res, { idempotencyKey: randomUUID() });
  }

  @Post('sharing/decisions-not-to-share')
  @ConsolePage(SHARING_OFFICER)
  async decideNotToShare(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Body() form: FormBody): Promise<string | void> {
    const access = accessHeaders(form);
    if ('problem' in access) return this.notSharedPage(req, res, form, fieldError('breakGlassReason', access.problem), 400);
    try {
      const body = { peerId: text(form, 'peerId'), purpose: text(form, 'purpose'), content: contentSelection(form), reason: text(form, 'reason') };
      const answer = await this.api.post<ShareAnswer>(req, '/shares/decisions-not-to-share', body, { ...access.headers, ...idempotency(form) });
      req.session.flash = { title: 'Decision not to share recorded', text: 'It is in the sharing register with its reason.' };
      return res.redirect(303, shareAddress(answer));
    } catch (error) {
      const errors = formErrors(error, ['peerId', 'purpose', 'reason', ...CONTENT_FIELDS]);
      return this.notSharedPage(req, res, form, errors.errors, errors.status);
    }
  }

  @Get('sharing/shares/:shareId')
  @ConsolePage(SHARING_OFFICER)
  async outbound(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Query('consistentWith') consistentWith?: string,
  ): Promise<string> {
    return this.outboundPage(req, res, shareId, consistentWith);
  }

  @Post('sharing/shares/:shareId/approve')
  @ConsolePage(SHARING_OFFICER)
  async approve(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('shareId', new ParseUUIDPipe()) shareId: string, @Body() form: FormBody): Promise<string | void> {
    try {
      const answer = await this.api.post<ShareAnswer>(req, `/shares/${shareId}/approve`, {}, ifMatch(form));
      req.session.flash = { title: 'Share approved', text: 'It has been sent to the peer, signed by this board.' };
      return res.redirect(303, shareAddress(answer));
    } catch (error) {
      // The requester themself: the API refuses; the page says why rather than a bare 403.
      if (error instanceof ApiProblem && error.status === 403) return this.outboundPage(req, res, shareId, undefined, { errors: { summary: [{ text: error.message }], byField: {} } }, 403);
      throw error;
    }
  }

  @Post('sharing/shares/:shareId/refuse')
  @ConsolePage(SHARING_OFFICER)
  async refuse(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('shareId', new ParseUUIDPipe()) shareId: string, @Body() form: FormBody): Promise<string | void> {
    return this.decide(req, res, shareId, form, 'refuse', { title: 'Share refused', text: 'Nothing was sent. The refusal and its reason are in the sharing register.' });
  }

  @Post('sharing/shares/:shareId/revoke')
  @ConsolePage(SHARING_OFFICER)
  async revoke(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('shareId', new ParseUUIDPipe()) shareId: string, @Body() form: FormBody): Promise<string | void> {
    return this.decide(req, res, shareId, form, 'revoke', { title: 'Share revoked', text: 'The recipient destroys its copy and confirms; the revocation is in the sharing register.' });
  }

  @Get('sharing/inbox/:shareId')
  @ConsolePage(SHARING_OFFICER)
  async inbound(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('shareId', new ParseUUIDPipe()) shareId: string): Promise<string> {
    return this.inboundPage(req, res, shareId, { idempotencyKey: randomUUID() });
  }

  @Post('sharing/inbox/:shareId/forward')
  @ConsolePage(SHARING_OFFICER)
  async forward(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('shareId', new ParseUUIDPipe()) shareId: string, @Body() form: FormBody): Promise<string | void> {
    try {
      const answer = await this.api.post<ShareAnswer>(req, `/shares/${shareId}/forward`, shareTerms(form), idempotency(form));
      req.session.flash = { title: 'Onward share requested', text: 'Another sharing officer must approve it before it is sent.' };
      return res.redirect(303, shareAddress(answer));
    } catch (error) {
      const errors = formErrors(error, TERMS_FIELDS);
      return this.inboundPage(req, res, shareId, form, errors.errors, errors.status);
    }
  }

  @Get('sharing/register')
  @ConsolePage(SHARING_OFFICER)
  async register(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query('after') after?: string): Promise<string> {
    const register = await this.api.get<Page<'entries', Record<string, unknown>>>(req, '/sharing/register', { limit: 50, after: cursor(after) });
    return this.pages.render(req, res, 'sharing/register.njk', {
      pageTitle: 'Sharing register',
      backLink: '/console/sharing',
      entries: register.entries,
      total: register.total,
      next: register.next ? `/console/sharing/register?${new URLSearchParams({ after: register.next })}` : undefined,
      bases: basisNames(),
    });
  }

  /** Refusing and revoking: a decision with its reason, against the revision the officer saw. */
  private async decide(req: ConsoleRequest, res: Response, shareId: string, form: FormBody, decision: 'refuse' | 'revoke', flash: { title: string; text: string }): Promise<string | void> {
    try {
      const answer = await this.api.post<ShareAnswer>(req, `/shares/${shareId}/${decision}`, { reason: text(form, 'reason') }, ifMatch(form));
      req.session.flash = flash;
      return res.redirect(303, shareAddress(answer));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 403) return this.outboundPage(req, res, shareId, undefined, { errors: { summary: [{ text: error.message }], byField: {} } }, 403);
      const errors = formErrors(error, ['reason']);
      return this.outboundPage(req, res, shareId, undefined, { errors: errors.errors, reason: form.reason }, errors.status);
    }
  }

  private async peers(req: ConsoleRequest): Promise<Peer[]> {
    return (await this.api.get<{ peers: Peer[] }>(req, '/sharing/identity')).peers;
  }

  private async requestPage(req: ConsoleRequest, res: Response, values: FormBody, errors?: PageErrors, status = 200): Promise<string> {
    return this.pages.render(
      req,
      res,
      'sharing/request.njk',
      { pageTitle: 'Request a share', backLink: '/console/sharing', values, errors, peers: await this.peers(req), ...termChoices(TLP_LABELS) },
      status,
    );
  }

  private async notSharedPage(req: ConsoleRequest, res: Response, values: FormBody, errors?: PageErrors, status = 200): Promise<string> {
    return this.pages.render(req, res, 'sharing/not-shared.njk', { pageTitle: 'Record a decision not to share', backLink: '/console/sharing', values, errors, peers: await this.peers(req) }, status);
  }

  private async outboundPage(
    req: ConsoleRequest,
    res: Response,
    shareId: string,
    consistentWith?: string,
    form: { errors?: PageErrors; reason?: unknown } = {},
    status = 200,
  ): Promise<string> {
    const share = await this.api.get<OutboundShare>(req, `/shares/${shareId}`, { consistentWith });
    const mine = isRequester(share, req.session.user!);
    return this.pages.render(
      req,
      res,
      'sharing/outbound.njk',
      {
        pageTitle: 'Outbound share',
        backLink: '/console/sharing',
        share,
        mine,
        mayDecide: share.state === 'requested' && !mine,
        mayRevoke: share.state === 'sent' || share.state === 'acknowledged',
        errors: form.errors,
        reason: typeof form.reason === 'string' ? form.reason : '',
        bases: basisNames(),
      },
      status,
    );
  }

  private async inboundPage(req: ConsoleRequest, res: Response, shareId: string, values: FormBody, errors?: PageErrors, status = 200): Promise<string> {
    const [share, peers] = await Promise.all([this.api.get<InboundShare>(req, `/inbound-shares/${shareId}`), this.peers(req)]);
    const labels = onwardLabels(share.label);
    return this.pages.render(
      req,
      res,
      'sharing/inbound.njk',
      {
        pageTitle: 'Received share',
        backLink: '/console/sharing',
        share,
        // Only what the API would accept: the same or a narrower label, and never once revoked.
        mayForward: labels.length > 0 && share.contentStatus !== 'revoked-unreadable',
        values: { label: share.label, ...values },
        errors,
        peers,
        bases: basisNames(),
        ...termChoices(labels),
      },
      status,
    );
  }
}

/** The label choices (with what each means) and the lawful bases, for the share terms' part of a form. */
function termChoices(labels: readonly TlpLabel[]) {
  return { labelChoices: labels.map((label) => ({ value: label, hint: TLP_HINTS[label] })), lawfulBases: LAWFUL_BASES, shareStates: SHARE_STATES };
}

function basisNames(): Record<string, string> {
  return Object.fromEntries(LAWFUL_BASES.map((b) => [b.code, b.code === 'other' ? 'Other' : b.text]));
}

/** Whether the signed-in user asked for this share: they may not decide on it (the API refuses them too). */
function isRequester(share: { requestedBy?: ActorRef }, user: ActorRef): boolean {
  return share.requestedBy?.userId === user.userId;
}

/** The share's page once the API has it: the answer's position makes the page read its own write. */
function shareAddress(answer: ShareAnswer): string {
  return `/console/sharing/shares/${answer.shareId}?${new URLSearchParams({ consistentWith: answer.position })}`;
}

function ifMatch(form: FormBody): Record<string, string> {
  const revision = text(form, 'revision');
  return revision && /^\d+$/.test(revision) ? { 'If-Match': revision } : {};
}

/** The form's key, made when it was shown: a second click of the same form finds the first share rather than making another. */
function idempotency(form: FormBody): Record<string, string> {
  const key = text(form, 'idempotencyKey');
  return key && /^[A-Za-z0-9_.:-]{8,100}$/.test(key) ? { 'Idempotency-Key': key } : {};
}

/** An opaque page cursor from the API's `next`: passed back only when it looks like one. */
function cursor(after?: string): string | undefined {
  return after && /^[A-Za-z0-9_-]{1,500}$/.test(after) ? after : undefined;
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/**
 * A form the API refused: 400 (fields), 422 (a rule naming its field) and 403 (a record outside the
 * officer's cases, opened with a break-glass reason) are shown on the form; anything else is the
 * console's error page.
 */
function formErrors(error: unknown, fields: readonly string[]): { errors: PageErrors; status: number } {
  if (!(error instanceof ApiProblem) || ![400, 403, 404, 422].includes(error.status)) throw error;
  if (error.status === 403 && fields.includes('breakGlassReason')) {
    return { errors: fieldError('breakGlassReason', `${error.message}. To share it, give a reason to open it (break-glass): the access is flagged to auditors`), status: 403 };
  }
  if (error.status === 403) throw error;
  return { errors: pageErrors(error, fields), status: error.status };
}
