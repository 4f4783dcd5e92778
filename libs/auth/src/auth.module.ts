import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { WriteRuleGuard } from '@app/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AUTH_SETTINGS, AuthSettings, DEV_ISSUER, devIssuerEnabled, isProduction } from './auth.settings';
import { BearerAuthGuard } from './auth.guard';
import { DevIssuer } from './dev-issuer/dev-issuer';
import { DevTokenController } from './dev-issuer/dev-token.controller';
import { TokenVerifier } from './token-verifier';
import { TRUSTED_ISSUERS, TrustedIssuer, configuredIssuer } from './trusted-issuer';
import { UnauthenticatedRateLimit } from './unauthenticated-rate-limit';
import { UserThrottlerGuard } from './user-throttler.guard';

/**
 * Identity for an HTTP app: every route needs a bearer JWT from a trusted issuer (except
 * `@Public()` ones), `@CurrentActor()` gives the verified user, agency and roles, and each user
 * has a rate limit. Import once, in the app module.
 */
@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    const dev = devIssuerEnabled(settings);
    // Also checked when the settings are loaded; repeated here for apps that build settings by hand.
    if (dev && isProduction(settings)) {
      throw new Error('AUTH_DEV_ISSUER: the development issuer cannot run in production; configure AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL');
    }
    const providers: Provider[] = [
      { provide: AUTH_SETTINGS, useValue: settings },
      ...(dev
        ? [
            {
              provide: DevIssuer,
              useFactory: async () => {
                new Logger('Auth').warn(
                  `Development issuer on (${DEV_ISSUER}): anyone who can reach this API can take a demo user's token at POST /auth/dev/token. Never expose it; production refuses to start with it.`,
                );
                return DevIssuer.create(settings.AUTH_AUDIENCE, settings.AUTH_DEV_TOKEN_TTL_S);
              },
            },
          ]
        : []),
      {
        provide: TRUSTED_ISSUERS,
        useFactory: (devIssuer?: DevIssuer): TrustedIssuer[] => [configuredIssuer(settings), devIssuer?.trusted()].filter((i): i is TrustedIssuer => !!i),
        inject: dev ? [DevIssuer] : [],
      },
      TokenVerifier,
      UnauthenticatedRateLimit,
      // Guards run in this order: the user is known before the rate limit counts the request; a
      // request refused by the first counts against its address's limit instead (UnauthenticatedRateLimit).
      { provide: APP_GUARD, useClass: BearerAuthGuard },
      { provide: APP_GUARD, useClass: UserThrottlerGuard },
      // Then the route's declared write rule: refused by role before the body is read.
      { provide: APP_GUARD, useClass: WriteRuleGuard },
    ];
    return {
      module: AuthModule,
      // Identity is the app's: the console's sign-in verifies tokens and, in development, asks the issuer for them.
      global: true,
      imports: [
        ThrottlerModule.forRoot({
          // Named `default` so the answers carry the standard Retry-After and X-RateLimit-* headers.
          throttlers: [{ name: 'default', ttl: 60_000, limit: settings.RATE_LIMIT_PER_MINUTE }],
          // One budget per user across every route (the default key is per route).
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
          errorMessage: `Too many requests: at most ${settings.RATE_LIMIT_PER_MINUTE} a minute for each user; try again shortly`,
        }),
      ],
      controllers: dev ? [DevTokenController] : [],
      providers,
      exports: [TokenVerifier, AUTH_SETTINGS, ...(dev ? [DevIssuer] : [])],
    };
  }
}
