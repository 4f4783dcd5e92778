import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { TestPlatform, freePort, startPlatform } from '../../support/platform-app';

/**
 * Debian's chromium package (installed by .ci/run; never downloaded at run time), or CHROMIUM_PATH.
 * The console suites need it: without it they fail saying so, rather than pass having run nothing.
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`No Chromium found (looked at ${candidates.join(', ')}): apt-get install -y chromium, or set CHROMIUM_PATH`);
  return found;
}

/** The window every journey is driven in. */
export const VIEWPORT = { width: 1280, height: 1600 };

/** Where each page's screenshot goes (git-ignored). */
export const SCREENSHOTS = join(__dirname, '../../../test-results/console');

export interface ConsoleUnderTest {
  platform: TestPlatform;
  /** The console's address, e.g. http://127.0.0.1:41234 */
  url: string;
  browser: Browser;
  /** A new browser context (its own cookies) signed in as a demo user, on the home page. */
  signIn(username: string): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The embedded platform (SQLite, the development issuer on, the console served at /console)
 * listening on a free port, and a headless Chromium to drive it as a user would.
 */
export async function startConsole(settings: Record<string, string> = {}): Promise<ConsoleUnderTest> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const platform = await startPlatform('sqlite', { AUTH_DEV_ISSUER: 'true', CONSOLE_PUBLIC_URL: url, PORT: String(port), RATE_LIMIT_PER_MINUTE: '100000', ...settings });
  await platform.app.listen(port, '127.0.0.1');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    platform,
    url,
    browser,
    async signIn(username: string) {
      const context = await browser.newContext({ baseURL: url, viewport: VIEWPORT });
      const page = await context.newPage();
      await signInAs(page, username);
      return { context, page };
    },
    async close() {
      await browser.close();
      await platform.close();
    },
  };
}

/** Signs in through the console's OIDC flow, picking the demo user on the development issuer's page. */
export async function signInAs(page: Page, username: string): Promise<void> {
  await page.goto('/console');
  await page.getByLabel(username, { exact: true }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console$/);
}

/** The page's WCAG 2.2 A and AA violations found by axe (none expected), as readable lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Saves the page's screenshot as test-results/console/<name>.png: what a user sees on opening it
 * (a tall 1280×1600 window), not the whole length of the longest pages, which took seconds each.
 * CONSOLE_SCREENSHOTS=full takes whole pages (as for the README's pictures).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const options = { path: join(SCREENSHOTS, `${name}.png`), fullPage: process.env.CONSOLE_SCREENSHOTS === 'full' };
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot(options);
      return;
    } catch (error) {
      // Headless Chromium now and then has no frame to give on a loaded 2-core machine
      // ("Protocol error (Page.captureScreenshot): Unable to capture screenshot"); the page is
      // unchanged, so another try a moment later captures it. Any other failure, or a third, stands.
      if (attempt >= SCREENSHOT_ATTEMPTS || !/Unable to capture screenshot/.test(String(error))) throw error;
      await page.waitForTimeout(250 * attempt);
    }
  }
}

/** How many times a screenshot is tried before its failure fails the test. */
const SCREENSHOT_ATTEMPTS = 3;

/** Checks a page as every console test does: no accessibility violation, and a screenshot kept. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await accessibilityViolations(page)).toEqual([]);
}
