/**
 * The console, journey 5 (issue 15): the sharing officer. Requesting a share (and not being
 * offered, nor allowed, to approve one's own request), another officer's decision, refusing,
 * deciding not to share, revoking, the inbox by TLP label in its colours, forwarding never wider,
 * and the sharing register.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { ShareSentV1 } from '@app/contracts';
import { MESSAGE_BUS, MessageBus } from '@app/messaging';
import { signShareMessage } from '@app/sharing';
import { eventually, referralBody } from '../support/http';
import { ConsoleUnderTest, checkPage, startConsole } from './support/console-browser';

const BOARD = 'brightfield-lscb';
const WESTMOOR = 'westmoor-lscb';
const POLICE = 'shire-police';
const keyPair = () => generateKeyPairSync('ed25519');
const westmoorKeys = keyPair();
const publicPem = (pair: ReturnType<typeof keyPair>) => pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();

/** The only demo sharing officer is sharing-board: a second officer of the same board decides through the API. */
const secondOfficer = bearer({ userId: 'so-2', agencyId: 'bf-board', roles: ['sharing-officer'] });
const socialWorker = bearer({ userId: 'sw-csc', agencyId: 'bf-csc', roles: ['referrer', 'practitioner', 'semrac-member'] });
const BREAK_GLASS = 'Neighbouring board asked for the case to plan a joint safety response';

describe('console: the sharing officer', () => {
  let c: ConsoleUnderTest;
  let http: ReturnType<typeof request>;
  let caseId: string;

  // Generous: each page is checked by axe in a real browser.
  jest.setTimeout(600_000);

  beforeAll(async () => {
    c = await startConsole({
      SHARING_BOARD_ID: BOARD,
      SHARING_BOARD_NAME: 'Brightfield LSCB',
      SHARING_SIGNING_KEY: keyPair().privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      SHARING_PEERS: JSON.stringify([
        { id: WESTMOOR, name: 'Westmoor LSCB', kind: 'board', topic: `safeguard.shares.${WESTMOOR}`, publicKey: publicPem(westmoorKeys), allowedLabels: ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] },
        { id: POLICE, name: 'Shire Police', kind: 'police', topic: `safeguard.shares.${POLICE}`, publicKey: publicPem(keyPair()), allowedLabels: ['GREEN', 'AMBER', 'AMBER+STRICT'] },
      ]),
    });
    http = request(c.platform.app.getHttpServer());
    // Children's social care's case: the board's sharing officer is not on it, so sharing it takes a break-glass reason.
    caseId = (await http.post('/referrals').set(socialWorker).send(referralBody('bf-csc', { child: { firstName: 'Testa' } })).expect(201)).body.caseId;
  });

  afterAll(async () => {
    await c?.close();
  });

  /** Fills the share terms' part of a form (request and forward). */
  async function fillTerms(page: Page, terms: { peer: string; label: string; purpose: string }) {
    await page.getByLabel('Share with').selectOption(terms.peer);
    await page.locator(`input[name="label"][value="${terms.label}"]`).check();
    await page.getByLabel('Purpose').fill(terms.purpose);
    await page.getByLabel('Data Protection Act 2018 Schedule 1 para 18', { exact: false }).check();
    await page.locator('input[name="subjectInformed.informed"][value="no"]').check();
    await page.getByLabel('Why they were not told').fill('Telling her now could alert the suspected exploiter.');
  }

  const summaryText = (page: Page) => page.locator('.govuk-error-summary').textContent();

  it('requests a share, is not offered (nor allowed) to approve it, sees another officer’s approval, revokes it with a reason and finds it in the register', async () => {
    const { context, page } = await c.signIn('sharing-board');
    await page.locator('.govuk-service-navigation__list a', { hasText: 'Sharing' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Sharing');
    await checkPage(page, 'sharing-overview-empty');

    await page.getByRole('button', { name: 'Request a share' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Request a share');
    await checkPage(page, 'sharing-request');

    // Nothing chosen: the API names each field; the page links to each.
    await page.getByRole('button', { name: 'Request the share' }).click();
    expect(page.url()).toMatch(/\/console\/sharing\/shares$/);
    const empty = await summaryText(page);
    expect(empty).toContain('Share with');
    expect(empty).toContain('TLP label');
    expect(empty).toContain('Purpose');
    await expect(page.locator('.govuk-error-summary a[href="#peerId"]').count()).resolves.toBe(1);
    await checkPage(page, 'sharing-request-errors');

    await fillTerms(page, { peer: WESTMOOR, label: 'AMBER', purpose: 'The child has been found in Westmoor twice this month; to plan a joint safety response.' });
    await page.getByLabel('Case reference').fill(caseId);
    await page.getByLabel('The case summary', { exact: false }).check();
    // Outside the officer's agency's cases: the API refuses until a break-glass reason is given.
    await page.getByRole('button', { name: 'Request the share' }).click();
    await expect(summaryText(page)).resolves.toContain('give a reason to open it (break-glass)');
    await expect(page.getByLabel('Case reference').inputValue()).resolves.toBe(caseId);
    await page.getByLabel('Reason to open a record outside your agency', { exact: false }).fill(BREAK_GLASS);
    await page.getByRole('button', { name: 'Request the share' }).click();
    await page.waitForURL(/\/console\/sharing\/shares\/[0-9a-f-]{36}\?consistentWith=/);
    const shareId = /shares\/([0-9a-f-]{36})/.exec(page.url())![1];
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Share requested');
    await expect(page.locator('h1').textContent()).resolves.toBe('To Westmoor LSCB');
    await expect(page.locator('main').textContent()).resolves.toContain('You requested this share. Another sharing officer must approve or refuse it.');
    await expect(page.getByRole('button', { name: 'Approve and send' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Refuse' }).count()).resolves.toBe(0);
    // A sharing officer sees what would leave: the child's case summary.
    await expect(page.locator('main').textContent()).resolves.toContain('Testa Fictional');
    await checkPage(page, 'sharing-outbound-requested');

    // Awaiting approval on the overview: their own request, with no way to decide it.
    await page.goto('/console/sharing');
    const awaiting = page.locator('table', { has: page.locator('caption', { hasText: 'Requests waiting' }) });
    await expect(awaiting.locator('tbody tr').count()).resolves.toBe(1);
    await expect(awaiting.textContent()).resolves.toContain('Another sharing officer decides');
    await expect(awaiting.locator('.app-tlp--amber').textContent()).resolves.toBe('TLP:AMBER');
    await expect(page.getByRole('link', { name: /Approve or refuse/ }).count()).resolves.toBe(0);
    await checkPage(page, 'sharing-overview-awaiting');

    // A crafted approval of their own request: the API refuses it and the console says why.
    await page.goto(`/console/sharing/shares/${shareId}`);
    const crafted = page.waitForResponse((r) => r.url().endsWith(`/console/sharing/shares/${shareId}/approve`));
    // The sign-out form carries the session's form token: sent to the approval address instead.
    await page.locator('form.app-sign-out').evaluate((form, id) => {
      const element = form as unknown as { action: string; submit(): void };
      element.action = `/console/sharing/shares/${id}/approve`;
      element.submit();
    }, shareId);
    expect((await crafted).status()).toBe(403);
    await page.waitForLoadState();
    await expect(summaryText(page)).resolves.toContain('A share is decided by a sharing officer other than the person who requested it');
    await checkPage(page, 'sharing-outbound-self-approval-refused');
    expect((await http.get(`/shares/${shareId}`).set(secondOfficer).expect(200)).body.state).toBe('requested');

    // Another officer of the board approves it: it is sent.
    const approved = (await http.post(`/shares/${shareId}/approve`).set(secondOfficer).expect(200)).body;
    await page.goto(`/console/sharing/shares/${shareId}?consistentWith=${approved.position}`);
    await expect(page.locator('main .govuk-tag').first().textContent()).resolves.toContain('Sent');
    await expect(page.locator('main').textContent()).resolves.toContain('so-2, bf-board');

    // Revoking needs a reason.
    await page.getByRole('button', { name: 'Revoke the share' }).click();
    await expect(summaryText(page)).resolves.toContain('Reason');
    await expect(page.locator('.govuk-error-summary a[href="#reason"]').count()).resolves.toBe(1);
    await checkPage(page, 'sharing-revoke-errors');
    await page.getByLabel('Reason for revoking').fill('Shared in error: the wrong case summary.');
    await page.getByRole('button', { name: 'Revoke the share' }).click();
    await page.waitForURL(/consistentWith=/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Share revoked');
    await expect(page.locator('main').textContent()).resolves.toContain('Shared in error: the wrong case summary.');
    await expect(page.getByRole('button', { name: 'Revoke the share' }).count()).resolves.toBe(0);
    await checkPage(page, 'sharing-outbound-revoked');

    await page.goto('/console/sharing');
    await page.getByRole('link', { name: 'Sharing register' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Sharing register');
    const row = page.locator('tbody tr', { hasText: 'Shared in error: the wrong case summary.' });
    await expect(row.count()).resolves.toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toContain('Disclosed');
    expect(cells[2]).toContain('Westmoor LSCB');
    expect(cells[3]).toContain('TLP:AMBER');
    expect(cells[5]).toContain('Data Protection Act 2018 Schedule 1 para 18');
    expect(cells[6]).toContain('Asked: sharing-board, bf-board');
    expect(cells[6]).toContain('Decided: so-2, bf-board');
    await checkPage(page, 'sharing-register');
    await context.close();
  });

  it('refuses another officer’s request with a reason, and records a decision not to share', async () => {
    const requested = (
      await http
        .post('/shares')
        .set(secondOfficer)
        .set('X-Break-Glass-Reason', BREAK_GLASS)
        .send({ peerId: POLICE, label: 'AMBER', purpose: 'Police asked for the case summary.', lawfulBasis: { code: 'cda-1998-s115' }, subjectInformed: { informed: true }, content: { caseId, includeCaseSummary: true } })
        .expect(201)
    ).body;
    const { context, page } = await c.signIn('sharing-board');
    await eventually(async () => {
      await page.goto('/console/sharing');
      return (await page.getByRole('link', { name: /Approve or refuse/ }).count()) === 1;
    }, 'the request shows as awaiting approval');
    await page.getByRole('link', { name: /Approve or refuse/ }).click();
    expect(page.url()).toContain(requested.shareId);
    await expect(page.getByRole('button', { name: 'Approve and send' }).isVisible()).resolves.toBe(true);
    await checkPage(page, 'sharing-outbound-to-decide');
    await page.getByRole('button', { name: 'Refuse' }).click();
    await expect(summaryText(page)).resolves.toContain('Reason');
    await page.getByLabel('Reason for refusing').fill('The police already hold the missing reports.');
    await page.getByRole('button', { name: 'Refuse' }).click();
    await page.waitForURL(/consistentWith=/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Share refused');
    await expect(page.locator('main').textContent()).resolves.toContain('Refused by');

    await page.goto('/console/sharing/decisions-not-to-share/new');
    await checkPage(page, 'sharing-not-shared');
    await page.getByLabel('Who asked, or would have received it').selectOption(WESTMOOR);
    await page.getByLabel('What was asked for, and why').fill('Westmoor asked for the full case.');
    await page.getByLabel('Case reference').fill(caseId);
    await page.getByLabel('The case summary', { exact: false }).check();
    await page.getByLabel('Reason to open a record outside your agency', { exact: false }).fill(BREAK_GLASS);
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await expect(summaryText(page)).resolves.toContain('Reason');
    await page.getByLabel('Why not').fill('Not necessary: Westmoor is already on the strategy meeting.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForURL(/consistentWith=/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Decision not to share recorded');

    await page.goto('/console/sharing/register');
    const refused = await page.locator('tbody tr', { hasText: 'The police already hold the missing reports.' }).locator('td').allTextContents();
    expect(refused[1]).toContain('Refused');
    expect(refused[2]).toContain('Shire Police');
    const notShared = await page.locator('tbody tr', { hasText: 'Westmoor is already on the strategy meeting' }).locator('td').allTextContents();
    expect(notShared[1]).toContain('Not shared');
    await context.close();
  });

  it('shows the inbox by label in TLP colours, and forwards only under the same or a narrower label', async () => {
    // Westmoor's shares arrive on this board's topic, signed with Westmoor's key (the in-process bus of the embedded default).
    const received = Object.fromEntries(['AMBER', 'RED', 'GREEN'].map((label) => [label, randomUUID()]));
    const bus = c.platform.app.get<MessageBus>(MESSAGE_BUS);
    await bus.publish(
      Object.entries(received).map(([label, shareId]) => {
        const { signature: _example, ...example } = ShareSentV1.example;
        const message = signShareMessage<ShareSentV1>(
          { ...example, messageId: randomUUID(), shareId, from: WESTMOOR, to: BOARD, label: label as ShareSentV1['label'], sentAt: new Date().toISOString(), purpose: `Westmoor's ${label} share: the child was found in Brightfield.` },
          westmoorKeys.privateKey,
        );
        return { id: message.messageId, topic: `safeguard.shares.${BOARD}`, key: shareId, type: 'share-sent.v1', payload: message as never };
      }),
    );
    await eventually(async () => (await http.get('/inbound-shares').set(secondOfficer)).body.total === 3, 'the three shares were received');

    const { context, page } = await c.signIn('sharing-board');
    await page.goto('/console/sharing');
    const inbox = page.locator('table', { has: page.locator('caption', { hasText: 'Shares received' }) });
    await expect(inbox.locator('tbody tr').count()).resolves.toBe(3);
    // Each label in its TLP 2.0 colour on black.
    const colours = await inbox.locator('.app-tlp').evaluateAll((chips) => chips.map((chip) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle(chip);
      return [chip.textContent, style.color, style.backgroundColor];
    }));
    expect(colours).toEqual(
      expect.arrayContaining([
        ['TLP:AMBER', 'rgb(255, 192, 0)', 'rgb(0, 0, 0)'],
        ['TLP:RED', 'rgb(255, 43, 43)', 'rgb(0, 0, 0)'],
        ['TLP:GREEN', 'rgb(51, 255, 0)', 'rgb(0, 0, 0)'],
      ]),
    );
    await checkPage(page, 'sharing-inbox');

    await page.getByLabel('Show shares labelled').selectOption('RED');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    expect(new URL(page.url()).searchParams.get('label')).toBe('RED');
    await expect(inbox.locator('tbody tr').count()).resolves.toBe(1);
    await expect(inbox.locator('tbody .app-tlp').textContent()).resolves.toBe('TLP:RED');
    await checkPage(page, 'sharing-inbox-red');

    // RED is never passed on: no form.
    await page.goto(`/console/sharing/inbox/${received.RED}`);
    await expect(page.locator('main').textContent()).resolves.toContain('TLP:RED is for its named recipients only and is never passed on.');
    await expect(page.getByRole('button', { name: 'Request the onward share' }).count()).resolves.toBe(0);
    await checkPage(page, 'sharing-inbound-red');

    // AMBER: only AMBER, AMBER+STRICT and RED are offered.
    await page.goto(`/console/sharing/inbox/${received.AMBER}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('From Westmoor LSCB');
    await expect(page.locator('main').textContent()).resolves.toContain('Testa Fictional');
    const offered = await page.locator('input[name="label"]').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    expect(offered).toEqual(['AMBER', 'AMBER+STRICT', 'RED']);
    await checkPage(page, 'sharing-inbound');

    // A wider label sent anyway (a crafted form): the API refuses it, and the page names the field.
    await fillTerms(page, { peer: POLICE, label: 'AMBER', purpose: 'The police lead the missing-from-home response.' });
    await page.locator('input[name="label"][value="AMBER"]').evaluate((input) => ((input as unknown as { value: string }).value = 'GREEN'));
    await page.getByRole('button', { name: 'Request the onward share' }).click();
    const wider = await summaryText(page);
    expect(wider).toContain('TLP label: onward sharing never widens the label: GREEN is wider than the received AMBER');
    await expect(page.locator('.govuk-error-summary a[href="#label"]').count()).resolves.toBe(1);
    await expect(page.locator('#label-error').textContent()).resolves.toContain('never widens the label');
    await checkPage(page, 'sharing-forward-wider-refused');

    await page.locator('input[name="label"][value="AMBER+STRICT"]').check();
    await page.getByRole('button', { name: 'Request the onward share' }).click();
    await page.waitForURL(/\/console\/sharing\/shares\/[0-9a-f-]{36}\?consistentWith=/);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Onward share requested');
    await expect(page.locator('h1').textContent()).resolves.toBe('To Shire Police');
    await expect(page.locator('main').textContent()).resolves.toContain(`${WESTMOOR}, received as TLP:AMBER`);
    await expect(page.locator('main .app-tlp--amber-strict').first().textContent()).resolves.toBe('TLP:AMBER+STRICT');
    await checkPage(page, 'sharing-outbound-onward');
    await context.close();
  });

  it('shows the 403 page to a user without the sharing officer role', async () => {
    const { context, page } = await c.signIn('sw-csc');
    const refused = await page.goto('/console/sharing');
    expect(refused?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('You do not have access to this page');
    await checkPage(page, 'sharing-forbidden');
    expect((await page.goto('/console/sharing/register'))?.status()).toBe(403);
    await context.close();
  });
});
