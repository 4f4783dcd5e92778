import { HttpConfig, loadConfig } from '@app/common';
import { devIssuerEnabled, withAuthSettings } from './auth.settings';

class Config extends withAuthSettings(HttpConfig) {}
const jwks = JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' }] });
const provider = { AUTH_ISSUER: 'https://login.example/tenant/v2.0', AUTH_AUDIENCE: 'api://safeguard', AUTH_JWKS_URL: 'https://login.example/tenant/keys' };

describe('identity settings', () => {
  it('runs the development issuer by default, when no provider is configured, so npm start can be tried', () => {
    const config = loadConfig(Config, {});
    expect(devIssuerEnabled(config)).toBe(true);
    expect(config).toMatchObject({ AUTH_AUDIENCE: 'safeguard', AUTH_CLAIM_USER: 'sub', AUTH_CLAIM_AGENCY: 'agency', AUTH_CLAIM_ROLES: 'roles' });
  });

  it('turns the development issuer off when a provider is configured, unless asked for', () => {
    expect(devIssuerEnabled(loadConfig(Config, provider))).toBe(false);
    expect(devIssuerEnabled(loadConfig(Config, { ...provider, AUTH_DEV_ISSUER: 'true' }))).toBe(true);
  });

  it('refuses to start in production with the development issuer, whether by default or asked for', () => {
    expect(() => loadConfig(Config, { NODE_ENV: 'production' })).toThrow(/AUTH_DEV_ISSUER: the development issuer .* cannot run in production/);
    expect(() => loadConfig(Config, { APP_ENV: 'production', ...provider, AUTH_DEV_ISSUER: 'yes' })).toThrow(/AUTH_DEV_ISSUER/);
    expect(devIssuerEnabled(loadConfig(Config, { NODE_ENV: 'production', ...provider }))).toBe(false);
  });

  it('refuses a configuration where nobody could sign in', () => {
    expect(() => loadConfig(Config, { AUTH_DEV_ISSUER: 'false' })).toThrow(/nobody could sign in/);
  });

  it('asks for the provider’s keys, over https, and accepts pinned public keys instead', () => {
    expect(() => loadConfig(Config, { AUTH_ISSUER: provider.AUTH_ISSUER })).toThrow(/AUTH_JWKS_URL/);
    expect(() => loadConfig(Config, { ...provider, AUTH_JWKS_URL: 'http://login.example/keys' })).toThrow(/AUTH_JWKS_URL/);
    expect(() => loadConfig(Config, { AUTH_ISSUER: provider.AUTH_ISSUER, AUTH_JWKS: jwks })).not.toThrow();
  });

  it('refuses private or symmetric keys and symmetric algorithms in the configuration, without echoing them', () => {
    const secret = JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0LXZhbHVl' }] });
    const attempt = () => loadConfig(Config, { AUTH_ISSUER: provider.AUTH_ISSUER, AUTH_JWKS: secret });
    expect(attempt).toThrow(/public RSA, EC or OKP keys only/);
    expect(attempt).not.toThrow(/c2VjcmV0LXZhbHVl/);
    expect(() => loadConfig(Config, { ...provider, AUTH_ALGORITHMS: 'RS256,HS256' })).toThrow(/AUTH_ALGORITHMS/);
  });
});

describe('rate limit settings', () => {
  it('limits requests without a valid token per address, 60 a minute unless set, and refuses a limit that is not a positive whole number', () => {
    expect(loadConfig(Config, {}).RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE).toBe(60);
    expect(loadConfig(Config, { RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '20' }).RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE).toBe(20);
    for (const bad of ['0', '-1', '2.5', 'many']) {
      expect(() => loadConfig(Config, { RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: bad })).toThrow(/RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE/);
    }
  });
});
