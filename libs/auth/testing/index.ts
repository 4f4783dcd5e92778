import { KeyObject, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

/**
 * Tokens for end-to-end tests: a key pair made once per test file (in memory only), whose public
 * half the test platform trusts through `testAuthSettings()` (test/support/platform-app.ts passes
 * them). The app verifies these tokens exactly as it verifies a real provider's.
 */
export const TEST_ISSUER = 'https://issuer.test.safeguard.invalid';
export const TEST_AUDIENCE = 'safeguard';

export interface TestActor {
  userId: string;
  /** Omit to mint a token that does not say the agency (refused). */
  agencyId?: string;
  /** An array, or a comma-separated list as X-Roles once was; unknown roles can be minted to prove they are refused. */
  roles?: string[] | string;
}

export interface TestTokenOptions {
  /** Seconds from now until `exp`; negative for an expired token. Default one hour. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
  /** Sign with this key instead of the trusted one (e.g. `anotherKey()`). */
  key?: TestKey;
  /** Claims to add or override. */
  claims?: Record<string, unknown>;
}

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh Ed25519 key pair, not trusted by anyone. */
export function anotherKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid: `test-${randomUUID()}`, privateKey, publicKey };
}

const trusted = anotherKey();

/** The public half of keys as a JWKS document, as a provider publishes it. */
export function jwksOf(...keys: TestKey[]): { keys: object[] } {
  return { keys: keys.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'EdDSA', use: 'sig' })) };
}

/** The settings that make the platform trust this file's test key (and only it). */
export function testAuthSettings(): Record<string, string> {
  return {
    AUTH_ISSUER: TEST_ISSUER,
    AUTH_AUDIENCE: TEST_AUDIENCE,
    AUTH_JWKS: JSON.stringify(jwksOf(trusted)),
    AUTH_DEV_ISSUER: 'false',
  };
}

/** A signed JWT for the actor (EdDSA, compact form). Synchronous, so headers can be built at module level. */
export function mintToken(actor: TestActor, options: TestTokenOptions = {}): string {
  const key = options.key ?? trusted;
  const now = Math.floor(Date.now() / 1000);
  const roles = typeof actor.roles === 'string' ? actor.roles.split(',').map((r) => r.trim()).filter(Boolean) : (actor.roles ?? []);
  const payload = {
    iss: options.issuer ?? TEST_ISSUER,
    aud: options.audience ?? TEST_AUDIENCE,
    sub: actor.userId,
    ...(actor.agencyId !== undefined ? { agency: actor.agencyId } : {}),
    roles,
    iat: now,
    exp: now + (options.expiresIn ?? 3600),
    jti: randomUUID(),
    ...options.claims,
  };
  const header = { alg: 'EdDSA', typ: 'JWT', kid: key.kid };
  const signingInput = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), key.privateKey).toString('base64url')}`;
}

/** `{ Authorization: 'Bearer …' }` for supertest's `.set(...)`: `bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] })`. */
export function bearer(actor: TestActor, options?: TestTokenOptions): { Authorization: string } {
  return { Authorization: `Bearer ${mintToken(actor, options)}` };
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64url');
}
