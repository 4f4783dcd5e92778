import { JSONWebKeySet, JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet } from 'jose';
import { AuthSettings } from './auth.settings';

/** The claim names an issuer puts the user, agency and roles in (dotted paths reach nested claims). */
export interface ClaimNames {
  user: string;
  agency: string;
  roles: string;
}

/** An issuer whose tokens the platform accepts: its identifier, the audience its tokens must name, and its keys. */
export interface TrustedIssuer {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  algorithms: string[];
  claims: ClaimNames;
}

export const TRUSTED_ISSUERS = Symbol('TRUSTED_ISSUERS');

/** The board's OpenID Connect provider from the settings, when one is configured. */
export function configuredIssuer(settings: AuthSettings): TrustedIssuer | undefined {
  if (!settings.AUTH_ISSUER) return undefined;
  const keys = settings.AUTH_JWKS
    ? createLocalJWKSet(JSON.parse(settings.AUTH_JWKS) as JSONWebKeySet)
    : // jose caches the keys and refetches (at most every 30 s) when a token names a key it has not seen: rotation just works.
      createRemoteJWKSet(new URL(settings.AUTH_JWKS_URL!), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  return {
    issuer: settings.AUTH_ISSUER,
    audience: settings.AUTH_AUDIENCE,
    keys,
    algorithms: settings.AUTH_ALGORITHMS.split(',').map((a) => a.trim()),
    claims: { user: settings.AUTH_CLAIM_USER, agency: settings.AUTH_CLAIM_AGENCY, roles: settings.AUTH_CLAIM_ROLES },
  };
}

/** A claim by name, or by dotted path into nested objects (`realm_access.roles`) when no claim has the whole name. */
export function claim(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  return name.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), payload);
}
