import { Inject, Injectable, Optional } from '@nestjs/common';
import { BaseClient, Issuer, TokenSet, custom, generators } from 'openid-client';
import { DEV_ISSUER, DevIssuer } from '@app/auth';
import { CONSOLE_SETTINGS, ConsoleSettings } from '../console.settings';
import { ConsoleApi } from '../http/console-api';

/** The console's own address for the provider to send people back to. */
export const CALLBACK_PATH = '/console/auth/callback';

/**
 * Sign-in with the board's OpenID Connect provider: the authorization code flow with PKCE (S256),
 * a state and a nonce per attempt, through openid-client. In the embedded default the provider is
 * the development issuer in this process (its authorization page lists the demo users); the flow
 * is the same, so what the tests drive is what a deployment runs.
 */
@Injectable()
export class OidcSignIn {
  private client?: Promise<BaseClient>;

  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings & { PORT?: number },
    private readonly api: ConsoleApi,
    @Optional() private readonly devIssuer?: DevIssuer,
  ) {}

  /** The console's public address (CONSOLE_PUBLIC_URL, else http://localhost:<PORT>). */
  get publicUrl(): string {
    return this.settings.CONSOLE_PUBLIC_URL ?? `http://localhost:${this.settings.PORT ?? 3000}`;
  }

  get callbackUrl(): string {
    return `${this.publicUrl}${CALLBACK_PATH}`;
  }

  /** Where to send the browser to sign in, and what the answer must match (kept in the session). */
  async begin(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    const client = await this.oidcClient();
    const codeVerifier = generators.codeVerifier();
    const state = generators.state();
    const nonce = generators.nonce();
    const url = client.authorizationUrl({
      scope: this.settings.CONSOLE_OIDC_SCOPE,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /** The provider's answer: checked against the attempt (state, nonce, PKCE), exchanged for tokens. */
  async complete(query: Record<string, unknown>, attempt: { state: string; nonce: string; codeVerifier: string }): Promise<TokenSet> {
    const client = await this.oidcClient();
    const params = client.callbackParams(`${CALLBACK_PATH}?${new URLSearchParams(query as Record<string, string>).toString()}`);
    return client.callback(this.callbackUrl, params, { state: attempt.state, nonce: attempt.nonce, code_verifier: attempt.codeVerifier, response_type: 'code' });
  }

  /** The provider's sign-out address, when it has one (not the development issuer's). */
  async endSessionUrl(idToken: string | undefined): Promise<string | undefined> {
    if (!this.settings.CONSOLE_OIDC_ISSUER_URL) return undefined;
    const client = await this.oidcClient();
    if (!client.issuer.metadata.end_session_endpoint) return undefined;
    return client.endSessionUrl({ id_token_hint: idToken, post_logout_redirect_uri: `${this.publicUrl}/console/signed-out` });
  }

  private oidcClient(): Promise<BaseClient> {
    this.client ??= this.makeClient().catch((error) => {
      // Try again on the next sign-in: the provider may have been away.
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private async makeClient(): Promise<BaseClient> {
    const secret = this.settings.CONSOLE_OIDC_CLIENT_SECRET;
    let issuer: Issuer;
    if (this.settings.CONSOLE_OIDC_ISSUER_URL) {
      issuer = await Issuer.discover(this.settings.CONSOLE_OIDC_ISSUER_URL);
    } else {
      if (!this.devIssuer) throw new Error('No sign-in provider: set CONSOLE_OIDC_ISSUER_URL (the development issuer is off)');
      // The browser goes to the authorization page at the console's public address; the server
      // exchanges the code and reads the keys at the API's.
      const api = this.api.baseFor('/auth/dev');
      issuer = new Issuer({
        issuer: DEV_ISSUER,
        authorization_endpoint: `${this.publicUrl}/auth/dev/authorize`,
        token_endpoint: `${api}/auth/dev/oidc/token`,
        jwks_uri: `${api}/auth/dev/jwks.json`,
        id_token_signing_alg_values_supported: ['ES256'],
      });
    }
    const client = new issuer.Client({
      client_id: this.settings.CONSOLE_OIDC_CLIENT_ID,
      ...(secret ? { client_secret: secret, token_endpoint_auth_method: 'client_secret_basic' } : { token_endpoint_auth_method: 'none' }),
      redirect_uris: [this.callbackUrl],
      response_types: ['code'],
      ...(this.settings.CONSOLE_OIDC_ISSUER_URL ? {} : { id_token_signed_response_alg: 'ES256' }),
    });
    client[custom.http_options] = (_url, options) => ({ ...options, timeout: 5000 });
    return client;
  }
}
