/**
 * The console, journey 7 (issue 15): the board and its analysts. A board member reads the problem
 * profile (figures beside the previous period, a small count shown as "fewer than 5", one filter at
 * a time, a CSV); a board officer drafts the biannual report, writes a narrative, issues it and
 * downloads it; an analyst reads the same aggregates but gets no form to write with; anyone else
 * gets the 403 page. The population is referred through the API first.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { bearer } from '@app/auth-testing';
import { addMonths } from '@app/analysis';
import { referralBody } from '../support/http';
import { ConsoleUnderTest, checkPage, startConsole } from './support/console-browser';

const school = bearer({ userId: 'dsl-1', agencyId: 'bf-school', roles: 'referrer' });
const health = bearer({ userId: 'nurse-1', agencyId: 'bf-health', roles: 'referrer' });
const csc = bearer({ userId: 'sw-1', agencyId: 'bf-csc', roles: ['referrer', 'practitioner'] });
const boardMember = bearer({ userId: 'board-member', agencyId: 'bf-board', roles: 'board' });
const HEALTH = { id: 'bf-health', kind: 'health', name: 'Health' };

/** The cells of a table's row, the row named by its header, the table by its caption. */
async function rowOf(page: Page, caption: string, row: string): Promise<string[]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: new RegExp(`^\\s*${caption.replace(/[()]/g, '\\$&')}\\s*$`) }) });
  const cells = table.locator('tr', { has: page.locator('th', { hasText: new RegExp(`^\\s*${row}\\s*$`) }) }).first().locator('td');
  return (await cells.allTextContents()).map((t) => t.trim());
}

describe('console: the board and its analysts', () => {
  // Each page is checked with axe and a full-page screenshot: the profile's tables make that slow on a busy machine.
  jest.setTimeout(300_000);
  let c: ConsoleUnderTest;
  // The last six whole months (the profile's default period) and the six before.
  const lastMonth = addMonths(new Date().toISOString().slice(0, 7), -1);
  const earlier = addMonths(lastMonth, -7);
  let reportId = '';

  beforeAll(async () => {
    c = await startConsole();
    const http = request(c.platform.app.getHttpServer());
    let last = '';
    const refer = async (who: ReturnType<typeof bearer>, body: object) => {
      const answer = await http.post('/referrals').set(who).send(body).expect(201);
      if (answer.body.position > last) last = answer.body.position;
    };
    // This period: seven from the school (two of the children looked after), two from health.
    for (let i = 0; i < 7; i++) await refer(school, referralBody('bf-school', { referredAt: `${lastMonth}-0${i + 1}T10:00:00.000Z`, child: { lookedAfter: i < 2 } }));
    for (let i = 0; i < 2; i++) await refer(health, { ...referralBody('bf-school', { referredAt: `${lastMonth}-1${i}T10:00:00.000Z` }), referringAgency: HEALTH });
    // The previous period: six from children's social care.
    for (let i = 0; i < 6; i++) await refer(csc, referralBody('bf-csc', { referredAt: `${earlier}-1${i}T10:00:00.000Z` }));
    // The profile is a projection: wait until it holds every referral.
    await http.get('/analysis/profile').query({ consistentWith: last }).set(boardMember).expect(200);
  }, 60_000);

  afterAll(async () => {
    await c?.close();
  });

  it('shows a board member the profile, a small count as "fewer than 5", one filter at a time and a CSV', async () => {
    const { context, page } = await c.signIn('board-member');
    await page.getByRole('link', { name: 'Problem profile' }).first().click();
    await page.waitForURL(/\/console\/analysis$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Problem profile');
    expect(await rowOf(page, 'Referrals received', 'Total')).toEqual(['9', '6', '+3']);
    expect(await rowOf(page, 'Referrals by referring agency', 'education')).toEqual(['not shown', '0', 'not shown']);
    expect(await rowOf(page, 'Referrals by referring agency', 'health')).toEqual(['fewer than 5', '0', 'not shown']);
    expect(await rowOf(page, 'Referrals by referring agency', 'children-social-care')).toEqual(['0', '6', '-6']);
    // Each chart is an image named by its table, beside the table of the same figures.
    await expect(page.locator('svg[role="img"]', { has: page.locator('title', { hasText: 'Referrals by referring agency' }) }).count()).resolves.toBe(1);
    await checkPage(page, 'board-profile');

    // One area a page: the others are a link away, with the same period.
    await page.getByRole('navigation', { name: 'Areas of the profile' }).getByRole('link', { name: 'Risk' }).click();
    await expect(page.locator('caption', { hasText: 'Risk at first assessment' }).count()).resolves.toBe(1);
    await expect(page.locator('caption', { hasText: 'Referrals received' }).count()).resolves.toBe(0);
    await checkPage(page, 'board-profile-risk');
    await page.getByRole('navigation', { name: 'Areas of the profile' }).getByRole('link', { name: 'Referrals' }).click();

    // The CSV of the period shown, as the API made it.
    const href = await page.getByRole('link', { name: /Download the profile for .* as CSV/ }).getAttribute('href');
    expect(href).toMatch(/^\/console\/analysis\/profile\.csv\?from=\d{4}-\d{2}&to=\d{4}-\d{2}$/);
    const csv = await page.request.get(href!);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="profile-\d{4}-\d{2}-\d{4}-\d{2}\.csv"$/);
    expect((await csv.text()).split('\r\n')).toContain('referrals.count,all,9,6,+3');

    // One filter: the looked-after children only, the tables about other things left out.
    await page.getByLabel('Filter by one group of children').selectOption({ label: 'Looked after' });
    await page.getByRole('button', { name: 'Show the profile' }).click();
    await page.waitForURL(/filter=group%3Alooked-after/);
    expect(new URL(page.url()).search).not.toMatch(/Testa|Fictional/);
    await expect(page.locator('main h2').first().textContent()).resolves.toContain('Vulnerable group: Looked after');
    expect(await rowOf(page, 'Referrals received', 'Total')).toEqual(['fewer than 5', '0', 'not shown']);
    await expect(page.locator('caption', { hasText: 'Persons of interest by age' }).count()).resolves.toBe(0);
    await checkPage(page, 'board-profile-filtered');

    // A month that is not one: named in the error summary, linked to its box.
    await page.getByRole('group', { name: 'First month' }).getByLabel('Month').fill('13');
    await page.getByRole('button', { name: 'Show the profile' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('The first month must include a month from 1 to 12');
    await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#from-month');
    await checkPage(page, 'board-profile-error');

    // A board member reads the reports but drafts none.
    await page.goto('/console/analysis/reports');
    await expect(page.getByRole('button', { name: 'Draft a report' }).count()).resolves.toBe(0);
    expect((await page.goto('/console/analysis/reports/new'))?.status()).toBe(403);
    await context.close();
  });

  it('lets a board officer draft a report, write a narrative, issue it and download it', async () => {
    const { context, page } = await c.signIn('board-officer');
    await page.getByRole('link', { name: 'Problem profile' }).first().click();
    await page.getByRole('link', { name: 'Board reports' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Board reports');
    await checkPage(page, 'board-reports-empty');
    await page.getByRole('button', { name: 'Draft a report' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Draft a board report');
    await checkPage(page, 'board-report-new');

    // Without a title: refused, naming the field, nothing drafted.
    await page.getByRole('button', { name: 'Draft the report' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter a title for the report');
    await checkPage(page, 'board-report-new-error');
    await page.getByLabel('Title').fill('CSE action plan: report to the board, winter 2026');
    await page.getByRole('button', { name: 'Draft the report' }).click();
    await page.waitForURL(/\/console\/analysis\/reports\/[0-9a-f-]{36}$/);
    reportId = page.url().split('/').pop()!;
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Report drafted');
    await expect(page.locator('h1').textContent()).resolves.toBe('CSE action plan: report to the board, winter 2026');
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain('Draft');
    // The draft previews each table's total under the action it evidences.
    expect(await rowOf(page, "Figures for action 2.3: each table's total", 'Referrals by referring agency')).toEqual(['9', '6', '+3']);
    await checkPage(page, 'board-report-draft');

    const narrative = 'Referrals from schools rose after the spring assemblies.';
    await page.getByLabel('Narrative for action 2.1').fill(narrative);
    await page.getByRole('button', { name: 'Save narrative for action 2.1' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Narrative saved');
    await expect(page.getByLabel('Narrative for action 2.1').inputValue()).resolves.toBe(narrative);

    await page.getByRole('button', { name: 'Issue the report' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Report issued');
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toMatch(/Issued.*by board-officer, bf-board/s);
    await expect(page.locator('main').textContent()).resolves.toContain(narrative);
    // Issued: no form to write with any more.
    await expect(page.locator('textarea').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Issue the report' }).count()).resolves.toBe(0);
    await checkPage(page, 'board-report-issued');

    const pdfHref = await page.getByRole('link', { name: /The report as a PDF/ }).getAttribute('href');
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toBe(`attachment; filename="board-report-${reportId}.pdf"`);
    const bytes = await pdf.body();
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const csv = await page.request.get((await page.getByRole('link', { name: /Every table as CSV/ }).getAttribute('href'))!);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')).toContain('referrals.agencyKind,health,fewer than 5,0,not shown');
    await context.close();
  });

  it('shows an analyst the profile and the reports, with no form to write a report', async () => {
    const { context, page } = await c.signIn('analyst-police');
    await page.goto('/console/analysis');
    expect(await rowOf(page, 'Referrals received', 'Total')).toEqual(['9', '6', '+3']);
    // The same page the board member's test checks; here the lighter area of the same page.
    await page.getByRole('navigation', { name: 'Areas of the profile' }).getByRole('link', { name: 'Training' }).click();
    await expect(page.locator('caption', { hasText: 'CSE training coverage by agency' }).count()).resolves.toBe(1);
    await checkPage(page, 'board-profile-analyst');

    // The list is a projection: it shows the report once it has caught up.
    const until = Date.now() + 10_000;
    for (;;) {
      await page.goto('/console/analysis/reports');
      if ((await page.getByRole('link', { name: 'CSE action plan: report to the board, winter 2026' }).count()) > 0 || Date.now() > until) break;
      await page.waitForTimeout(200);
    }
    await expect(page.getByRole('button', { name: 'Draft a report' }).count()).resolves.toBe(0);
    await checkPage(page, 'board-reports-analyst');
    await page.getByRole('link', { name: 'CSE action plan: report to the board, winter 2026' }).click();
    await page.waitForURL(new RegExp(`/console/analysis/reports/${reportId}$`));
    await expect(page.locator('main').textContent()).resolves.toContain('Referrals from schools rose after the spring assemblies.');
    await expect(page.locator('main form').count()).resolves.toBe(0);
    await checkPage(page, 'board-report-analyst');

    // The writing pages refuse an analyst, as the API would.
    expect((await page.goto('/console/analysis/reports/new'))?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('You do not have access to this page');
    const forged = await page.request.post(`/console/analysis/reports/${reportId}/issue`, { form: {}, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await context.close();
  });

  it('refuses a user without a board or analyst role', async () => {
    const { context, page } = await c.signIn('sw-csc');
    await expect(page.getByRole('link', { name: 'Problem profile' }).count()).resolves.toBe(0);
    for (const path of ['/console/analysis', '/console/analysis/reports', `/console/analysis/reports/${reportId}`, `/console/analysis/reports/${reportId}/report.pdf`]) {
      const answer = await page.goto(path);
      expect([path, answer?.status()]).toEqual([path, 403]);
    }
    await page.goto('/console/analysis');
    await expect(page.locator('h1').textContent()).resolves.toBe('You do not have access to this page');
    await checkPage(page, 'board-forbidden');
    await context.close();
  });
});
