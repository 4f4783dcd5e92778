/**
 * The console, journey 1 (issue 15): signing in with the board's OpenID Connect provider (here the
 * embedded development issuer, through the same authorization code flow with PKCE), navigation by
 * role, and the console's security: form tokens, 403 pages, no personal data in addresses, the
 * session ending on sign-out and after the idle time-out.
 */
import { ConsoleUnderTest, checkPage, signInAs, startConsole } from './support/console-browser';

describe('console: signing in and out', () => {
  let c: ConsoleUnderTest;

  beforeAll(async () => {
    c = await startConsole();
  });

  afterAll(async () => {
    await c?.close();
  });

  it('signs a demo user in through the provider’s page and shows only what their roles open', async () => {
    const context = await c.browser.newContext({ baseURL: c.url });
    const page = await context.newPage();
    const response = await page.goto('/');
    // Not signed in: the console sends the browser to the provider, with PKCE and a state.
    expect(page.url()).toContain('/auth/dev/authorize?');
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/.{20,}/);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Sign in as a demo user' }).isVisible()).resolves.toBe(true);
    await checkPage(page, 'sign-in');

    // Sending the form without choosing says so, naming the field.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select the demo user to sign in as');

    await page.getByLabel('sw-csc', { exact: true }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Home');
    await expect(page.locator('main').textContent()).resolves.toContain('Signed in as sw-csc');
    const navigation = await page.locator('.govuk-service-navigation__list a, .govuk-service-navigation__list button').allTextContents();
    expect(navigation.map((t) => t.trim())).toEqual(['Cases', 'Make a referral', 'SEMRAC', 'Sign out']);
    await checkPage(page, 'home-practitioner');

    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'safeguard.sid');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await context.close();
  });

  it('shows each role its own areas', async () => {
    const expected: Record<string, string[]> = {
      'dc-police': ['Cases', 'Intelligence', 'SEMRAC'],
      'sharing-board': ['Sharing'],
      'auditor-board': ['Audit'],
      'board-member': ['Problem profile'],
      'admin-board': [],
    };
    for (const [username, areas] of Object.entries(expected)) {
      const { context, page } = await c.signIn(username);
      const links = (await page.locator('.govuk-service-navigation__list a').allTextContents()).map((t) => t.trim());
      expect([username, links.sort()]).toEqual([username, areas.sort()]);
      await context.close();
    }
  });

  it('refuses a form sent without its token, and a page the user’s roles do not open, with pages saying so', async () => {
    const { context, page } = await c.signIn('auditor-board');
    // A form post made without the session's token (as another site would make one): refused, nothing done.
    const forged = await page.request.post('/console/sign-out', { form: { note: 'no token' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('This form could not be sent');
    // Still signed in: the forged sign-out did nothing.
    await page.goto('/console');
    await expect(page.locator('h1').textContent()).resolves.toBe('Home');

    const refused = await page.goto('/console/referrals/new');
    expect(refused?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('You do not have access to this page');
    await checkPage(page, 'forbidden');
    await context.close();
  });

  it('ends the session on sign-out: the back button and the old cookie open nothing', async () => {
    const { context, page } = await c.signIn('sw-csc');
    const before = (await context.cookies()).find((cookie) => cookie.name === 'safeguard.sid')!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/signed-out$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('You have signed out');
    await checkPage(page, 'signed-out');
    // The old session id, presented again, is worth nothing: the console asks to sign in.
    const replay = await c.browser.newContext({ baseURL: c.url });
    await replay.addCookies([{ ...before }]);
    const again = await replay.newPage();
    await again.goto('/console');
    expect(again.url()).toContain('/auth/dev/authorize?');
    await replay.close();
    await context.close();
  });

  it('gives a new session id on sign-in, so an id fixed before it is worth nothing', async () => {
    const context = await c.browser.newContext({ baseURL: c.url });
    const page = await context.newPage();
    await page.goto('/console');
    const fixed = (await context.cookies()).find((cookie) => cookie.name === 'safeguard.sid')!.value;
    await page.getByLabel('dc-police', { exact: true }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console$/);
    const after = (await context.cookies()).find((cookie) => cookie.name === 'safeguard.sid')!.value;
    expect(after).not.toBe(fixed);
    await context.close();
  });

  it('hands out a code only for the console’s own request, and exchanges it once, with its PKCE verifier', async () => {
    const context = await c.browser.newContext({ baseURL: c.url });
    const page = await context.newPage();
    await page.goto('/console');
    const fields = await page.locator('form input[type=hidden]').evaluateAll((inputs) => Object.fromEntries(inputs.map((i) => [(i as unknown as { name: string }).name, (i as unknown as { value: string }).value])));
    // Another address to send the code to: refused, no code.
    const elsewhere = await page.request.post('/auth/dev/authorize', { form: { ...fields, redirect_uri: 'https://attacker.example/cb', username: 'dc-police' }, maxRedirects: 0 });
    expect(elsewhere.status()).toBe(400);
    const answer = await page.request.post('/auth/dev/authorize', { form: { ...fields, username: 'dc-police' }, maxRedirects: 0 });
    expect(answer.status()).toBe(303);
    const code = new URL(answer.headers().location).searchParams.get('code')!;
    const exchange = (verifier: string) =>
      page.request.post('/auth/dev/oidc/token', {
        form: { grant_type: 'authorization_code', code, client_id: 'safeguard-console', redirect_uri: `${c.url}/console/auth/callback`, code_verifier: verifier },
      });
    // Someone who saw the code but not the verifier gets nothing, and the code is spent.
    const stolen = await exchange('x'.repeat(43));
    expect(stolen.status()).toBe(400);
    expect(await stolen.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange('y'.repeat(43))).status()).toBe(400);
    await context.close();
  });
});

describe('console: the idle time-out and the rate limit', () => {
  let c: ConsoleUnderTest;

  beforeAll(async () => {
    c = await startConsole({ CONSOLE_IDLE_TIMEOUT_MIN: '1', RATE_LIMIT_PER_MINUTE: '30' });
  });

  it('limits each signed-in user, not the office address they all share', async () => {
    const first = await c.signIn('sw-csc');
    const second = await c.signIn('dsl-school');
    // Both from 127.0.0.1: 50 pages between them, more than one address's 30 a minute.
    for (let i = 0; i < 25; i++) {
      expect((await first.page.request.get('/console')).status()).toBe(200);
      expect((await second.page.request.get('/console')).status()).toBe(200);
    }
    let refused;
    for (let i = 0; i < 10 && !refused; i++) {
      const answer = await first.page.request.get('/console');
      if (answer.status() === 429) refused = answer;
    }
    expect(refused?.status()).toBe(429);
    expect(await refused!.text()).toContain('Too many requests');
    await first.context.close();
    await second.context.close();
  });

  afterAll(async () => {
    await c?.close();
  });

  it('sets the session cookie to end after the idle time-out, moved on by each page', async () => {
    const context = await c.browser.newContext({ baseURL: c.url });
    const page = await context.newPage();
    await signInAs(page, 'nurse-health');
    const first = (await context.cookies()).find((cookie) => cookie.name === 'safeguard.sid')!;
    const secondsLeft = first.expires - Date.now() / 1000;
    expect(secondsLeft).toBeGreaterThan(50);
    expect(secondsLeft).toBeLessThanOrEqual(61);
    await page.waitForTimeout(1100);
    await page.goto('/console');
    const moved = (await context.cookies()).find((cookie) => cookie.name === 'safeguard.sid')!;
    expect(moved.expires).toBeGreaterThan(first.expires);
    await context.close();
  });
});
