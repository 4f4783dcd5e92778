import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { parseBoolean } from '@app/common';

/**
 * Who may call the platform (issue 6, identity): bearer JWTs from the board's OpenID Connect
 * provider (Microsoft Entra ID, Keycloak, ...), verified against its published keys; or, for
 * development only, the embedded issuer with demo users. Apps mix these into their config schema
 * with `withAuthSettings`, so they are validated at boot with everything else.
 */
export interface AuthSettings {
  /** The `iss` of the provider's tokens, e.g. https://login.microsoftonline.com/<tenant>/v2.0. Unset: no external provider. */
  AUTH_ISSUER?: string;
  /** The `aud` the tokens must carry: this API's identifier at the provider. */
  AUTH_AUDIENCE: string;
  /** Where the provider publishes its signing keys (JWKS), e.g. Keycloak's .../protocol/openid-connect/certs. */
  AUTH_JWKS_URL?: string;
  /** The provider's public keys inline, as a JWKS JSON document (pinned keys; tests). Instead of AUTH_JWKS_URL. */
  AUTH_JWKS?: string;
  /** Signature algorithms accepted, comma-separated; asymmetric only (a shared secret would be a key in config). */
  AUTH_ALGORITHMS: string;
  /** The claim holding the user's id (`sub`; Entra: `oid`). Dotted paths reach nested claims. */
  AUTH_CLAIM_USER: string;
  /** The claim holding the user's agency id in this board. */
  AUTH_CLAIM_AGENCY: string;
  /** The claim holding the user's roles (Entra app roles: `roles`; Keycloak: `resource_access.<client>.roles`). */
  AUTH_CLAIM_ROLES: string;
  /** Seconds of clock difference allowed between the provider and this server for `exp` and `nbf`. */
  AUTH_CLOCK_TOLERANCE_S: number;
  /**
   * The embedded development issuer (demo users of every role and agency, POST /auth/dev/token).
   * Unset: on when no AUTH_ISSUER is configured, so `npm start` can be tried. Never in production.
   */
  AUTH_DEV_ISSUER?: boolean;
  /** How long a development token lives, in seconds. */
  AUTH_DEV_TOKEN_TTL_S: number;
  /** Requests one user may make per minute (per address for calls without a user); then 429. */
  RATE_LIMIT_PER_MINUTE: number;
  /** Requests without a valid token (none, malformed, expired, untrusted) one address may make per minute; then 429. */
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: number;
  /** `production` here or in APP_ENV forbids the development issuer. */
  NODE_ENV?: string;
  APP_ENV?: string;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export const DEV_ISSUER = 'urn:safeguard:dev-issuer';
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  AUTH_ISSUER: undefined,
  AUTH_AUDIENCE: 'safeguard',
  AUTH_JWKS_URL: undefined,
  AUTH_JWKS: undefined,
  AUTH_ALGORITHMS: 'RS256,PS256,ES256,EdDSA',
  AUTH_CLAIM_USER: 'sub',
  AUTH_CLAIM_AGENCY: 'agency',
  AUTH_CLAIM_ROLES: 'roles',
  AUTH_CLOCK_TOLERANCE_S: 30,
  AUTH_DEV_ISSUER: undefined,
  AUTH_DEV_TOKEN_TTL_S: 900,
  RATE_LIMIT_PER_MINUTE: 600,
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: 60,
  NODE_ENV: undefined,
  APP_ENV: undefined,
};

export function isProduction(settings: Pick<AuthSettings, 'NODE_ENV' | 'APP_ENV'>): boolean {
  return settings.NODE_ENV === 'production' || settings.APP_ENV === 'production';
}

/** Whether the embedded development issuer runs: as configured, else when no provider is. */
export function devIssuerEnabled(settings: Pick<AuthSettings, 'AUTH_DEV_ISSUER' | 'AUTH_ISSUER'>): boolean {
  return settings.AUTH_DEV_ISSUER ?? !settings.AUTH_ISSUER;
}

/** Problems with an inline JWKS: it must parse and hold public asymmetric keys only. */
export function inlineJwksProblems(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return ['AUTH_JWKS must be a JWKS JSON document ({"keys":[...]})'];
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) return ['AUTH_JWKS must hold a non-empty "keys" array'];
  const bad = keys.filter((k) => typeof k !== 'object' || k === null || !['RSA', 'EC', 'OKP'].includes((k as { kty?: string }).kty ?? '') || 'd' in k);
  return bad.length > 0 ? ['AUTH_JWKS must hold public RSA, EC or OKP keys only (no private or symmetric keys)'] : [];
}

const CLAIM = /^[A-Za-z0-9_:/.#-]{1,200}$/;
const blankIsUnset = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

type Constructor<T = object> = new (...args: any[]) => T;

/** Adds the identity and rate-limit settings, with their defaults, to an app's config schema. */
export function withAuthSettings<TBase extends Constructor>(Base: TBase) {
  class WithAuthSettings extends Base implements AuthSettings {
    @Transform(blankIsUnset)
    @IsOptional()
    @IsString()
    @Matches(/^\S{1,500}$/, { message: 'AUTH_ISSUER must be the issuer identifier (the iss of its tokens), without spaces' })
    AUTH_ISSUER?: string = DEFAULT_AUTH_SETTINGS.AUTH_ISSUER;

    @Matches(/^\S{1,500}$/, { message: 'AUTH_AUDIENCE must be this API’s identifier at the provider (the aud of its tokens)' })
    AUTH_AUDIENCE = DEFAULT_AUTH_SETTINGS.AUTH_AUDIENCE;

    @Transform(blankIsUnset)
    @ValidateIf((s: WithAuthSettings) => !!s.AUTH_ISSUER && !s.AUTH_JWKS)
    @Matches(/^(https:\/\/\S+|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/\S*)$/, {
      message: 'AUTH_JWKS_URL must be the provider’s https:// JWKS address when AUTH_ISSUER is set (or give AUTH_JWKS)',
    })
    AUTH_JWKS_URL?: string = DEFAULT_AUTH_SETTINGS.AUTH_JWKS_URL;

    @Transform(blankIsUnset)
    @IsOptional()
    @ValidateBy({
      name: 'isPublicJwks',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && inlineJwksProblems(value).length === 0,
        defaultMessage: (args) => inlineJwksProblems(String(args?.value)).join('; '),
      },
    })
    AUTH_JWKS?: string = DEFAULT_AUTH_SETTINGS.AUTH_JWKS;

    @ValidateBy({
      name: 'isAsymmetricAlgorithmList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.split(',').every((a) => (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(a.trim())),
        defaultMessage: () => `AUTH_ALGORITHMS must be a comma-separated list from ${ASYMMETRIC_ALGORITHMS.join(', ')}`,
      },
    })
    AUTH_ALGORITHMS = DEFAULT_AUTH_SETTINGS.AUTH_ALGORITHMS;

    @Matches(CLAIM, { message: 'AUTH_CLAIM_USER must be a claim name or dotted path' })
    AUTH_CLAIM_USER = DEFAULT_AUTH_SETTINGS.AUTH_CLAIM_USER;

    @Matches(CLAIM, { message: 'AUTH_CLAIM_AGENCY must be a claim name or dotted path' })
    AUTH_CLAIM_AGENCY = DEFAULT_AUTH_SETTINGS.AUTH_CLAIM_AGENCY;

    @Matches(CLAIM, { message: 'AUTH_CLAIM_ROLES must be a claim name or dotted path' })
    AUTH_CLAIM_ROLES = DEFAULT_AUTH_SETTINGS.AUTH_CLAIM_ROLES;

    @Type(() => Number)
    @IsInt()
    @Min(0)
    @Max(300)
    AUTH_CLOCK_TOLERANCE_S = DEFAULT_AUTH_SETTINGS.AUTH_CLOCK_TOLERANCE_S;

    // From the raw setting: implicit conversion would turn the text "false" into true.
    @Transform(({ obj, key }) => {
      const raw = (obj as Record<string, unknown>)[key];
      return raw === undefined || raw === '' ? undefined : parseBoolean({ value: raw });
    })
    @ValidateBy({
      name: 'isBooleanOrUnset',
      validator: {
        validate: (value: unknown) => value === undefined || typeof value === 'boolean',
        defaultMessage: () => 'AUTH_DEV_ISSUER must be true or false',
      },
    })
    @ValidateBy({
      name: 'noDevIssuerInProduction',
      validator: {
        validate: (_value: unknown, args) => !(isProduction(args!.object as AuthSettings) && devIssuerEnabled(args!.object as AuthSettings)),
        defaultMessage: () =>
          'the development issuer (anyone may take a demo token) cannot run in production; set AUTH_DEV_ISSUER=false and configure AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL',
      },
    })
    @ValidateBy({
      name: 'someIssuer',
      validator: {
        validate: (_value: unknown, args) => devIssuerEnabled(args!.object as AuthSettings) || !!(args!.object as AuthSettings).AUTH_ISSUER,
        defaultMessage: () => 'the development issuer is off and no AUTH_ISSUER is set: nobody could sign in',
      },
    })
    // Validated even when unset: the production and nobody-could-sign-in checks depend on the default.
    AUTH_DEV_ISSUER?: boolean = DEFAULT_AUTH_SETTINGS.AUTH_DEV_ISSUER;

    @Type(() => Number)
    @IsInt()
    @Min(60)
    @Max(24 * 3600)
    AUTH_DEV_TOKEN_TTL_S = DEFAULT_AUTH_SETTINGS.AUTH_DEV_TOKEN_TTL_S;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(1_000_000)
    RATE_LIMIT_PER_MINUTE = DEFAULT_AUTH_SETTINGS.RATE_LIMIT_PER_MINUTE;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(1_000_000)
    RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE = DEFAULT_AUTH_SETTINGS.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE;

    @IsOptional()
    @IsString()
    NODE_ENV?: string = DEFAULT_AUTH_SETTINGS.NODE_ENV;

    @Transform(blankIsUnset)
    @IsOptional()
    @IsIn(['development', 'test', 'production'])
    APP_ENV?: string = DEFAULT_AUTH_SETTINGS.APP_ENV;
  }
  return WithAuthSettings;
}
