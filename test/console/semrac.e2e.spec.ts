/**
 * The console, journey 3 (issue 15): SEMRAC's chair and members. A child listed for SEMRAC through
 * the API (a disclosure sets the top risk band, and the listing process manager lists the child);
 * then, as the children's social care co-chair in the browser: the agenda with why each child is
 * listed, holding a meeting (attendance, the discussion with the agreed risk level, a decision, an
 * action with its owner and due date), the action in the tracker and its status changed, a safety
 * plan recorded; forms sent wrong show the error summary naming the field; other roles get 403.
 */
import request from 'supertest';
import { Page } from 'playwright-core';
import { bearer } from '@app/auth-testing';
import { disclosureAssessmentBody, eventually, referralBody } from '../support/http';
import { ukDayAndTime } from '../../libs/console/src/semrac/semrac-forms';
import { ConsoleUnderTest, checkPage, startConsole } from './support/console-browser';

// The demo chair's own id and agency, so the cases seeded are the ones the demo user sees.
const chair = bearer({ userId: 'chair-csc', agencyId: 'bf-csc', roles: 'practitioner,semrac-chair,semrac-member' });
const DAY = 24 * 60 * 60 * 1000;
// A browser journey of a dozen pages, each checked by axe (minutes on a busy machine).
const JOURNEY_MS = 900_000;

/** Fills a GOV.UK date input (`{id}-day`, `-month`, `-year`) with a YYYY-MM-DD date. */
async function fillDate(page: Page, id: string, date: string): Promise<void> {
  const [year, month, day] = date.split('-');
  await page.locator(`#${id}`).fill(String(Number(day)));
  await page.locator(`#${id}-month`).fill(String(Number(month)));
  await page.locator(`#${id}-year`).fill(year);
}

async function errorSummary(page: Page): Promise<{ text: string; links: string[] }> {
  const summary = page.locator('.govuk-error-summary');
  return { text: (await summary.textContent()) ?? '', links: await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')) };
}

describe('console: SEMRAC, chair and members', () => {
  let c: ConsoleUnderTest;
  let listed: string;

  beforeAll(async () => {
    c = await startConsole();
    const http = request(c.platform.app.getHttpServer());
    // Two children at the same school (a theme); the first discloses, which lists her for SEMRAC.
    const school = { school: 'Example Secondary School', area: 'Great Hollands' };
    const first = await http.post('/referrals').set(chair).send(referralBody('bf-csc', { child: { firstName: 'Jordan', lastName: 'Example', ...school } })).expect(201);
    await http.post('/referrals').set(chair).send(referralBody('bf-csc', { child: { firstName: 'Robin', lastName: 'Sample', ...school } })).expect(201);
    listed = first.body.caseId;
    await http.post(`/cases/${listed}/risk-assessments`).set(chair).send(disclosureAssessmentBody()).expect(201);
    await eventually(async () => {
      const answer = await http.get('/cases').query({ listedForSemrac: 'true' }).set(chair).expect(200);
      return answer.body.cases.some((x: { caseId: string }) => x.caseId === listed);
    }, 'the child is listed for SEMRAC');
  });

  afterAll(async () => {
    await c?.close();
  });

  it('lets the chair hold a meeting from the agenda to the action tracker and the plans', async () => {
    const { context, page } = await c.signIn('chair-csc');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'SEMRAC' }).click();
    await page.waitForURL(/\/console\/semrac$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('SEMRAC');
    const listings = page.locator('table', { has: page.locator('caption', { hasText: 'listed and not yet discussed' }) });
    await expect(listings.textContent()).resolves.toMatch(/Jordan Example[\s\S]*Risk assessed as moderate or significant: Risk assessed as significant/);
    await expect(listings.textContent()).resolves.not.toContain('Robin Sample');
    await checkPage(page, 'semrac-home');

    // Scheduling without a venue or the police co-chair: the summary names each field, nothing is scheduled.
    // The meeting starts in a few seconds (a time to the second): its agenda lists what was listed
    // before it starts, and presence and discussions are recorded once it has started.
    const startsAt = Math.ceil((Date.now() + 5_000) / 1000) * 1000;
    const held = ukDayAndTime(new Date(startsAt).toISOString());
    await fillDate(page, 'scheduledFor', held.date);
    await page.getByLabel('Time of the meeting').fill(`${held.time}:${String(new Date(startsAt).getUTCSeconds()).padStart(2, '0')}`);
    await page.locator('#coChairs-0-name').fill('Chris Chair');
    await page.locator('#coChairs-0-role').fill('Head of safeguarding');
    await page.locator('#coChairs-0-agencyName').fill("Children's Social Care");
    await page.getByRole('button', { name: 'Schedule the meeting' }).click();
    const refused = await errorSummary(page);
    expect(refused.links).toEqual(expect.arrayContaining(['#venue', '#coChairs-1-name', '#coChairs-1-agencyId']));
    expect(refused.text).toContain('venue');
    await expect(page.title()).resolves.toMatch(/^Error: SEMRAC/);
    await expect(page.locator('#coChairs-0-name').inputValue()).resolves.toBe('Chris Chair');
    await checkPage(page, 'semrac-schedule-error');

    await page.getByLabel('Venue').fill('Time Square, Bracknell: room 2');
    await page.locator('#coChairs-1-name').fill('DI Pat Chair');
    await page.locator('#coChairs-1-role').fill('Detective inspector');
    await page.locator('#coChairs-1-agencyId').fill('thames-valley-police');
    await page.locator('#coChairs-1-agencyName').fill('Thames Valley Police');
    await page.getByRole('button', { name: 'Schedule the meeting' }).click();
    await page.waitForURL(/\/console\/semrac\/meetings\/[0-9a-f-]{36}$/);
    const meetingUrl = page.url();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Meeting scheduled');
    await expect(page.locator('h1').textContent()).resolves.toBe('SEMRAC meeting');
    // The agenda: the new listing and why, and the school the two children share.
    const newListings = page.locator('table', { has: page.locator('caption', { hasText: 'Children newly listed for SEMRAC' }) });
    await expect(newListings.textContent()).resolves.toMatch(/Jordan Example[\s\S]*Risk assessed as moderate or significant/);
    const themes = page.locator('table', { has: page.locator('caption', { hasText: 'Themes' }) });
    await expect(themes.locator('tbody tr').first().locator('td').allTextContents()).resolves.toEqual(['School', 'Example Secondary School', '2']);
    await checkPage(page, 'semrac-meeting-agenda');

    // Attendance, once the meeting has started: the co-chairs are offered as present; the named nurse sends apologies.
    await page.waitForTimeout(Math.max(0, startsAt - Date.now() + 1000));
    await expect(page.locator('#attendees-1-name').inputValue()).resolves.toBe('DI Pat Chair');
    await page.locator('#attendees-2-name').fill('Dr Sam Example');
    await page.locator('#attendees-2-role').fill('Named nurse');
    await page.locator('#attendees-2-agencyId').fill('bf-health');
    await page.locator('#attendees-2-agencyName').fill('Health');
    await page.locator('#attendees-2-attendance').selectOption('apologies');
    await page.getByRole('button', { name: 'Record attendance' }).click();
    await page.waitForURL(/#attendance$/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('3 people recorded');
    const attendance = page.locator('table', { has: page.locator('caption', { hasText: 'Who attended' }) });
    await expect(attendance.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())))).resolves.toEqual([
      ['Chris Chair', 'Head of safeguarding', "Children's Social Care", 'Present'],
      ['DI Pat Chair', 'Detective inspector', 'Thames Valley Police', 'Present'],
      ['Dr Sam Example', 'Named nurse', 'Health', 'Apologies'],
    ]);

    // The discussion: sent without a summary or a risk level, the summary names both.
    await page.getByRole('link', { name: 'Record the discussion of Jordan Example' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Record the discussion of a case');
    await checkPage(page, 'semrac-discussion');
    await page.getByRole('button', { name: 'Record the discussion' }).click();
    const incomplete = await errorSummary(page);
    expect(incomplete.links).toEqual(expect.arrayContaining(['#summary', '#agreedRiskLevel']));
    await checkPage(page, 'semrac-discussion-error');

    const due = new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10);
    const dueText = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date(`${due}T12:00:00Z`));
    await page.getByLabel('Summary of the discussion').fill('Disclosure to her social worker; an older male gives her alcohol and takes her to parties.');
    await page.getByLabel('Significant').check();
    await page.getByLabel('Decisions').fill('Police to consider a child abduction warning notice\nSupport plan to be agreed');
    await page.locator('#actions-0-description').fill('Complete a disruption visit to the address of concern');
    await page.locator('#actions-0-ownerPerson').fill('PC Example');
    await page.locator('#actions-0-ownerAgencyId').fill('thames-valley-police');
    await page.locator('#actions-0-ownerAgencyName').fill('Thames Valley Police');
    await fillDate(page, 'actions-0-dueDate', due);
    await page.getByRole('button', { name: 'Record the discussion' }).click();
    await page.waitForURL(/#discussions$/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Agreed risk level: Significant. 1 action added');
    const discussion = page.locator('main');
    await expect(discussion.locator('.govuk-summary-list').nth(1).textContent()).resolves.toMatch(/Agreed risk level\s+Significant[\s\S]*Police to consider a child abduction warning notice/);
    const agreed = page.locator('table', { has: page.locator('caption', { hasText: 'Actions agreed' }) });
    await expect(agreed.locator('tbody td').allTextContents()).resolves.toEqual([
      'Complete a disruption visit to the address of concern',
      'PC Example, Thames Valley Police',
      dueText,
      'Open',
    ]);
    // Discussed: the child's listing is cleared, so the agenda no longer lists her as new.
    await expect(page.locator('main').textContent()).resolves.toContain('No child is newly listed.');
    await checkPage(page, 'semrac-meeting-discussed');

    await page.getByLabel('Closing note (optional)').fill('Next meeting in a month');
    await page.getByRole('button', { name: 'Close the meeting' }).click();
    await page.waitForURL(meetingUrl);
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toMatch(/Closed[\s\S]*Next meeting in a month/);
    await expect(page.getByRole('button', { name: 'Record attendance' }).count()).resolves.toBe(0);
    await checkPage(page, 'semrac-meeting-closed');

    // The action tracker: the action with its owner and due date.
    await page.goto('/console/semrac/actions');
    const tracker = page.locator('#actions');
    await expect(tracker.locator('tbody tr').first().locator('td').allTextContents()).resolves.toEqual([
      dueText,
      'Complete a disruption visit to the address of concern',
      'Jordan Example',
      'PC Example, Thames Valley Police',
      'Open',
    ]);
    const byAgency = page.locator('table', { has: page.locator('caption', { hasText: 'By agency' }) });
    await expect(byAgency.locator('tbody td').allTextContents()).resolves.toEqual(['Thames Valley Police', '1', '0']);
    await checkPage(page, 'semrac-actions');

    // Cancelling without saying why is refused, naming the note; then the action is started.
    await tracker.getByRole('link', { name: 'Complete a disruption visit to the address of concern' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Change the status of an action');
    await checkPage(page, 'semrac-action');
    await page.getByLabel('Cancelled').check();
    await page.getByRole('button', { name: 'Save the status' }).click();
    const cancel = await errorSummary(page);
    expect(cancel).toEqual({ text: expect.stringContaining('Say why the action is cancelled'), links: ['#note'] });
    await checkPage(page, 'semrac-action-error');
    await page.getByLabel('In progress').check();
    await page.getByRole('button', { name: 'Save the status' }).click();
    await page.waitForURL(/\/console\/semrac\/actions$/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('The action is now in progress');
    await expect(page.locator('#actions tbody tr').first().locator('td').last().textContent()).resolves.toBe('In progress');

    // The child's plans: a safety plan, first sent without its reference or measures.
    await page.locator('#actions').getByRole('link', { name: 'Jordan Example' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Support and safety plans');
    await expect(page.locator('main').textContent()).resolves.toContain('No safety plan recorded.');
    await checkPage(page, 'semrac-plans');
    await page.getByRole('button', { name: 'Record a safety plan' }).click();
    await page.getByRole('button', { name: 'Record the safety plan' }).click();
    const plan = await errorSummary(page);
    expect(plan.links).toEqual(expect.arrayContaining(['#investigationRef', '#measures', '#reviewDate']));
    await checkPage(page, 'semrac-safety-plan-error');
    await page.getByLabel('Investigation reference').fill('TVP-43210001234');
    await page.getByLabel('Safety measures').fill('Collected from school by a named adult\nAddress of concern on the patrol plan');
    await page.locator('#contacts-0-role').fill('Officer in case');
    await page.locator('#contacts-0-agencyId').fill('thames-valley-police');
    await fillDate(page, 'reviewDate', new Date(Date.now() + 21 * DAY).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Record the safety plan' }).click();
    await page.waitForURL(/\/plans$/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Safety plan recorded');
    await expect(page.locator('main').textContent()).resolves.toMatch(/Investigation TVP-43210001234[\s\S]*Collected from school by a named adult[\s\S]*Officer in case \(thames-valley-police\)/);
    await checkPage(page, 'semrac-plans-recorded');

    // No child's details in any address the journey went through.
    expect(page.url()).not.toMatch(/Jordan|Example|TVP/);
    await context.close();
  }, JOURNEY_MS);

  it('shows members the meeting and tracker without the chair’s forms', async () => {
    const { context, page } = await c.signIn('sw-csc');
    await page.goto('/console/semrac');
    await expect(page.locator('h1').textContent()).resolves.toBe('SEMRAC');
    await expect(page.getByRole('button', { name: 'Schedule the meeting' }).count()).resolves.toBe(0);
    await page.goto('/console/semrac/actions');
    await expect(page.locator('#actions').textContent()).resolves.toContain('Complete a disruption visit to the address of concern');
    await checkPage(page, 'semrac-actions-member');
    // A member may not run the meeting: the console refuses the chair's form.
    const refused = await page.goto(`/console/semrac/meetings/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/discussions/new?caseId=${listed}`);
    expect(refused?.status()).toBe(403);
    await context.close();
  }, JOURNEY_MS);

  it('refuses users without a SEMRAC role with the 403 page', async () => {
    for (const username of ['dsl-school', 'auditor-board']) {
      const { context, page } = await c.signIn(username);
      for (const path of ['/console/semrac', '/console/semrac/actions', `/console/semrac/cases/${listed}/plans`]) {
        const response = await page.goto(path);
        expect([username, path, response?.status()]).toEqual([username, path, 403]);
        await expect(page.locator('h1').textContent()).resolves.toBe('You do not have access to this page');
      }
      await checkPage(page, `semrac-forbidden-${username}`);
      await context.close();
    }
  }, JOURNEY_MS);
});
