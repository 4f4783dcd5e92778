import { createLocalJWKSet } from 'jose';
import { anotherKey, jwksOf, mintToken, testAuthSettings } from '@app/auth-testing';
import { AuthSettings, DEFAULT_AUTH_SETTINGS } from './auth.settings';
import { AuthenticationRefused, TokenVerifier, VERIFIED_TOKEN_TTL_MS } from './token-verifier';
import { TrustedIssuer, configuredIssuer } from './trusted-issuer';

/** The verifier as the platform builds it, trusting this file's test key; its clock is the test's. */
function verifierTrustingTheTestKey(): { verifier: TokenVerifier; issuer: TrustedIssuer; clock: { now: number } } {
  const settings: AuthSettings = { ...DEFAULT_AUTH_SETTINGS, ...(testAuthSettings() as Partial<AuthSettings>), AUTH_DEV_ISSUER: false } as AuthSettings;
  const issuer = configuredIssuer(settings)!;
  const verifier = new TokenVerifier([issuer], settings);
  const clock = { now: Date.now() };
  verifier.now = () => clock.now;
  return { verifier, issuer, clock };
}

const worker = { userId: 'sw-1', agencyId: 'bf-csc', roles: ['practitioner'] };

describe('TokenVerifier: a token verified once', () => {
  it('is taken again on its signature for a minute, so a withdrawn key stops admitting it within one', async () => {
    const { verifier, issuer, clock } = verifierTrustingTheTestKey();
    const token = mintToken(worker);
    await expect(verifier.verify(token)).resolves.toEqual(worker);
    // The provider withdraws the key: the platform now trusts only another one.
    issuer.keys = createLocalJWKSet(jwksOf(anotherKey()) as never);
    clock.now += VERIFIED_TOKEN_TTL_MS - 1_000;
    await expect(verifier.verify(token)).resolves.toEqual(worker);
    clock.now += 2_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('still expires at its exp (with the clock tolerance), however recently it was checked', async () => {
    const { verifier, clock } = verifierTrustingTheTestKey();
    const token = mintToken(worker, { expiresIn: 5 });
    await expect(verifier.verify(token)).resolves.toEqual(worker);
    clock.now += 5_000 + DEFAULT_AUTH_SETTINGS.AUTH_CLOCK_TOLERANCE_S * 1000 - 1_000;
    await expect(verifier.verify(token)).resolves.toEqual(worker);
    clock.now += 2_000;
    const refused = await verifier.verify(token).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthenticationRefused);
    expect(refused).toMatchObject({ reason: 'expired' });
  });

  it('vouches for that exact text only: the same claims with a broken signature are refused', async () => {
    const { verifier } = verifierTrustingTheTestKey();
    const token = mintToken(worker);
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ reason: 'invalid' });
    const otherKey = mintToken(worker, { key: anotherKey() });
    await expect(verifier.verify(otherKey)).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('gives each request its own actor: what one request changes, the next does not see', async () => {
    const { verifier } = verifierTrustingTheTestKey();
    const token = mintToken(worker);
    const first = await verifier.verify(token);
    first.roles!.push('admin');
    (first as { userId: string }).userId = 'someone-else';
    await expect(verifier.verify(token)).resolves.toEqual(worker);
  });
});
