import { randomBytes } from 'node:crypto';
import { DynamicModule, Inject, Logger, MiddlewareConsumer, Module, NestModule, OnApplicationBootstrap, RequestMethod, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import { DataSource } from 'typeorm';
import { AuthSettings, devIssuerEnabled, isProduction } from '@app/auth';
import { CONSOLE_SETTINGS, ConsoleSettings } from './console.settings';
import { AuditController } from './audit/audit.controller';
import { BoardController } from './board/board.controller';
import { AssetsController } from './http/assets.controller';
import { RootController } from './http/root.controller';
import { ConsoleApi } from './http/console-api';
import { ConsoleAccessGuard, assertEveryConsolePageHasAccess } from './http/console-access';
import { ConsoleErrorFilter } from './http/console-error.filter';
import { ConsolePages } from './http/console-pages';
import { HomeController } from './home/home.controller';
import { IntelligenceController } from './intelligence/intelligence.controller';
import { PractitionerController } from './practitioner/practitioner.controller';
import { RiskMissingController } from './practitioner/risk-missing.controller';
import { SemracController } from './semrac/semrac.controller';
import { ConsoleSessionEntity } from './session/console-session.entity';
import { ConsoleRequest, requireCsrfToken } from './session/console-session';
import { EncryptedSessionStore } from './session/session-store';
import { SharingController } from './sharing/sharing.controller';
import { DevAuthorizeController } from './sign-in/dev-authorize.controller';
import { OidcSignIn } from './sign-in/oidc-sign-in';
import { SESSION_COOKIE, SignInController } from './sign-in/sign-in.controller';

/** The console's pages, by journey (issue 15): each behind the console's session, form tokens and CSP. */
export const CONSOLE_PAGE_CONTROLLERS: Type[] = [
  SignInController,
  HomeController,
  PractitionerController,
  RiskMissingController,
  SemracController,
  IntelligenceController,
  SharingController,
  AuditController,
  BoardController,
];

const CONSOLE_LEFT_OUT = Symbol('CONSOLE_LEFT_OUT');

/** What the platform gets instead of the console when nobody could sign in to it: a line at boot saying why. */
@Module({})
export class ConsoleLeftOutModule implements OnApplicationBootstrap {
  constructor(@Inject(CONSOLE_LEFT_OUT) private readonly why: string) {}

  onApplicationBootstrap(): void {
    new Logger('Console').warn(`The web console is off: ${this.why}. The API runs without it.`);
  }
}

/** Whether the development issuer signs people in to this console (the embedded default). */
const DEV_SIGN_IN = Symbol('DEV_SIGN_IN');

type ConsoleAppSettings = ConsoleSettings & Pick<AuthSettings, 'AUTH_DEV_ISSUER' | 'AUTH_ISSUER' | 'NODE_ENV' | 'APP_ENV'> & { PORT?: number };

/**
 * The web console (issue 15): server-rendered GOV.UK pages under /console that act for the
 * signed-in user through the HTTP API with their own token. Import once, in an app that has the
 * read-model database (sessions live there) and AuthModule.
 */
@Module({})
export class ConsoleModule implements NestModule, OnApplicationBootstrap {
  /**
   * `required`: the app is the console (apps/console), so without a way to sign people in it does
   * not start. Otherwise (the platform) the console is left out, saying so, and the API runs alone.
   */
  static forRoot(settings: ConsoleAppSettings, { required = false }: { required?: boolean } = {}): DynamicModule {
    const devSignIn = devIssuerEnabled(settings) && !settings.CONSOLE_OIDC_ISSUER_URL;
    if (!devSignIn && !settings.CONSOLE_OIDC_ISSUER_URL) {
      const why = 'CONSOLE_OIDC_ISSUER_URL: the console needs the board’s OpenID Connect provider to sign people in (the development issuer is off)';
      if (required) throw new Error(why);
      return { module: ConsoleLeftOutModule, providers: [{ provide: CONSOLE_LEFT_OUT, useValue: why }] };
    }
    if (isProduction(settings) && !settings.CONSOLE_SESSION_SECRET) {
      throw new Error('CONSOLE_SESSION_SECRET: production needs a session secret (32 or more random bytes, base64), the same on every console replica');
    }
    return {
      module: ConsoleModule,
      imports: [TypeOrmModule.forFeature([ConsoleSessionEntity])],
      controllers: [RootController, AssetsController, ...CONSOLE_PAGE_CONTROLLERS, ...(devSignIn ? [DevAuthorizeController] : [])],
      providers: [
        { provide: CONSOLE_SETTINGS, useValue: settings },
        { provide: DEV_SIGN_IN, useValue: devSignIn },
        ConsolePages,
        ConsoleApi,
        ConsoleErrorFilter,
        ConsoleAccessGuard,
        OidcSignIn,
      ],
    };
  }

  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleAppSettings,
    @Inject(DEV_SIGN_IN) private readonly devSignIn: boolean,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pages: ConsolePages,
    private readonly modules: ModulesContainer,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const idleMs = this.settings.CONSOLE_IDLE_TIMEOUT_MIN * 60_000;
    const secret = this.settings.CONSOLE_SESSION_SECRET ? Buffer.from(this.settings.CONSOLE_SESSION_SECRET, 'base64') : randomBytes(32);
    const secure = (this.settings.CONSOLE_PUBLIC_URL ?? '').startsWith('https://');
    const sessions = session({
      name: SESSION_COOKIE,
      secret: secret.toString('base64'),
      store: new EncryptedSessionStore(this.dataSource, secret, idleMs),
      resave: false,
      saveUninitialized: false,
      // Each request moves the idle time-out on; a session unused for CONSOLE_IDLE_TIMEOUT_MIN ends.
      rolling: true,
      // Behind the TLS proxy of a deployment: trust its X-Forwarded-Proto for the secure cookie.
      proxy: secure,
      // Lax, not strict: the provider's redirect back to the callback is a navigation from its site.
      cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: idleMs, path: '/' },
    });
    const csrf = requireCsrfToken((req, res) => {
      res.status(403).send(
        this.pages.render(req, res, 'errors/problem.njk', {
          title: 'This form could not be sent',
          message: 'The page was open too long, or the form did not come from this service. Go back, reload the page and try again.',
        }, 403),
      );
    });
    const controllers = [...CONSOLE_PAGE_CONTROLLERS, ...(this.devSignIn ? [DevAuthorizeController] : [])];
    // The provider's sign-out page is where the sign-out form's answer sends the browser.
    const provider = this.settings.CONSOLE_OIDC_ISSUER_URL ? new URL(this.settings.CONSOLE_OIDC_ISSUER_URL).origin : undefined;
    consumer
      .apply(contentSecurityPolicy(provider), sessions, csrf, noStore)
      // The development issuer's token endpoint is called by the console's server, not a browser: no session, no form token.
      .exclude({ path: 'auth/dev/oidc/token', method: RequestMethod.POST })
      .forRoutes(...controllers);
  }

  onApplicationBootstrap(): void {
    assertEveryConsolePageHasAccess(this.modules);
  }
}

/**
 * A nonce per page for the one inline script GOV.UK's template has (it marks the page as able to
 * run the design system's scripts); everything else comes from this origin. No framing.
 */
const contentSecurityPolicy = (provider?: string) => (_req: Request, res: Response, next: NextFunction): void => {
  const nonce = randomBytes(16).toString('base64');
  res.locals.cspNonce = nonce;
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      `form-action 'self'${provider ? ` ${provider}` : ''}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join('; '),
  );
  next();
};

/** Pages about children are never kept by the browser or a proxy: the back button after sign-out shows nothing. */
function noStore(_req: ConsoleRequest, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
