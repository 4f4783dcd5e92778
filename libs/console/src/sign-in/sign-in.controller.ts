import { Get, Logger, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TokenVerifier } from '@app/auth';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ConsolePages } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import { OidcSignIn } from './oidc-sign-in';

/** Signing in and out (issue 15, journey 1). */
@ConsoleController('console')
export class SignInController {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly oidc: OidcSignIn,
    private readonly verifier: TokenVerifier,
    private readonly pages: ConsolePages,
  ) {}

  @Get('sign-in')
  @ConsolePage('anyone')
  async signIn(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const attempt = await this.oidc.begin();
    req.session.signIn = { state: attempt.state, nonce: attempt.nonce, codeVerifier: attempt.codeVerifier };
    req.session.save(() => res.redirect(303, attempt.url));
  }

  @Get('auth/callback')
  @ConsolePage('anyone')
  async callback(@Query() query: Record<string, unknown>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const attempt = req.session.signIn;
    const refused = (reason: string) => {
      this.logger.warn(`Sign-in refused: ${reason}`);
      res.send(this.pages.render(req, res, 'sign-in/refused.njk', { pageTitle: 'You could not be signed in' }, 400));
    };
    if (!attempt) return refused('no sign-in was under way in this session');
    if (typeof query.error === 'string') return refused(`the provider answered ${query.error.slice(0, 50)}`);
    let tokens;
    try {
      tokens = await this.oidc.complete(query, attempt);
    } catch (error) {
      return refused(error instanceof Error ? error.name : 'the answer did not check');
    }
    const accessToken = tokens.access_token;
    if (!accessToken) return refused('the provider issued no access token');
    let actor;
    try {
      // The same check the API makes of every call: who, which agency, which roles.
      actor = await this.verifier.verify(accessToken);
    } catch {
      return refused('the access token is not one the API accepts');
    }
    // A new session id on sign-in: one fixed before it (by someone else) is worth nothing after.
    req.session.regenerate((error) => {
      if (error) return refused('the session could not be started');
      req.session.user = { userId: actor.userId, agencyId: actor.agencyId, roles: actor.roles ?? [] };
      req.session.accessToken = accessToken;
      req.session.accessTokenExpires = (tokens.expires_at ?? Math.floor(Date.now() / 1000) + 300) * 1000;
      req.session.idToken = tokens.id_token;
      req.session.save(() => res.redirect(303, '/console'));
    });
  }

  @Post('sign-out')
  @ConsolePage('anyone')
  async signOut(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const providerSignOut = await this.oidc.endSessionUrl(req.session.idToken).catch(() => undefined);
    req.session.destroy(() => {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, providerSignOut ?? '/console/signed-out');
    });
  }

  @Get('signed-out')
  @ConsolePage('anyone')
  signedOut(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): string {
    return this.pages.render(req, res, 'sign-in/signed-out.njk', { pageTitle: 'You have signed out' });
  }
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'safeguard.sid';
