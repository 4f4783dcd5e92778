import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';

/**
 * The web console (issue 15): where it is reached, how people sign in to it, how long a session
 * lasts, and where the API it acts through is. Apps mix these into their config schema with
 * `withConsoleSettings`, so they are validated at boot with everything else.
 */
export interface ConsoleSettings {
  /**
   * The address people open the console at, without a trailing slash (e.g. https://safeguard.example.gov.uk).
   * The provider sends them back to `<it>/console/auth/callback`. Unset: http://localhost:<PORT>.
   */
  CONSOLE_PUBLIC_URL?: string;
  /**
   * Where the console calls the API with the user's token. Unset: this process's own API (the
   * embedded default serves both). In the distributed deployment, the gateway in front of the services.
   */
  CONSOLE_API_URL?: string;
  /**
   * Paths the console sends to another service than CONSOLE_API_URL, comma-separated
   * `/prefix=http://host:port` (e.g. `/intelligence=http://intelligence-service:3001`): the longest prefix wins.
   */
  CONSOLE_API_ROUTES?: string;
  /**
   * The board's OpenID Connect provider for sign-in (its issuer URL, whose
   * /.well-known/openid-configuration is read). Unset: the embedded development issuer, whose
   * sign-in page lists the demo users (never in production).
   */
  CONSOLE_OIDC_ISSUER_URL?: string;
  /** The console's client id at the provider. */
  CONSOLE_OIDC_CLIENT_ID: string;
  /** The console's client secret at the provider, for a confidential client. Unset: a public client (PKCE alone). */
  CONSOLE_OIDC_CLIENT_SECRET?: string;
  /** Scopes asked for: `openid` and whatever makes the provider issue an access token for this API (Entra: `api://<id>/.default`). */
  CONSOLE_OIDC_SCOPE: string;
  /**
   * The key that encrypts sessions at rest and signs their cookie: 32 or more random bytes, base64.
   * Required in production; elsewhere unset makes one at boot (sessions end with the process).
   */
  CONSOLE_SESSION_SECRET?: string;
  /** Minutes without a request after which a session ends and the user signs in again. */
  CONSOLE_IDLE_TIMEOUT_MIN: number;
}

export const CONSOLE_SETTINGS = Symbol('CONSOLE_SETTINGS');

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  CONSOLE_PUBLIC_URL: undefined,
  CONSOLE_API_URL: undefined,
  CONSOLE_API_ROUTES: undefined,
  CONSOLE_OIDC_ISSUER_URL: undefined,
  CONSOLE_OIDC_CLIENT_ID: 'safeguard-console',
  CONSOLE_OIDC_CLIENT_SECRET: undefined,
  CONSOLE_OIDC_SCOPE: 'openid profile',
  CONSOLE_SESSION_SECRET: undefined,
  CONSOLE_IDLE_TIMEOUT_MIN: 30,
};

const URL_NO_SLASH = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s/?#])?$/;
const blankIsUnset = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** `/prefix=url` pairs of CONSOLE_API_ROUTES, or the problem with them. */
export function parseApiRoutes(text: string | undefined): { routes: { prefix: string; url: string }[]; problem?: string } {
  const routes: { prefix: string; url: string }[] = [];
  for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [prefix, url, extra] = part.split('=');
    if (extra !== undefined || !/^\/[a-z0-9/-]{1,100}$/.test(prefix ?? '') || !URL_NO_SLASH.test(url ?? '')) {
      return { routes, problem: 'CONSOLE_API_ROUTES must be comma-separated /prefix=http(s)://host:port pairs, the address without a trailing slash' };
    }
    routes.push({ prefix, url });
  }
  return { routes };
}

/** Whether the session secret is 32 or more bytes of base64. */
export function sessionSecretProblem(secret: string | undefined): string | undefined {
  if (secret === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || Buffer.from(secret, 'base64').length < 32) {
    return 'CONSOLE_SESSION_SECRET must be 32 or more random bytes in base64 (e.g. openssl rand -base64 32)';
  }
  return undefined;
}

type Constructor<T = object> = new (...args: any[]) => T;

/** Adds the console's settings, with their defaults, to an app's config schema. */
export function withConsoleSettings<TBase extends Constructor>(Base: TBase) {
  class WithConsoleSettings extends Base implements ConsoleSettings {
    @Transform(blankIsUnset)
    @IsOptional()
    @Matches(URL_NO_SLASH, { message: 'CONSOLE_PUBLIC_URL must be an http(s) address without a trailing slash' })
    CONSOLE_PUBLIC_URL?: string = DEFAULT_CONSOLE_SETTINGS.CONSOLE_PUBLIC_URL;

    @Transform(blankIsUnset)
    @IsOptional()
    @Matches(URL_NO_SLASH, { message: 'CONSOLE_API_URL must be an http(s) address without a trailing slash' })
    CONSOLE_API_URL?: string = DEFAULT_CONSOLE_SETTINGS.CONSOLE_API_URL;

    @Transform(blankIsUnset)
    @IsOptional()
    @ValidateBy({
      name: 'isApiRouteList',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseApiRoutes(value).problem === undefined,
        defaultMessage: (args) => parseApiRoutes(String(args?.value)).problem ?? '',
      },
    })
    CONSOLE_API_ROUTES?: string = DEFAULT_CONSOLE_SETTINGS.CONSOLE_API_ROUTES;

    @Transform(blankIsUnset)
    @IsOptional()
    @Matches(/^(https:\/\/\S+|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/\S*)?)$/, {
      message: 'CONSOLE_OIDC_ISSUER_URL must be the provider’s https:// issuer address',
    })
    CONSOLE_OIDC_ISSUER_URL?: string = DEFAULT_CONSOLE_SETTINGS.CONSOLE_OIDC_ISSUER_URL;

    @Matches(/^\S{1,200}$/, { message: 'CONSOLE_OIDC_CLIENT_ID must be the console’s client id at the provider' })
    CONSOLE_OIDC_CLIENT_ID = DEFAULT_CONSOLE_SETTINGS.CONSOLE_OIDC_CLIENT_ID;

    @Transform(blankIsUnset)
    @IsOptional()
    @IsString()
    CONSOLE_OIDC_CLIENT_SECRET?: string = DEFAULT_CONSOLE_SETTINGS.CONSOLE_OIDC_CLIENT_SECRET;

    @Matches(/^openid( [\x21\x23-\x5b\x5d-\x7e]{1,200}){0,20}$/, { message: 'CONSOLE_OIDC_SCOPE must start with openid, then scopes separated by single spaces' })
    CONSOLE_OIDC_SCOPE = DEFAULT_CONSOLE_SETTINGS.CONSOLE_OIDC_SCOPE;

    @Transform(blankIsUnset)
    @IsOptional()
    @ValidateBy({
      name: 'isSessionSecret',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && sessionSecretProblem(value) === undefined,
        defaultMessage: (args) => sessionSecretProblem(String(args?.value)) ?? '',
      },
    })
    CONSOLE_SESSION_SECRET?: string = DEFAULT_CONSOLE_SETTINGS.CONSOLE_SESSION_SECRET;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(24 * 60)
    CONSOLE_IDLE_TIMEOUT_MIN = DEFAULT_CONSOLE_SETTINGS.CONSOLE_IDLE_TIMEOUT_MIN;
  }
  return WithConsoleSettings;
}
