import { randomUUID } from 'node:crypto';
import { JWK, KeyLike, SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { DEV_ISSUER } from '../auth.settings';
import { TrustedIssuer } from '../trusted-issuer';
import { DemoUser } from './demo-users';

/**
 * The embedded development issuer: a key pair made at boot and kept in memory only (never
 * written, never committed), so every token it issued dies with the process.
 */
export class DevIssuer {
  private constructor(
    private readonly privateKey: KeyLike,
    readonly publicJwk: JWK,
    private readonly audience: string,
    private readonly ttlSeconds: number,
  ) {}

  static async create(audience: string, ttlSeconds: number): Promise<DevIssuer> {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const publicJwk = { ...(await exportJWK(publicKey)), kid: `dev-${randomUUID()}`, alg: 'ES256', use: 'sig' };
    return new DevIssuer(privateKey, publicJwk, audience, ttlSeconds);
  }

  get jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  trusted(): TrustedIssuer {
    return {
      issuer: DEV_ISSUER,
      audience: this.audience,
      keys: createLocalJWKSet(this.jwks),
      algorithms: ['ES256'],
      claims: { user: 'sub', agency: 'agency', roles: 'roles' },
    };
  }

  /** An OpenID Connect ID token for a client that signed the user in (the console): who, for whom, and the sign-in's nonce. */
  async issueIdToken(user: DemoUser, clientId: string, nonce: string): Promise<string> {
    return new SignJWT({ nonce, agency: user.agencyId, name: user.description })
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(clientId)
      .setSubject(user.username)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.privateKey);
  }

  async issue(user: DemoUser): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const token = await new SignJWT({ agency: user.agencyId, roles: user.roles })
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(this.audience)
      .setSubject(user.username)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.privateKey);
    return { access_token: token, token_type: 'Bearer', expires_in: this.ttlSeconds };
  }
}
