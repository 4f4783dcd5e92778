/**
 * The console, journey 4 (issue 15): the intelligence officer. A partner's submission is in the
 * queue; the officer grades it 3x5x2 (handling C refused without its conditions), sanitises it (the
 * service's check for the source's identifiers shown at the text), disseminates it, sees it on the
 * police feed with its delivery and acknowledgement, and opens a person of interest and their
 * network drawn as a graph with a table of the same links.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { ConsoleUnderTest, checkPage, startConsole } from './support/console-browser';

// Demo users' identities, as the development issuer signs them in.
const school = bearer({ userId: 'dsl-school', agencyId: 'bf-school', roles: ['referrer'] });
const socialWorker = bearer({ userId: 'sw-csc', agencyId: 'bf-csc', roles: ['referrer', 'practitioner', 'semrac-member'] });
const officer = bearer({ userId: 'dc-police', agencyId: 'thames-valley-police', roles: ['intelligence-officer', 'semrac-member'] });
// The fictional source: the sanitised text must not carry these.
const SOURCE = { name: 'Morgan Quill', otherIdentifiers: ['07700 900456'], relationship: 'Friend of the child' };
const ORIGINAL = 'Morgan Quill says a man called Danny picks girls up from Riverside Park in a black hatchback.';
const SANITISED = 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback.';
const EARLIER = 'A man known as Dan is reported to give girls lifts from Riverside Park.';
const CONDITIONS = 'Police and children’s social care only; consult the originating officer first';

// Each page is checked by axe on a machine shared with other suites: a journey takes minutes, not seconds.
const JOURNEY_TIMEOUT = 300_000;

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

describe('console: the intelligence officer', () => {
  let c: ConsoleUnderTest;
  let http: ReturnType<typeof request>;
  let dan: string;
  let bo: string;
  let cal: string;
  let itemId: string;

  beforeAll(async () => {
    c = await startConsole();
    http = request(c.platform.app.getHttpServer());
    // What the journey starts from: a child's case, three persons of interest linked around it, and a school's submission about one of them.
    const caseId = (await http.post('/referrals').set(school).send(referralBody()).expect(201)).body.caseId as string;
    const recordPoi = async (name: string) =>
      (await http.post('/persons-of-interest').set(socialWorker).send({ identifiers: { names: [{ name, kind: 'name' }], approximateAge: 24 } }).expect(201)).body.poiId as string;
    dan = await recordPoi('Dan Fictional');
    bo = await recordPoi('Bo Fictional');
    cal = await recordPoi('Cal Fictional');
    const link = (poiId: string, body: object) => http.post(`/persons-of-interest/${poiId}/links`).set(socialWorker).send(body).expect(200);
    await link(dan, { to: 'case', caseId, nature: 'suspected-exploiter' });
    await link(dan, { to: 'location', location: { kind: 'park', name: 'Riverside Park' }, nature: 'frequents' });
    await link(bo, { to: 'case', caseId, nature: 'seen-with' });
    await link(cal, { to: 'poi', poiId: bo, nature: 'associate' });
    itemId = (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: ORIGINAL, subjects: [{ kind: 'poi', ref: dan }, { kind: 'location', text: 'Riverside Park' }], knownAt: '2026-11-27', howKnown: 'told-by-someone-else', source: SOURCE })
        .expect(201)
    ).body.itemId;
    // An earlier item about Dan, already with the police: the profile shows its sanitised text.
    const earlier = (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: 'Dan was seen giving girls lifts from the park.', subjects: [{ kind: 'poi', ref: dan }], knownAt: '2026-11-20', howKnown: 'seen-or-heard', source: { name: 'Alex Example' } })
        .expect(201)
    ).body.itemId as string;
    await http.post(`/intelligence/${earlier}/grading`).set(officer).send({ source: 2, assessment: 'C', handling: 'P' }).expect(200);
    await http.post(`/intelligence/${earlier}/sanitisation`).set(officer).send({ text: EARLIER }).expect(200);
    await http.post(`/intelligence/${earlier}/dissemination`).set(officer).send({}).expect(200);
  }, 120_000);

  afterAll(async () => {
    await c?.close();
  });

  it('takes a submission from the queue through grading, sanitising and dissemination to the police feed', async () => {
    const { context, page } = await c.signIn('dc-police');
    await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Intelligence' }).click();
    await expect(text(page, 'h1')).resolves.toBe('Intelligence');
    const row = page.locator('#queue tbody tr', { hasText: `Item ${itemId.slice(0, 8)}` });
    await expect(row.innerText()).resolves.toContain('Awaiting grading');
    await expect(row.innerText()).resolves.toContain('Location: Riverside Park');
    await checkPage(page, 'intelligence-queue');
    // The filters are by status code: the item is awaiting grading, not yet graded.
    await page.getByRole('link', { name: /^Awaiting grading \(\d+\)$/ }).click();
    await expect(page.locator('#queue').innerText()).resolves.toContain(`Item ${itemId.slice(0, 8)}`);
    await page.getByRole('link', { name: /^Graded \(0\)$/ }).click();
    await expect(page.locator('#queue').innerText()).resolves.not.toContain(`Item ${itemId.slice(0, 8)}`);
    await checkPage(page, 'intelligence-queue-graded');
    await page.getByRole('link', { name: /^All \(\d+\)$/ }).click();

    // The item: the sealed original is there for the officer, with the source.
    await page.getByRole('link', { name: `Item ${itemId.slice(0, 8)}` }).click();
    await expect(text(page, 'h1')).resolves.toContain(`Item ${itemId.slice(0, 8)}`);
    await expect(page.locator('main').innerText()).resolves.toContain(ORIGINAL);
    await expect(page.locator('main').innerText()).resolves.toContain('Morgan Quill (Friend of the child)');
    await checkPage(page, 'intelligence-item');

    // Handling C without its conditions: refused, naming the field; nothing graded.
    await page.getByLabel('1: Reliable').check();
    await page.getByLabel('B: Known indirectly to the source but corroborated').check();
    await page.getByLabel('C: Sharing permitted with conditions').check();
    await page.getByRole('button', { name: 'Save grading' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.innerText()).resolves.toContain('Handling code C permits sharing with conditions, which must be written');
    await expect(summary.locator('a').first().getAttribute('href')).resolves.toBe('#conditions');
    await expect(page.locator('#conditions-error').innerText()).resolves.toContain('give the conditions');
    await expect(page.getByLabel('C: Sharing permitted with conditions').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('B: Known indirectly to the source but corroborated').isChecked()).resolves.toBe(true);
    await checkPage(page, 'intelligence-grading-refused');
    await page.getByLabel('Handling conditions').fill(CONDITIONS);
    await page.getByRole('button', { name: 'Save grading' }).click();
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Intelligence graded');
    await expect(page.locator('main').innerText()).resolves.toContain(`1/B/C – handling conditions: ${CONDITIONS}`);
    await checkPage(page, 'intelligence-graded');

    // Sanitising: a text that names the source is refused, and what was found is said at the text.
    await page.getByLabel('Sanitised text').fill('Morgan says a man picks girls up. Ring 07700 900456.');
    await page.getByRole('button', { name: 'Save sanitised text' }).click();
    await expect(page.locator('#text-error').innerText()).resolves.toContain("The sanitised text would identify the source: it contains the source's part of the name, identifier");
    await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#text');
    // The officer's text is kept for them to correct.
    await expect(page.getByLabel('Sanitised text').inputValue()).resolves.toContain('Ring 07700 900456');
    await checkPage(page, 'intelligence-sanitise-refused');
    await page.getByLabel('Sanitised text').fill(SANITISED);
    await page.getByRole('button', { name: 'Save sanitised text' }).click();
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Sanitised text saved');
    await expect(text(page, 'h1')).resolves.toContain('Sanitised');

    // Dissemination, as urgent.
    await page.getByLabel('Urgent: the police should act now').check();
    await page.getByRole('button', { name: 'Disseminate to the police' }).click();
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Intelligence disseminated to the police');
    await expect(text(page, 'h1')).resolves.toContain('Disseminated');
    await expect(page.getByRole('button', { name: 'Disseminate to the police' }).count()).resolves.toBe(0);
    await checkPage(page, 'intelligence-disseminated');

    // The police feed: the item with its handling conditions, delivery state, not yet acknowledged.
    await page.getByRole('link', { name: 'See it on the police feed' }).click();
    await expect(text(page, 'h1')).resolves.toBe('Police feed');
    const sent = page.locator('#police-feed tbody tr', { hasText: `Item ${itemId.slice(0, 8)}` });
    const cells = await sent.innerText();
    expect(cells).toContain('1/B/C');
    expect(cells).toContain(`Conditions: ${CONDITIONS}`);
    expect(cells).toContain(SANITISED);
    expect(cells).toContain('Urgent');
    expect(cells).toContain('Not acknowledged');
    expect(cells).not.toMatch(/Morgan|Quill|900456/);
    const delivery = (await sent.locator('td').nth(4).locator('.govuk-tag').innerText()).trim();
    expect(['Queued', 'Delivered', 'Delivery not known']).toContain(delivery);
    await checkPage(page, 'intelligence-police-feed');

    // Another item, taken to the police through the API, which the unit acknowledges (over the pull API): the feed shows its outcome.
    const other = (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: 'Girls seen at Bracknell station late at night.', subjects: [{ kind: 'location', text: 'Bracknell station' }], knownAt: '2026-11-27', howKnown: 'seen-or-heard', source: { name: 'Alex Example' } })
        .expect(201)
    ).body.itemId as string;
    await http.post(`/intelligence/${other}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);
    await http.post(`/intelligence/${other}/sanitisation`).set(officer).send({ text: 'Girls seen at Bracknell station late at night.' }).expect(200);
    await http.post(`/intelligence/${other}/dissemination`).set(officer).send({}).expect(200);
    await http
      .post('/police-feed/acknowledgements')
      .set(officer)
      .send({ messageId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b', itemId: other, outcome: 'linked-to-operation', operationRef: 'OP-KESTREL-2026', acknowledgedAt: new Date().toISOString(), unit: { id: 'tvp-fib', officer: 'DC 4471' } })
      .expect(200);
    // Written outside the officer's session, so the page may be a moment behind: look again until the feed shows it.
    let acknowledged = '';
    for (let attempt = 0; attempt < 20 && !acknowledged.includes('Acknowledged'); attempt++) {
      await page.goto('/console/intelligence/police-feed');
      const row = page.locator('#police-feed tbody tr', { hasText: `Item ${other.slice(0, 8)}` });
      acknowledged = (await row.count()) > 0 ? await row.innerText() : '';
      if (!acknowledged.includes('Acknowledged')) await page.waitForTimeout(250);
    }
    expect(acknowledged).toContain('2/B/P');
    expect(acknowledged).toContain('Acknowledged: linked to an operation');
    expect(acknowledged).toContain('OP-KESTREL-2026');
    // The officer's own item is still waiting for the unit.
    await expect(page.locator('#police-feed tbody tr', { hasText: `Item ${itemId.slice(0, 8)}` }).innerText()).resolves.toContain('Not acknowledged');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('submits information through the form, naming what is missing', async () => {
    const { context, page } = await c.signIn('dc-police');
    await page.goto('/console/intelligence');
    await page.getByRole('link', { name: 'Submit information' }).click();
    await checkPage(page, 'intelligence-submit');
    await page.getByLabel('What is known').fill('Girls seen getting into a black hatchback outside the station.');
    await page.getByRole('button', { name: 'Submit information' }).click();
    const summary = await text(page, '.govuk-error-summary');
    expect(summary).toContain('There is a problem');
    const targets = await page.locator('.govuk-error-summary a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(targets).toEqual(expect.arrayContaining(['#subjects', '#knownAt', '#howKnown', '#source-name']));
    await expect(page.getByLabel('What is known').inputValue()).resolves.toContain('black hatchback');
    await checkPage(page, 'intelligence-submit-refused');

    await page.getByLabel('Location').fill('Bracknell station');
    await page.getByLabel('Day').fill('27');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Seen or heard it directly').check();
    await page.getByLabel('Source’s name, or how they are known').fill('PC on patrol');
    await page.getByRole('button', { name: 'Submit information' }).click();
    await expect(text(page, '.govuk-notification-banner')).resolves.toContain('Information submitted');
    await expect(text(page, 'h1')).resolves.toContain('Awaiting grading');
    await expect(page.locator('main').innerText()).resolves.toContain('Location: Bracknell station');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('shows a person of interest and their network within the hops chosen, as a graph and a table', async () => {
    const { context, page } = await c.signIn('dc-police');
    await page.goto(`/console/intelligence/items/${itemId}`);
    await page.getByRole('link', { name: `Person of interest ${dan.slice(0, 8)}` }).click();
    await expect(text(page, 'h1')).resolves.toBe('Dan Fictional');
    const links = await page.locator('table', { has: page.locator('caption', { hasText: 'Links' }) }).first().innerText();
    expect(links).toContain('Suspected of exploiting');
    expect(links).toContain('Riverside Park (Park)');
    const intelligence = await page.locator('table', { has: page.locator('caption', { hasText: 'Intelligence about them' }) }).innerText();
    expect(intelligence).toContain(EARLIER);
    expect(intelligence).toContain('2/C/P');
    expect(intelligence).not.toMatch(/Alex Example|Morgan|Quill/);
    await checkPage(page, 'intelligence-poi');

    await page.getByRole('link', { name: 'Network: who Dan Fictional is connected to' }).click();
    const graph = page.locator('svg[role="img"]');
    await expect(graph.locator('title').textContent()).resolves.toContain('Network of Dan Fictional within 2 hops');
    // Two hops: Dan, the child's case and the park, then Bo (through the case).
    const people = async () => (await graph.locator('g.app-graph__node[data-kind="poi"] text').allTextContents()).sort();
    await expect(people()).resolves.toEqual(['Bo Fictional', 'Dan Fictional']);
    await expect(graph.locator('g.app-graph__node').count()).resolves.toBe(4);
    await expect(graph.locator('line.app-graph__edge').count()).resolves.toBe(3);
    const rows = async () => (await page.locator('#network-links tbody tr').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim()).sort();
    await expect(rows()).resolves.toEqual(
      [
        `Bo Fictional Child's case ${await caseShortId(page)} Seen with`,
        `Dan Fictional Child's case ${await caseShortId(page)} Suspected of exploiting`,
        'Dan Fictional Riverside Park (Park) Frequents',
      ].sort(),
    );
    expect(await page.content()).not.toMatch(/style="/);
    await checkPage(page, 'intelligence-network');

    // Three hops reaches Cal, through Bo; one hop only what Dan is linked to directly.
    await page.getByLabel('3 hops').check();
    await page.getByRole('button', { name: 'Show network' }).click();
    expect(new URL(page.url()).searchParams.get('hops')).toBe('3');
    await expect(people()).resolves.toEqual(['Bo Fictional', 'Cal Fictional', 'Dan Fictional']);
    await expect(rows()).resolves.toContainEqual('Cal Fictional Bo Fictional Associate');
    await checkPage(page, 'intelligence-network-3');
    await page.getByLabel('1 hop', { exact: true }).check();
    await page.getByRole('button', { name: 'Show network' }).click();
    await expect(people()).resolves.toEqual(['Dan Fictional']);
    await expect(graph.locator('g.app-graph__node').count()).resolves.toBe(3);
    await expect(page.locator('#network-links tbody tr').count()).resolves.toBe(2);
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('refuses the intelligence pages to a user without the role', async () => {
    const { context, page } = await c.signIn('sw-csc');
    for (const path of ['/console/intelligence', `/console/intelligence/items/${itemId}`, '/console/intelligence/police-feed', `/console/intelligence/persons-of-interest/${dan}/network`]) {
      const response = await page.goto(path);
      expect([path, response?.status()]).toEqual([path, 403]);
      await expect(text(page, 'h1')).resolves.toBe('You do not have access to this page');
    }
    await checkPage(page, 'intelligence-forbidden');
    // A grading posted with the session's own form token, but without the role: refused, nothing graded.
    await page.goto('/console');
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const posted = await page.request.post(`/console/intelligence/items/${itemId}/grading`, { form: { _csrf: token, source: '1', assessment: 'A', handling: 'P' }, maxRedirects: 0 });
    expect(posted.status()).toBe(403);
    await context.close();
  }, JOURNEY_TIMEOUT);
});

/** The child's case as the network page names it (by its reference, never the child's name). */
async function caseShortId(page: Page): Promise<string> {
  const name = await page.locator('#network-nodes tbody tr td').filter({ hasText: "Child's case" }).first().innerText();
  return name.replace("Child's case ", '').trim();
}
