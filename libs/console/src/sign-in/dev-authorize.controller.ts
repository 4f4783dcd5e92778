import { createHash, randomBytes } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DEMO_USERS, DemoUser, DevIssuer } from '@app/auth';
import { Public } from '@app/common';
import { CONSOLE_SETTINGS, ConsoleSettings } from '../console.settings';
import { ConsolePages } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import { CALLBACK_PATH, OidcSignIn } from './oidc-sign-in';

/** A code handed to the console, waiting to be exchanged once. */
interface PendingCode {
  user: DemoUser;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string;
  expires: number;
}

const CODE_TTL_MS = 60_000;
const MAX_PENDING = 10_000;
const PARAM = /^[A-Za-z0-9._~-]{1,200}$/;

/**
 * The development issuer as an OpenID Connect provider for the console (embedded default only:
 * mounted only when the development issuer is on, never in production). Its authorization page
 * lists the demo users; picking one hands the console a single-use code, bound to the console's
 * client id, its redirect address and its PKCE challenge, which the console exchanges for an
 * access token to the API and an ID token.
 */
@Public()
@ApiExcludeController()
@Controller('auth/dev')
export class DevAuthorizeController {
  private readonly codes = new Map<string, PendingCode>();

  constructor(
    private readonly issuer: DevIssuer,
    private readonly pages: ConsolePages,
    private readonly signIn: OidcSignIn,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
  ) {}

  @Get('authorize')
  authorize(@Query() query: Record<string, unknown>, @Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): string {
    const problem = this.requestProblem(query);
    if (problem) return this.pages.render(req, res, 'sign-in/dev-refused.njk', { pageTitle: 'Sign-in request not accepted', problem }, 400);
    return this.pages.render(req, res, 'sign-in/dev-users.njk', {
      pageTitle: 'Sign in as a demo user',
      params: ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method'].map((name) => ({ name, value: query[name] })),
      users: DEMO_USERS.map((u) => ({ value: u.username, text: u.username, hint: { text: `${u.description} (${u.roles.join(', ')})` } })),
    });
  }

  @Post('authorize')
  pick(@Body() body: Record<string, unknown>, @Req() req: ConsoleRequest, @Res() res: Response): void {
    const problem = this.requestProblem(body);
    if (problem) return void res.send(this.pages.render(req, res, 'sign-in/dev-refused.njk', { pageTitle: 'Sign-in request not accepted', problem }, 400));
    const user = DEMO_USERS.find((u) => u.username === body.username);
    if (!user) {
      return void res.send(
        this.pages.render(req, res, 'sign-in/dev-users.njk', {
          pageTitle: 'Sign in as a demo user',
          params: ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method'].map((name) => ({ name, value: body[name] })),
          users: DEMO_USERS.map((u) => ({ value: u.username, text: u.username, hint: { text: `${u.description} (${u.roles.join(', ')})` } })),
          errors: { summary: [{ text: 'Select the demo user to sign in as', href: '#username' }], byField: { username: { text: 'Select the demo user to sign in as' } } },
        }, 400),
      );
    }
    this.forgetExpired();
    if (this.codes.size >= MAX_PENDING) return void res.status(503).send(this.pages.render(req, res, 'errors/problem.njk', { title: 'Too many sign-ins at once', message: 'Try again in a minute.' }, 503));
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      user,
      clientId: String(body.client_id),
      redirectUri: String(body.redirect_uri),
      codeChallenge: String(body.code_challenge),
      nonce: String(body.nonce),
      expires: Date.now() + CODE_TTL_MS,
    });
    res.redirect(303, `${String(body.redirect_uri)}?${new URLSearchParams({ code, state: String(body.state) }).toString()}`);
  }

  /** The token endpoint: the code, once, with the verifier of its challenge, for the client and address it was made for. */
  @Post('oidc/token')
  @HttpCode(200)
  async token(@Body() body: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const refuse = (error: string, description: string) => {
      res.status(400);
      return { error, error_description: description };
    };
    if (body.grant_type !== 'authorization_code') return refuse('unsupported_grant_type', 'Only authorization_code is supported');
    const code = typeof body.code === 'string' ? body.code : '';
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (!pending || pending.expires < Date.now()) return refuse('invalid_grant', 'The code is unknown, used or expired');
    if (body.client_id !== pending.clientId || body.redirect_uri !== pending.redirectUri) return refuse('invalid_grant', 'The code was issued to another client or address');
    const verifier = typeof body.code_verifier === 'string' ? body.code_verifier : '';
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) return refuse('invalid_grant', 'The code verifier does not match the challenge');
    const access = await this.issuer.issue(pending.user);
    return { ...access, id_token: await this.issuer.issueIdToken(pending.user, pending.clientId, pending.nonce), scope: 'openid profile' };
  }

  /** What is wrong with an authorization request, if anything: only the console, at its own callback, with PKCE. */
  private requestProblem(params: Record<string, unknown>): string | undefined {
    if (params.response_type !== 'code') return 'response_type must be code';
    if (params.client_id !== this.settings.CONSOLE_OIDC_CLIENT_ID) return 'client_id is not a client of this issuer';
    if (params.redirect_uri !== this.signIn.callbackUrl) return `redirect_uri must be this console's ${CALLBACK_PATH}`;
    if (params.code_challenge_method !== 'S256' || typeof params.code_challenge !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge)) return 'a PKCE code_challenge (S256) is required';
    if (typeof params.state !== 'string' || !PARAM.test(params.state)) return 'state is required';
    if (typeof params.nonce !== 'string' || !PARAM.test(params.nonce)) return 'nonce is required';
    if (typeof params.scope !== 'string' || !params.scope.split(' ').includes('openid')) return 'scope must include openid';
    return undefined;
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [code, pending] of this.codes) if (pending.expires < now) this.codes.delete(code);
  }
}
