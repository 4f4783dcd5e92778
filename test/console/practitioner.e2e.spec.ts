/**
 * The console, journey 2 (issue 15), a practitioner's pages: making a referral through the form
 * (by mouse and by keyboard alone), the case list and its filters, the case page with its
 * chronology, setting a flag and naming a lead professional, and break-glass for a case outside
 * the user's agency, with the reason the API records.
 */
import { Page } from 'playwright-core';
import { ConsoleUnderTest, checkPage, startConsole } from './support/console-browser';

// Fictional: never a real child.
const CHILD = { firstName: 'Quillon', lastName: 'Fictionalson' };
const REASON = 'Child brought to A&E tonight; checking for a safety plan';

/** Fills and sends the referral form as a user would, with the mouse; answers the new case's id. */
async function referThroughForm(page: Page, child: { firstName: string; lastName: string }, options: { lookedAfter?: boolean } = {}): Promise<string> {
  await page.goto('/console/referrals/new');
  await page.getByLabel('Kind of agency').selectOption('children-social-care');
  await page.getByLabel('Name of your agency').fill('Children’s Social Care');
  await page.getByLabel('Your name', { exact: true }).fill('Sam Worker');
  await page.getByLabel('Your role').fill('Social worker');
  await page.getByLabel('First name').fill(child.firstName);
  await page.getByLabel('Last name').fill(child.lastName);
  await page.getByLabel('Day', { exact: true }).fill('2');
  await page.getByLabel('Month', { exact: true }).fill('4');
  await page.getByLabel('Year', { exact: true }).fill('2012');
  await page.getByLabel('Female', { exact: true }).check();
  if (options.lookedAfter) await page.getByLabel('Looked after by the local authority').check();
  await page.getByLabel('Low self-esteem or self-confidence').check();
  await page.getByLabel('Missing from home or care').check();
  await page.getByLabel('Online exploitation').check();
  await page.getByLabel('What are you worried about?').fill('Seen being collected from school by an older male in a car; new phone and clothes.');
  await page.getByRole('group', { name: 'Is the child in immediate danger?' }).getByLabel('No').check();
  await page.getByRole('button', { name: 'Send referral' }).click();
  await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

/** What the keyboard test reads of a control in the browser (the project's types have no DOM). */
interface FormControl {
  id: string;
  type: string;
  name: string;
  textContent: string | null;
  closest(selector: string): unknown;
}

// Each page is checked by axe and photographed whole: the long referral form takes a while.
jest.setTimeout(300_000);

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

describe('console: a practitioner’s referrals and cases', () => {
  let c: ConsoleUnderTest;
  let caseId: string;
  let otherCaseId: string;

  beforeAll(async () => {
    c = await startConsole();
  });

  afterAll(async () => {
    await c?.close();
  });

  it('makes a referral through the form, naming each field left out, and shows the new case with its chronology', async () => {
    const { context, page } = await c.signIn('sw-csc');
    // Every address the browser asks for on the way, redirects included: none may carry the child's details.
    const addresses: string[] = [];
    context.on('request', (request) => addresses.push(request.url()));
    await page.getByRole('link', { name: 'Make a referral' }).first().click();
    await expect(text(page, 'h1')).resolves.toBe('Make a referral');
    // The strategy's lists, grouped, with the broader kind as a hint.
    await expect(page.getByRole('group', { name: 'Vulnerabilities' }).getByRole('checkbox').count()).resolves.toBe(24);
    await expect(page.getByRole('group', { name: 'Signs of exploitation' }).getByRole('checkbox').count()).resolves.toBe(14);
    await expect(page.getByRole('group', { name: 'Suspected model of exploitation' }).getByRole('radio').count()).resolves.toBe(7);
    await expect(page.locator('#vulnerabilities-11-item-hint').innerText()).resolves.toBe('A kind of: history of abuse');
    await checkPage(page, 'practitioner-referral-new');

    // Sent empty: the API's 400, shown as the error summary naming each field, the form kept.
    await page.getByLabel('First name').fill(CHILD.firstName);
    await page.getByLabel('Low self-esteem or self-confidence').check();
    await page.getByRole('button', { name: 'Send referral' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: Make a referral/);
    const summary = await text(page, '.govuk-error-summary');
    for (const problem of ['Select the kind of agency you work for', 'Enter your name', 'Enter the child’s last name', 'Select the child’s gender', 'Select the suspected model of exploitation', 'Enter what you are worried about', 'Select whether the child is in immediate danger']) {
      expect(summary).toContain(problem);
    }
    expect(summary).not.toContain('Enter the child’s first name');
    await expect(page.locator('.govuk-error-summary a', { hasText: 'Enter the child’s last name' }).getAttribute('href')).resolves.toBe('#child-lastName');
    await expect(page.locator('#child-lastName-error').innerText()).resolves.toContain('Enter the child’s last name');
    await expect(page.getByLabel('First name').inputValue()).resolves.toBe(CHILD.firstName);
    await expect(page.getByLabel('Low self-esteem or self-confidence').isChecked()).resolves.toBe(true);
    await checkPage(page, 'practitioner-referral-errors');

    caseId = await referThroughForm(page, CHILD, { lookedAfter: true });
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Referral received');
    await expect(text(page, 'h1')).resolves.toBe(`${CHILD.firstName} ${CHILD.lastName}`);
    await expect(text(page, '.govuk-summary-list')).resolves.toContain('2 April 2012');
    const timeline = await text(page, '.moj-timeline');
    expect(timeline).toContain('Referral from Children’s Social Care');
    expect(timeline).toContain('by sw-csc, bf-csc');
    const main = await text(page, 'main');
    expect(main).toContain('Low self-esteem or self-confidence');
    expect(main).toContain('Online exploitation');
    await expect(page.getByRole('link', { name: 'Assess risk' }).getAttribute('href')).resolves.toBe(`/console/cases/${caseId}/risk-assessments/new`);
    await expect(page.getByRole('link', { name: 'Report missing' }).getAttribute('href')).resolves.toBe(`/console/cases/${caseId}/missing-episodes/new`);
    // No personal data in any address the journey used (the form's and the API's answers carried it in bodies only).
    expect(addresses.length).toBeGreaterThan(5);
    const personal = [CHILD.firstName, CHILD.lastName, '2012-04-02', '02/04/2012'].map((value) => value.toLowerCase());
    expect(addresses.filter((address) => personal.some((value) => decodeURIComponent(address).toLowerCase().includes(value)))).toEqual([]);
    await checkPage(page, 'practitioner-case');
    await context.close();
  });

  it('lists the agency’s cases, and the filters (codes only) narrow the list', async () => {
    const { context, page } = await c.signIn('sw-csc');
    const other = await referThroughForm(page, { firstName: 'Orla', lastName: 'Fictionalby' });
    otherCaseId = other;
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await expect(text(page, 'h1')).resolves.toBe('Cases');
    const rows = page.locator('table tbody tr');
    await expect(rows.allInnerTexts()).resolves.toEqual(expect.arrayContaining([expect.stringContaining(`Case ${caseId.slice(0, 8)}`), expect.stringContaining(`Case ${other.slice(0, 8)}`)]));
    // The list shows no names.
    expect(await text(page, 'main')).not.toContain(CHILD.firstName);
    await checkPage(page, 'practitioner-cases');

    await page.getByLabel('Flag').selectOption('looked-after');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL(page.url()).search).toBe('?status=&riskBand=&flag=looked-after&listedForSemrac=');
    await expect(rows.allInnerTexts()).resolves.toEqual([expect.stringContaining(`Case ${caseId.slice(0, 8)}`)]);
    await expect(rows.first().innerText()).resolves.toContain('Looked after');
    await checkPage(page, 'practitioner-cases-filtered');

    await page.getByLabel('Status').selectOption('closed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(text(page, 'main')).resolves.toContain('No cases match the filters');
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect(rows.count()).resolves.toBe(2);

    await page.getByRole('link', { name: `Case ${caseId.slice(0, 8)}` }).click();
    await expect(text(page, 'h1')).resolves.toBe(`${CHILD.firstName} ${CHILD.lastName}`);
    await context.close();
  });

  it('sets a flag (a child witness needs its support named), names a lead professional, and shows both', async () => {
    const { context, page } = await c.signIn('sw-csc');
    await page.goto(`/console/cases/${caseId}`);
    await page.getByRole('link', { name: 'Set a flag' }).click();
    await expect(text(page, 'h1')).resolves.toBe('Set a flag');
    await checkPage(page, 'practitioner-flag');

    await page.getByRole('button', { name: 'Set flag' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('Select the flag to set');

    await page.getByLabel('Child witness').check();
    await page.getByRole('button', { name: 'Set flag' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('A child witness flag records the support and protection in place');
    await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#note');
    await checkPage(page, 'practitioner-flag-errors');

    await page.getByLabel('Note').fill('Registered intermediary; special measures agreed');
    await page.getByRole('button', { name: 'Set flag' }).click();
    await page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Flag set');
    await expect(text(page, 'main')).resolves.toContain('Child witness since');
    await expect(text(page, '.moj-timeline')).resolves.toContain('Flagged: Child witness');

    await page.getByRole('link', { name: 'Name a lead professional' }).click();
    await expect(page.getByLabel('Agency code').inputValue()).resolves.toBe('bf-csc');
    await checkPage(page, 'practitioner-lead-professional');
    await page.getByRole('button', { name: 'Name lead professional' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toMatch(/name/);
    await page.getByLabel('Lead professional’s name').fill('Sam Worker');
    await page.getByLabel('Their role').fill('CSE lead');
    await page.getByRole('button', { name: 'Name lead professional' }).click();
    await page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
    await expect(text(page, 'main')).resolves.toContain('Sam Worker, CSE lead, Children’s Social Care');

    await page.getByRole('link', { name: 'Link to another child’s case' }).click();
    await checkPage(page, 'practitioner-link');
    await page.getByLabel('The other case’s id').fill(otherCaseId);
    await page.getByLabel('Siblings').check();
    await page.getByRole('button', { name: 'Link cases' }).click();
    await page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
    await expect(text(page, 'main')).resolves.toContain(`Case ${otherCaseId.slice(0, 8)}: Siblings`);

    // The list filters by the new flag.
    await page.goto('/console/cases?flag=child-witness');
    await expect(page.locator('table tbody tr').allInnerTexts()).resolves.toEqual([expect.stringContaining(`Case ${caseId.slice(0, 8)}`)]);
    await context.close();
  });

  it('offers break-glass for a case outside the user’s agency: refused without a reason, opened and recorded with one', async () => {
    const { context, page } = await c.signIn('nurse-health');
    const refused = await page.goto(`/console/cases/${caseId}`);
    expect(refused?.status()).toBe(403);
    await expect(text(page, 'h1')).resolves.toBe('This case is outside your agency’s cases');
    expect(await text(page, 'main')).not.toContain(CHILD.firstName);
    await checkPage(page, 'practitioner-break-glass');

    // No reason: refused, nothing shown.
    await page.getByRole('button', { name: 'Open the case by break-glass' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('Enter why you need to open this case');
    expect(await text(page, 'main')).not.toContain(CHILD.firstName);
    await checkPage(page, 'practitioner-break-glass-errors');

    // Too short for the API: its 400, named on the reason.
    await page.getByLabel('Why do you need to open this case?').fill('urgent');
    await page.getByRole('button', { name: 'Open the case by break-glass' }).click();
    await expect(text(page, '.govuk-error-summary')).resolves.toContain('must be 10-500 characters');
    await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#reason');
    expect(await text(page, 'main')).not.toContain(CHILD.firstName);

    await page.getByLabel('Why do you need to open this case?').fill(REASON);
    await page.getByRole('button', { name: 'Open the case by break-glass' }).click();
    await page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
    await expect(text(page, 'h1')).resolves.toBe(`${CHILD.firstName} ${CHILD.lastName}`);
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Case opened by break-glass');
    await expect(text(page, 'main')).resolves.toContain('You opened this case by break-glass');
    await expect(page.getByRole('link', { name: 'Set a flag' }).count()).resolves.toBe(0);
    await checkPage(page, 'practitioner-case-break-glass');

    // The API recorded the access with the reason, flagged as break-glass.
    const accesses = await c.platform.store.readStream(`access-case-${caseId}`);
    const opened = accesses.filter((e) => e.type === 'RecordAccessed' && (e.data as { breakGlass?: boolean }).breakGlass);
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(opened.at(-1)).toMatchObject({ data: { breakGlassReason: REASON }, metadata: { actor: { userId: 'nurse-health', agencyId: 'bf-health' } } });
    await context.close();
  });

  it('refuses the referral form to a user without a referring role, with the 403 page', async () => {
    const { context, page } = await c.signIn('auditor-board');
    const refused = await page.goto('/console/referrals/new');
    expect(refused?.status()).toBe(403);
    await expect(text(page, 'h1')).resolves.toBe('You do not have access to this page');
    await checkPage(page, 'practitioner-referral-forbidden');
    await context.close();
  });

  it('takes a whole referral by keyboard alone: Tab reaches every control in order, Space and Enter send it', async () => {
    const { context, page } = await c.signIn('dsl-school');
    await page.goto('/console/referrals/new');
    // The form's tab stops, in the page's order: each input, select, textarea and the button; a radio group is one stop.
    const expected = await page.locator('form[action="/console/referrals"]').evaluate((form) => {
      const stops: string[] = [];
      const groups = new Set<string>();
      for (const element of Array.from(form.querySelectorAll('input, select, textarea, button'))) {
        const control = element as unknown as FormControl;
        if (control.type === 'hidden') continue;
        if (control.type === 'radio') {
          if (groups.has(control.name)) continue;
          groups.add(control.name);
        }
        stops.push(control.id || control.textContent!.trim());
      }
      return stops;
    });
    expect(expected.length).toBeGreaterThan(60);

    // What to do at each stop, as someone using only a keyboard would.
    const typed: Record<string, string> = {
      'referringAgency-name': 'Example Secondary School',
      'referrer-name': 'Dee Lead',
      'referrer-role': 'Designated safeguarding lead',
      'child-firstName': 'Kestrel',
      'child-lastName': 'Keyboardson',
      'child-approximateAge': '14',
      narrative: 'Told a teacher she is given lifts by older men after school.',
    };
    const pressed: Record<string, string[]> = {
      'referringAgency-kind': ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown'],
      'child-gender': ['Space'],
      'vulnerabilities-2': ['Space'],
      signs: ['Space'],
      suspectedModel: ['ArrowDown'],
      immediateDanger: ['ArrowRight'],
    };
    const visited: string[] = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const active = (globalThis as unknown as { document: { activeElement: FormControl | null } }).document.activeElement;
        return { inForm: !!active?.closest('form[action="/console/referrals"]'), id: active?.id || active?.textContent?.trim() || '' };
      });
      if (!focused.inForm) {
        if (visited.length > 0) break;
        continue;
      }
      visited.push(focused.id);
      if (typed[focused.id]) await page.keyboard.type(typed[focused.id]);
      for (const key of pressed[focused.id] ?? []) await page.keyboard.press(key);
      if (focused.id === 'Send referral') break;
    }
    expect(visited).toEqual(expected);

    // On the button: Enter sends the form.
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    await expect(text(page, 'h1')).resolves.toBe('Kestrel Keyboardson');
    const main = await text(page, 'main');
    expect(main).toContain('Example Secondary School (bf-school)');
    expect(main).toContain('Parental substance use');
    expect(main).toContain('Missing from home or care');
    expect(main).toContain('Online exploitation');
    expect(main).toContain('14 years');
    await context.close();
  });
});
