import { Inject, Injectable, Logger, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { decodeJwt, jwtVerify } from 'jose';
import { Actor, ChecksReadiness, HealthIndicatorResult, ReadinessIndicator, parseRoles } from '@app/common';
import { AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { TRUSTED_ISSUERS, TrustedIssuer, claim } from './trusted-issuer';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/**
 * How long a verified token is taken on its signature without checking it again. A client sends the
 * same token with every request until it expires; checking its signature each time cost more than
 * the rest of the authentication (an RSA or EdDSA verification a request). Short, so a key the
 * provider withdraws stops admitting its tokens within a minute, as the key set's own cache does.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Tokens remembered at most (the oldest go first): a few thousand signed-in users at about 1 KB each. */
export const VERIFIED_TOKEN_CACHE_SIZE = 5_000;

const copyOf = (actor: Actor): Actor => ({ ...actor, ...(actor.roles ? { roles: [...actor.roles] } : {}) });

interface Verified {
  actor: Actor;
  /** The token's own exp and nbf (ms), checked again on every use, with the clock tolerance. */
  expiresAt: number;
  notBefore: number;
  /** When the signature must be checked again. */
  recheckAt: number;
}

/**
 * A 401 that says what is wrong with the token in general terms. Nothing from the token is
 * echoed: a claim could hold personal data, and details help a forger more than a user.
 */
export class AuthenticationRefused extends UnauthorizedException {
  constructor(message: string, readonly reason: 'missing' | 'invalid' | 'expired' | 'untrusted' | 'claims') {
    super({ statusCode: 401, error: 'Unauthorized', message });
  }
}

/** A key set fetched from the provider's JWKS address (jose's remote key set), as opposed to pinned keys. */
interface RemoteKeys {
  jwks(): unknown;
  reload(): Promise<void>;
}

const isRemote = (keys: unknown): keys is RemoteKeys =>
  typeof (keys as Partial<RemoteKeys>).reload === 'function' && typeof (keys as Partial<RemoteKeys>).jwks === 'function';

/**
 * Verifies bearer tokens against the trusted issuers and turns their claims into an Actor. Not
 * ready (GET /health/ready) while a provider's keys are neither cached nor fetchable: no token
 * could be verified, so every request would be refused.
 */
@Injectable()
@ChecksReadiness()
export class TokenVerifier implements ReadinessIndicator {
  readonly healthKey = 'identityProvider';
  private readonly logger = new Logger('Auth');
  /** Tokens whose signature and claims verified, by the token's exact text. */
  private readonly verified = new Map<string, Verified>();
  /** The clock (tests move it). */
  now: () => number = Date.now;

  constructor(
    @Inject(TRUSTED_ISSUERS) private readonly issuers: TrustedIssuer[],
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async readiness(): Promise<HealthIndicatorResult> {
    const remote = this.issuers.filter((i) => isRemote(i.keys));
    const unreachable: string[] = [];
    for (const issuer of remote) {
      const keys = issuer.keys as unknown as RemoteKeys;
      // Cached keys verify tokens while the provider is away; only an empty cache stops this process.
      if (keys.jwks() !== undefined) continue;
      try {
        await keys.reload();
      } catch {
        unreachable.push(issuer.issuer);
      }
    }
    // The issuer identifiers only (public configuration), never a token.
    return { status: unreachable.length > 0 ? 'down' : 'up', remoteKeySets: remote.length, keysUnreachable: unreachable };
  }

  async verify(token: string): Promise<Actor> {
    const now = this.now();
    const known = this.verified.get(token);
    if (known) {
      const tolerance = this.settings.AUTH_CLOCK_TOLERANCE_S * 1000;
      // Expiry and "not before" are the token's, whatever the cache holds; an expired token says so as jose would.
      if (now >= known.expiresAt + tolerance) {
        this.verified.delete(token);
        throw new AuthenticationRefused('The bearer token has expired: get a new one', 'expired');
      }
      // A copy: a request must not change what the next one is given.
      if (now < known.recheckAt && now >= known.notBefore - tolerance) return copyOf(known.actor);
      this.verified.delete(token);
    }
    const actor = await this.verifyToken(token);
    this.remember(token, actor, now);
    return actor;
  }

  private remember(token: string, actor: Actor, now: number): void {
    const { exp, nbf } = decodeJwt(token);
    if (this.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, {
      actor: copyOf(actor),
      expiresAt: (exp ?? 0) * 1000,
      notBefore: (nbf ?? 0) * 1000,
      recheckAt: now + VERIFIED_TOKEN_TTL_MS,
    });
  }

  private async verifyToken(token: string): Promise<Actor> {
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new AuthenticationRefused('The bearer token is not a well-formed JWT', 'invalid');
    }
    // Picked by the unverified iss only to know which keys to check the signature with.
    const issuer = this.issuers.find((i) => i.issuer === iss);
    if (!issuer) throw new AuthenticationRefused('The bearer token was not issued by an identity provider this platform trusts', 'untrusted');

    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, issuer.keys, {
        issuer: issuer.issuer,
        audience: issuer.audience,
        algorithms: issuer.algorithms,
        clockTolerance: this.settings.AUTH_CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw this.refusal(error as { code?: string; claim?: string });
    }

    const userId = claim(payload, issuer.claims.user);
    const agencyId = claim(payload, issuer.claims.agency);
    if (typeof userId !== 'string' || !ID.test(userId) || typeof agencyId !== 'string' || !ID.test(agencyId)) {
      throw new AuthenticationRefused(
        `The bearer token does not say who you are: claims ${issuer.claims.user} (user) and ${issuer.claims.agency} (agency) must be ids of 1-100 letters, digits or ._:@-`,
        'claims',
      );
    }
    const roles = parseRoles(claim(payload, issuer.claims.roles));
    if (!roles) throw new AuthenticationRefused(`The bearer token's ${issuer.claims.roles} claim holds a role this platform does not know`, 'claims');
    return { userId, agencyId, roles };
  }

  private refusal(error: { code?: string; claim?: string }): Error {
    switch (error.code) {
      case 'ERR_JWT_EXPIRED':
        return new AuthenticationRefused('The bearer token has expired: get a new one', 'expired');
      case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
        return new AuthenticationRefused(
          error.claim === 'aud' ? 'The bearer token is for another service (audience)' : 'The bearer token is not valid now, or lacks a required claim',
          'claims',
        );
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      case 'ERR_JWKS_NO_MATCHING_KEY':
      case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
        return new AuthenticationRefused('The bearer token’s signature does not verify with the issuer’s keys', 'invalid');
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
      case 'ERR_JOSE_NOT_SUPPORTED':
      case 'ERR_JWS_INVALID':
      case 'ERR_JWT_INVALID':
        return new AuthenticationRefused('The bearer token is not a JWT this platform accepts (format or algorithm)', 'invalid');
      default:
        // The provider's keys could not be fetched: not the caller's fault. The code only, no token.
        this.logger.error(`Could not verify a bearer token: ${error.code ?? 'unexpected error'}`);
        return new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: 'The identity provider’s keys cannot be reached; try again shortly' });
    }
  }
}
