/**
 * The console, journey 2 part b (issue 15): a practitioner assesses a child's risk, seeing the score
 * and band as answers are given (live with JavaScript, by "Check score" without), and follows a
 * missing episode from the report through the return to the return home interview and its
 * 72-hour clock.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { ConsoleUnderTest, checkPage, screenshot, signInAs, startConsole } from './support/console-browser';

// The demo user's own agency and id, so the case the API makes here is one sw-csc may open in the console.
const swCsc = bearer({ userId: 'sw-csc', agencyId: 'bf-csc', roles: 'practitioner' });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What a user in the UK types for an instant: day, month, year and a 24-hour time. */
function ukParts(at: number): { day: string; month: string; year: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return { day: parts.day, month: parts.month, year: parts.year, time: `${parts.hour}:${parts.minute}` };
}

async function fillDate(page: Page, id: string, at: number, withTime = true): Promise<void> {
  const parts = ukParts(at);
  await page.locator(`#${id}-day`).fill(parts.day);
  await page.locator(`#${id}-month`).fill(parts.month);
  await page.locator(`#${id}-year`).fill(parts.year);
  if (withTime) await page.locator(`#${id}-time`).fill(parts.time);
}

/** Ticks a sign of exploitation and rates it. */
async function rateSign(page: Page, label: string, code: string, severity: 'Moderate' | 'Significant', lastObserved: number): Promise<void> {
  await page.getByLabel(label, { exact: true }).check();
  await page.getByRole('group', { name: `How severe is “${label}”?` }).getByLabel(severity, { exact: true }).check();
  await fillDate(page, `sign-${code}-lastObserved`, lastObserved, false);
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const score = (page: Page) => text(page, '[data-risk-score]');
const band = (page: Page) => text(page, '[data-risk-band]');

// Long journeys through a real browser: each step waits at most 60 s, each journey 5 minutes (a loaded machine is slow).
jest.setTimeout(300_000);

describe('console: risk assessment and missing episodes', () => {
  let c: ConsoleUnderTest;
  let caseId: string;

  beforeAll(async () => {
    c = await startConsole();
    const made = await request(c.platform.app.getHttpServer()).post('/referrals').set(swCsc).send(referralBody('bf-csc')).expect(201);
    caseId = made.body.caseId;
  });

  afterAll(async () => {
    await c?.close();
  });

  it('shows the score and band change as answers are ticked, saves the assessment and shows its band', async () => {
    const { context, page } = await c.signIn('sw-csc');
    context.setDefaultTimeout(60_000);
    await page.goto(`/console/cases/${caseId}/risk-assessments/new`);
    await expect(text(page, 'h1')).resolves.toBe('Assess risk');
    await expect(text(page, '.govuk-caption-l')).resolves.toBe('Testa Fictional');
    await expect(score(page)).resolves.toBe('0');
    await expect(band(page)).resolves.toBe('No current risk');
    await checkPage(page, 'risk-assessment');

    await page.getByLabel('Low self-esteem or self-confidence').check();
    await expect(score(page)).resolves.toBe('1');
    // A sign scores once rated: significant and seen a month ago is 5 under the default scheme.
    await rateSign(page, 'Missing from home or care', 'S-MISSING', 'Significant', Date.now() - 30 * DAY);
    await expect(score(page)).resolves.toBe('6');
    await expect(band(page)).resolves.toBe('Mild');
    await page.getByLabel('Homelessness').check();
    await page.getByLabel('Living in residential care').check();
    await rateSign(page, 'Drug or alcohol misuse', 'S-SUBSTANCE-MISUSE', 'Significant', Date.now() - 10 * DAY);
    await expect(score(page)).resolves.toBe('13');
    await expect(band(page)).resolves.toBe('Moderate');
    // Seen eight months ago instead: the earlier window's weight, 1.
    await page.locator('#sign-S-SUBSTANCE-MISUSE-lastObserved-month').fill(ukParts(Date.now() - 240 * DAY).month);
    await page.locator('#sign-S-SUBSTANCE-MISUSE-lastObserved-year').fill(ukParts(Date.now() - 240 * DAY).year);
    await page.locator('#sign-S-SUBSTANCE-MISUSE-lastObserved-day').fill('1');
    await expect(score(page)).resolves.toBe('9');
    await expect(band(page)).resolves.toBe('Mild');
    // A disclosure sets the highest band whatever the score; answering no takes it back.
    await page.getByRole('group', { name: 'Has the child disclosed exploitation?' }).getByLabel('Yes').check();
    await expect(band(page)).resolves.toBe('Significant');
    await expect(text(page, '[data-risk-raised]')).resolves.toContain('A disclosure of exploitation sets the highest band');
    await page.getByRole('group', { name: 'Has the child disclosed exploitation?' }).getByLabel('No').check();
    await expect(band(page)).resolves.toBe('Mild');
    await checkPage(page, 'risk-assessment-filled');

    // "Check score" asks the server, which scores the same; saved without a name or a summary, the fields are named.
    await page.getByRole('button', { name: 'Check score' }).click();
    await expect(text(page, '.app-risk-checked')).resolves.toBe('Score 9: Mild');
    await checkPage(page, 'risk-assessment-checked');
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('Enter a summary of the assessment');
    await expect(score(page)).resolves.toBe('9');
    await checkPage(page, 'risk-assessment-errors');

    await page.getByLabel('Your name').fill('Sam Worker');
    await page.getByLabel('Your role').fill('Social worker');
    await expect(page.getByLabel('Your agency').inputValue()).resolves.toBe("Children's Social Care");
    await page.getByLabel('Summary of the assessment').fill('Missing twice this month; drinking with older friends.');
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.waitForURL(new RegExp(`/console/cases/${caseId}(\\?|$)`));
    const banner = await text(page, '.govuk-notification-banner');
    expect(banner).toContain('Risk assessment saved');
    expect(banner).toContain('Band: Mild (score 9)');
    // The saved band is the API's: the case's risk shows what the form showed.
    const saved = await request(c.platform.app.getHttpServer()).get(`/cases/${caseId}`).set(swCsc).expect(200);
    expect(saved.body.risk).toMatchObject({ band: 'mild', score: 9 });
    await context.close();
  });

  it('checks the score on the server without JavaScript, and names the fields the API refused', async () => {
    const context = await c.browser.newContext({ baseURL: c.url, javaScriptEnabled: false });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await signInAs(page, 'sw-csc');
    await page.goto(`/console/cases/${caseId}/risk-assessments/new`);
    await page.getByLabel('Low self-esteem or self-confidence').check();
    await rateSign(page, 'Absence from school', 'S-SCHOOL-ABSENCE', 'Moderate', Date.now() - 20 * DAY);
    // Without JavaScript nothing changes until the server is asked.
    await expect(score(page)).resolves.toBe('0');
    await page.getByRole('button', { name: 'Check score' }).click();
    await expect(score(page)).resolves.toBe('2');
    await expect(band(page)).resolves.toBe('No current risk');
    await expect(text(page, '.app-risk-checked')).resolves.toBe('Score 2: No current risk');
    // The answers are kept.
    await expect(page.getByLabel('Low self-esteem or self-confidence').isChecked()).resolves.toBe(true);
    await page.getByRole('group', { name: 'Has the child disclosed exploitation?' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Check score' }).click();
    await expect(score(page)).resolves.toBe('2');
    await expect(band(page)).resolves.toBe('Significant');
    // axe runs as a script: this page is checked with JavaScript on in the first journey.
    await screenshot(page, 'risk-assessment-checked-no-js');

    // Saved without a name, a summary or what was disclosed: the API refuses and the form says which fields.
    await page.getByRole('button', { name: 'Save assessment' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.isVisible()).resolves.toBe(true);
    const problems: [string, string | null][] = [];
    for (const link of await summary.locator('a').all()) problems.push([((await link.textContent()) ?? '').trim(), await link.getAttribute('href')]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['Enter your name', '#assessor-name'],
        ['Enter a summary of the assessment', '#summary'],
        ['Enter what the child disclosed', '#disclosureDetails'],
      ]),
    );
    await expect(text(page, '#summary-error')).resolves.toBe('Error: Enter a summary of the assessment');
    await expect(page.title()).resolves.toMatch(/^Error: Assess risk/);
    // What was entered is still there.
    await expect(page.locator('#sign-S-SCHOOL-ABSENCE').isChecked()).resolves.toBe(true);
    await screenshot(page, 'risk-assessment-errors-no-js');

    // A sign ticked but not rated is the console's to name.
    await page.getByLabel('Physical injuries', { exact: true }).check();
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('Select how severe “Physical injuries” is');
    await context.close();
  });

  it('reports a missing episode, records the return against the 72-hour clock, then the interview', async () => {
    const { context, page } = await c.signIn('sw-csc');
    context.setDefaultTimeout(60_000);
    await page.goto(`/console/cases/${caseId}/missing-episodes/new`);
    await expect(text(page, 'h1')).resolves.toBe('Report a missing episode');
    await checkPage(page, 'missing-episode-new');

    // Sent empty: each field that needs an answer is named.
    await page.getByRole('button', { name: 'Report missing episode' }).click();
    const summary = await text(page, '.govuk-error-summary');
    expect(summary).toContain('Enter when the child was last seen as a real date');
    expect(summary).toContain('Select whether the episode appears concerning');
    await expect(page.locator('.govuk-error-summary a', { hasText: 'when the child was last seen' }).getAttribute('href')).resolves.toBe('#lastSeenAt-day');
    await checkPage(page, 'missing-episode-new-errors');

    // Only the API knows the codes: without a place it names that field too.
    await fillDate(page, 'lastSeenAt', Date.now() - 40 * HOUR);
    await page.getByRole('group', { name: 'Does the episode appear concerning?' }).getByLabel('No').check();
    await page.getByRole('button', { name: 'Report missing episode' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('Select where the child went missing from');

    await page.getByLabel('Care placement').check();
    await page.getByLabel('The placement or place (optional)').fill('Residential children’s home');
    await page.getByRole('group', { name: 'Police category' }).getByLabel('Missing').check();
    await page.getByRole('group', { name: 'Risk level' }).getByLabel('Medium').check();
    await page.getByLabel('Push factors (optional)').fill('Conflict with staff');
    await page.getByRole('button', { name: 'Report missing episode' }).click();
    await page.waitForURL(/\/console\/missing-episodes\/[0-9a-f-]{36}(\?|$)/);
    const episodeId = /missing-episodes\/([0-9a-f-]{36})/.exec(page.url())![1];
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Missing episode reported');
    await expect(text(page, 'h1')).resolves.toBe('Missing episode');
    await expect(text(page, 'main .govuk-tag')).resolves.toBe('Missing');
    await expect(text(page, '.app-episode-details')).resolves.toContain('Care placement: Residential children’s home');
    await checkPage(page, 'missing-episode');

    // The return, 30 and a half hours ago: 41 whole hours are left of the 72.
    await page.getByRole('button', { name: 'Record the return' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('Enter when the child returned or was found as a real date');
    await fillDate(page, 'returnedAt', Date.now() - 30.5 * HOUR);
    await page.getByLabel('Where was the child found?').fill('Town centre car park');
    await page.getByLabel('Who brought the child back? (optional)').fill('Police');
    await page.getByRole('button', { name: 'Record the return' }).click();
    await page.waitForURL(new RegExp(`/console/missing-episodes/${episodeId}`));
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Return recorded');
    await expect(text(page, 'main .govuk-tag')).resolves.toBe('Returned');
    await expect(text(page, '[data-interview-clock]')).resolves.toBe('Return interview due within 72 hours: 41 hours left');
    await checkPage(page, 'missing-episode-returned');

    // Held, but the form says nothing of when: named.
    await page.getByRole('button', { name: 'Record the interview held' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('Enter when the interview was held as a real date');
    await checkPage(page, 'missing-episode-interview-errors');
    await fillDate(page, 'heldAt', Date.now() - 2 * HOUR);
    await page.getByLabel('Who held it?').fill('Alex Interviewer');
    await expect(page.getByLabel("Their agency's id").inputValue()).resolves.toBe('bf-csc');
    await page.getByLabel('Where was it held?').fill('At school');
    await page.getByLabel('What was learned?').fill('Stayed at a flat in town with older friends.');
    await page.getByRole('button', { name: 'Record the interview held' }).click();
    await page.waitForURL(new RegExp(`/console/missing-episodes/${episodeId}`));
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Return home interview recorded');
    await expect(text(page, 'main')).resolves.toContain('Stayed at a flat in town with older friends.');
    await expect(page.locator('[data-interview-clock]').count()).resolves.toBe(0);
    await checkPage(page, 'missing-episode-interviewed');
    await context.close();
  });

  it('shows how long a return home interview is overdue', async () => {
    const http = request(c.platform.app.getHttpServer());
    const reported = await http
      .post(`/cases/${caseId}/missing-episodes`)
      .set(swCsc)
      .send({ missingFrom: 'home', lastSeenAt: new Date(Date.now() - 90 * HOUR).toISOString(), policeCategory: 'absent', riskLevel: 'low', concerning: false })
      .expect(201);
    const back = await http
      .post(`/missing-episodes/${reported.body.episodeId}/return`)
      .set(swCsc)
      .send({ returnedAt: new Date(Date.now() - 77.5 * HOUR).toISOString(), whereFound: 'Home' })
      .expect(200);
    const { context, page } = await c.signIn('sw-csc');
    context.setDefaultTimeout(60_000);
    await page.goto(`/console/missing-episodes/${reported.body.episodeId}?consistentWith=${back.body.position}`);
    await expect(text(page, '[data-interview-clock]')).resolves.toBe('Overdue by 5 hours');
    await expect(text(page, '.govuk-inset-text .govuk-tag')).resolves.toBe('Overdue');
    await checkPage(page, 'missing-episode-overdue');
    await context.close();
  });

  it('refuses these pages to a user without a casework role', async () => {
    const { context, page } = await c.signIn('auditor-board');
    context.setDefaultTimeout(60_000);
    for (const path of [`/console/cases/${caseId}/risk-assessments/new`, `/console/cases/${caseId}/missing-episodes/new`]) {
      const refused = await page.goto(path);
      expect(refused?.status()).toBe(403);
      await expect(text(page, 'h1')).resolves.toBe('You do not have access to this page');
    }
    await checkPage(page, 'risk-missing-forbidden');
    await context.close();
  });
});
