/**
 * The console, journey 6 (issue 15): the auditor opens a case as it stands now and as it stood
 * at earlier moments (a revision on the slider, or a date and time), compares two moments, reads
 * the trail of changes and reads, verifies the hash chain, publishes a checkpoint and downloads
 * an audit pack. Anyone without the auditor's role is refused.
 */
import { statSync } from 'node:fs';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { ConsoleUnderTest, checkPage, startConsole } from './support/console-browser';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const lead = bearer({ userId: 'sw-12', agencyId: 'bf-csc', roles: ['practitioner'] });

/** A moment as the UK's wall clock shows it, to the second, as the date and time inputs take it. */
function ukWallClock(moment: Date): { day: string; month: string; year: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' })
      .formatToParts(moment)
      .map((p) => [p.type, p.value]),
  );
  return { day: parts.day, month: parts.month, year: parts.year, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

/** The value a table (named by its caption) shows for a field. */
const valueIn = (page: Page, caption: string, path: string) =>
  page.locator('table', { has: page.locator('caption', { hasText: caption }) }).locator('tr', { has: page.locator(`th:text-is("${path}")`) }).locator('td').first().textContent();

const summaryValue = (page: Page, key: string) => page.locator('.govuk-summary-list__row', { has: page.locator(`dt:text-is("${key}")`) }).locator('dd').textContent();

describe('console: the auditor', () => {
  // A whole journey through a dozen pages, each checked by axe: far longer than one API call.
  jest.setTimeout(300_000);
  let c: ConsoleUnderTest;
  let caseId: string;
  /** A moment after the case was flagged and before it was closed, on the UK's clock. */
  let beforeClosing: ReturnType<typeof ukWallClock>;

  beforeAll(async () => {
    c = await startConsole();
    const http = request(c.platform.app.getHttpServer());
    const opened = (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body as { caseId: string; position: string };
    caseId = opened.caseId;
    const flagged = (await http.put(`/cases/${caseId}/flags/child-witness`).set(csc).send({ note: 'Registered intermediary in place' }).expect(200)).body;
    // A practitioner opens the case: a read the trail must show.
    await http.get(`/cases/${caseId}`).query({ consistentWith: flagged.position }).set(csc).expect(200);
    // The inputs take whole seconds: the moment typed must fall between the flag and the closure.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    beforeClosing = ukWallClock(new Date());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await http.post(`/cases/${caseId}/close`).set(lead).send({ reason: 'Risk reduced; plan complete' }).expect(200);
  });

  afterAll(async () => {
    await c?.close();
  });

  it('shows a case now and as it stood before a change, by revision and by date and time', async () => {
    const { context, page } = await c.signIn('auditor-board');
    await page.getByRole('link', { name: 'Audit', exact: true }).first().click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Audit');
    await checkPage(page, 'audit-start');

    // Nothing chosen: the error summary names both fields.
    await page.getByRole('button', { name: 'Open the record' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/Select the kind of record[\s\S]*Enter the record’s id/);
    await checkPage(page, 'audit-start-errors');

    await page.getByLabel('Case', { exact: true }).check();
    await page.getByLabel('Record id').fill(caseId);
    await page.getByRole('button', { name: 'Open the record' }).click();
    // The id goes in the address, never anything else the form held.
    await page.waitForURL(`**/console/audit/records/case/${caseId}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('As of a moment');
    await expect(page.locator('h2', { hasText: 'The record now' }).isVisible()).resolves.toBe(true);
    await expect(summaryValue(page, 'Revision shown')).resolves.toContain('Revision 2 of 0 to 2 (the latest)');
    await expect(summaryValue(page, 'Made by')).resolves.toContain('Case closed, by sw-12 (bf-csc)');
    await expect(summaryValue(page, 'Reason given')).resolves.toContain('Risk reduced; plan complete');
    await expect(valueIn(page, 'Its state', 'status')).resolves.toBe('closed');
    await expect(valueIn(page, 'What practitioners were shown', 'status')).resolves.toBe('closed');
    await checkPage(page, 'audit-record-now');

    // The slider: its page's script shows the revision as soon as it is moved.
    await page.getByLabel('Revision', { exact: true }).fill('0');
    await page.waitForURL(/revision=0/);
    await expect(page.locator('h2', { hasText: 'The record as it stood at' }).isVisible()).resolves.toBe(true);
    await expect(summaryValue(page, 'Revision shown')).resolves.toContain('Revision 0 of 0 to 2');
    await expect(summaryValue(page, 'Made by')).resolves.toContain('Referral received, by sw-9 (bf-csc)');
    await expect(valueIn(page, 'Its state', 'status')).resolves.toBe('open');
    await expect(valueIn(page, 'Its state', 'flags')).resolves.toBe('None');
    await checkPage(page, 'audit-record-revision');

    // A date and time before the case was closed: open, and flagged.
    await page.locator('#asOf-day').fill(beforeClosing.day);
    await page.locator('#asOf-month').fill(beforeClosing.month);
    await page.locator('#asOf-year').fill(beforeClosing.year);
    await page.locator('#asOf-time').fill(beforeClosing.time);
    await page.getByRole('button', { name: 'Show the record as it was then' }).click();
    await expect(summaryValue(page, 'Revision shown')).resolves.toContain('Revision 1 of 0 to 2');
    await expect(valueIn(page, 'Its state', 'status')).resolves.toBe('open');
    await expect(valueIn(page, 'Its state', 'flags[0]')).resolves.toBe('child-witness');
    await expect(valueIn(page, 'What practitioners were shown', 'status')).resolves.toBe('open');
    // The moment is a date and time, not personal data.
    expect(new URL(page.url()).search).not.toMatch(/Testa|Fictional/);
    await checkPage(page, 'audit-record-moment');

    // A date that is not a real one: the error names the field, nothing is replayed.
    await page.locator('#asOf-month').fill('13');
    await page.getByRole('button', { name: 'Show the record as it was then' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('The date must be a real date');
    await checkPage(page, 'audit-record-moment-error');

    await context.close();
  });

  it('shows the difference between two moments, and the trail of changes and reads', async () => {
    const { context, page } = await c.signIn('auditor-board');
    await page.goto(`/console/audit/records/case/${caseId}`);
    // The difference: by default from its first revision to its latest.
    await page.getByRole('link', { name: 'Difference' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Difference between two moments');
    const between = page.locator('table', { has: page.locator('caption', { hasText: 'The changes made in between' }) });
    await expect(between.locator('tbody tr').allTextContents()).resolves.toEqual([
      expect.stringMatching(/1\s+Case flag set\s+sw-9 \(bf-csc\)/),
      expect.stringMatching(/2\s+Case closed\s+sw-12 \(bf-csc\)[\s\S]*Risk reduced; plan complete/),
    ]);
    const status = page.locator('table', { has: page.locator('caption', { hasText: 'What changed in its state' }) }).locator('tr', { has: page.locator('th:text-is("status")') });
    await expect(status.locator('td').allTextContents()).resolves.toEqual(['Changed', 'open', 'closed']);
    await checkPage(page, 'audit-diff');

    await page.getByLabel('From the moment of').selectOption('1');
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect(between.locator('tbody tr').allTextContents()).resolves.toEqual([expect.stringMatching(/2\s+Case closed/)]);

    // The trail: every change and every read, with who and why.
    await page.getByRole('link', { name: 'Trail' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Trail of changes and reads');
    const titles = (await page.locator('.moj-timeline__title').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(titles.filter((t) => t.startsWith('Revision'))).toEqual(['Revision 0: Referral received', 'Revision 1: Case flag set', 'Revision 2: Case closed']);
    const practitionerRead = page.locator('.moj-timeline__item', { has: page.locator('.moj-timeline__byline', { hasText: 'by sw-9 (bf-csc)' }) }).filter({ has: page.locator('.moj-timeline__title', { hasText: /^\s*Read/ }) });
    await expect(practitionerRead.count()).resolves.toBeGreaterThanOrEqual(1);
    // The auditor's own replays are reads too.
    await expect(page.locator('.moj-timeline__item', { hasText: 'by auditor-board (bf-board)' }).filter({ hasText: 'audit: replay as of a moment' }).count()).resolves.toBeGreaterThanOrEqual(1);
    await checkPage(page, 'audit-trail');

    await page.getByLabel('Reads only').check();
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    const readTitles = await page.locator('.moj-timeline__title').allTextContents();
    expect(readTitles.length).toBeGreaterThan(0);
    expect(readTitles.every((t) => !t.includes('Revision'))).toBe(true);
    await context.close();
  });

  it('verifies the chain, publishes a checkpoint and downloads an audit pack', async () => {
    const { context, page } = await c.signIn('auditor-board');
    await page.goto('/console/audit');
    await page.getByRole('link', { name: 'Verify the hash chain' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Verify the chain');
    await checkPage(page, 'audit-verify-form');
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect(page.locator('.govuk-panel__title').textContent()).resolves.toContain('The chain is verified');
    await expect(summaryValue(page, 'Checked')).resolves.toContain('the whole record');
    expect(Number((await summaryValue(page, 'Changes checked'))!.replace(/\D/g, ''))).toBeGreaterThanOrEqual(3);
    await checkPage(page, 'audit-verify');

    await page.goto('/console/audit');
    await page.getByRole('link', { name: /Checkpoints/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Checkpoints');
    const rowsBefore = await page.locator('.app-audit-checkpoints tbody tr td time').count();
    await page.getByLabel(/Why you are publishing a checkpoint now/).fill('Quarterly audit, Q4');
    await page.getByRole('button', { name: 'Publish a checkpoint' }).click();
    await page.waitForURL('**/console/audit/checkpoints');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Checkpoint published');
    await expect(page.locator('.app-audit-checkpoints tbody tr td time').count()).resolves.toBe(rowsBefore + 1);
    await expect(page.locator('.app-audit-checkpoints tbody tr').first().locator('td').nth(2).textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    await checkPage(page, 'audit-checkpoints');

    await page.goto(`/console/audit/records/case/${caseId}`);
    await page.getByRole('link', { name: 'Audit pack' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Audit pack');
    await checkPage(page, 'audit-pack');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the audit pack' }).click()]);
    expect(download.suggestedFilename()).toContain(caseId);
    const file = await download.path();
    expect(statSync(file).size).toBeGreaterThan(0);
    await context.close();
  });

  it('refuses the audit pages to a user without the auditor’s role', async () => {
    const { context, page } = await c.signIn('sw-csc');
    expect((await page.locator('.govuk-service-navigation__list a').allTextContents()).map((t) => t.trim())).not.toContain('Audit');
    for (const path of ['/console/audit', `/console/audit/records/case/${caseId}`, `/console/audit/records/case/${caseId}/trail`, '/console/audit/verify', '/console/audit/checkpoints']) {
      const refused = await page.goto(path);
      expect([path, refused?.status()]).toEqual([path, 403]);
      await expect(page.locator('h1').textContent()).resolves.toBe('You do not have access to this page');
    }
    await checkPage(page, 'audit-forbidden');
    await context.close();
  });
});
