import { generateKeyPairSync, randomUUID } from 'node:crypto';
import request from 'supertest';
import { accessStreamId } from '@app/access';
import { bearer } from '@app/auth-testing';
import { ShareSentV1 } from '@app/contracts';
import { PersonalDataProtectedEventStore } from '@app/event-store';
import { signShareMessage } from '@app/sharing';
import { kafkaBrokers } from '../kafka-broker';
import { produceRaw } from '../support/kafka';
import { TestPlatform, startPlatform } from '../support/platform-app';
import { referralBody } from '../support/http';

/** Who is acting: one place, so the source of identity (a bearer token today) changes here only. */
const as = (userId: string, agencyId: string, roles: string[]) => bearer({ userId, agencyId, roles });

// Unique per run: the broker is shared and keeps its topics.
const RUN = randomUUID().slice(0, 8);
const BOARD_A = `brightfield-${RUN}`;
const BOARD_B = `westmoor-${RUN}`;
const POLICE = `police-${RUN}`;
const topicOf = (id: string) => `safeguard.shares.${id}`;
const ALL_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}
const keys = { [BOARD_A]: keyPair(), [BOARD_B]: keyPair(), [POLICE]: keyPair() };
const names = { [BOARD_A]: 'Brightfield LSCB', [BOARD_B]: 'Westmoor LSCB', [POLICE]: 'Shire Police' };

function settings(self: string, peers: { id: string; kind: 'board' | 'police'; allowedLabels: string[] }[]): Record<string, string> {
  return {
    KAFKA_BROKERS: kafkaBrokers().join(','),
    KAFKA_CLIENT_ID: `safeguard-${self}`,
    SHARING_BOARD_ID: self,
    SHARING_BOARD_NAME: names[self],
    SHARING_SIGNING_KEY: keys[self].privatePem,
    SHARING_PEERS: JSON.stringify(peers.map((p) => ({ ...p, name: names[p.id], topic: topicOf(p.id), publicKey: keys[p.id].publicPem }))),
  };
}

// Brightfield (A): practitioners, two sharing officers, an auditor.
const aPractitioner = as('sw-9', 'bf-csc', ['practitioner']);
const aDualRole = as('tl-4', 'bf-csc', ['practitioner', 'sharing-officer']);
const aOfficer = as('so-2', 'bf-lscb', ['sharing-officer']);
const aAuditor = as('dpo-1', 'bf-lscb', ['auditor']);
const aSchool = as('dsl-17', 'bf-school', ['referrer']);
const aIntel = as('dc-301', 'bf-police', ['intelligence-officer']);
const aOutsider = as('sw-77', 'elsewhere-csc', ['practitioner']);
// Westmoor (B).
const bPractitioner = as('sw-40', 'wm-csc', ['practitioner']);
const bReferrer = as('dsl-2', 'wm-school', ['referrer']);
const bOfficer = as('so-7', 'wm-lscb', ['sharing-officer']);
const bAuditor = as('dpo-3', 'wm-lscb', ['auditor']);
// The police force (P).
const pIntel = as('dc-88', POLICE, ['intelligence-officer']);
const pPractitioner = as('pc-12', POLICE, ['practitioner']);

const SCHOOL = { id: 'bf-school', kind: 'education', name: 'Example Secondary School' };
const referral = (firstName: string, referringAgency: { id: string; kind: string; name: string } = SCHOOL) => referralBody('bf-school', { child: { firstName }, referringAgency });

const terms = {
  label: 'AMBER',
  purpose: 'The child has been found in Westmoor twice this month; to plan a joint safety response.',
  lawfulBasis: { code: 'dpa-2018-sch1-para18' },
  subjectInformed: { informed: false, reasonNotInformed: 'Telling her now could alert the suspected exploiter.' },
  handlingConditions: 'Children’s social care and police only.',
};

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}: last saw ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('cross-border sharing between two boards and a police force over one Kafka broker', () => {
  let a: TestPlatform;
  let b: TestPlatform;
  let p: TestPlatform;
  let httpA: ReturnType<typeof request>;
  let httpB: ReturnType<typeof request>;
  let httpP: ReturnType<typeof request>;
  let caseId: string;
  let chronologyEventId: string;
  let itemId: string;

  jest.setTimeout(180_000);

  beforeAll(async () => {
    // Separate databases each: A on PostgreSQL, B and the police on SQLite.
    a = await startPlatform('postgres', settings(BOARD_A, [{ id: BOARD_B, kind: 'board', allowedLabels: ALL_LABELS }, { id: POLICE, kind: 'police', allowedLabels: ['GREEN', 'AMBER', 'AMBER+STRICT'] }]));
    b = await startPlatform('sqlite', settings(BOARD_B, [{ id: BOARD_A, kind: 'board', allowedLabels: ALL_LABELS }, { id: POLICE, kind: 'police', allowedLabels: ['AMBER', 'AMBER+STRICT'] }]));
    p = await startPlatform('sqlite', settings(POLICE, [{ id: BOARD_A, kind: 'board', allowedLabels: ['AMBER'] }, { id: BOARD_B, kind: 'board', allowedLabels: ['AMBER'] }]));
    [httpA, httpB, httpP] = [a, b, p].map((platform) => request(platform.app.getHttpServer()));

    // Brightfield's own records: a child's case and a sanitised intelligence item.
    // Referred by Brightfield's children's social care: its practitioners and officers are on the case.
    const opened = (await httpA.post('/referrals').set(aPractitioner).send(referral('Testa', { id: 'bf-csc', kind: 'children-social-care', name: 'Brightfield Children’s Social Care' })).expect(201)).body;
    caseId = opened.caseId;
    const view = (await httpA.get(`/cases/${caseId}?consistentWith=${opened.position}`).set(aPractitioner).expect(200)).body;
    chronologyEventId = view.chronology[0].eventId;
    itemId = (
      await httpA
        .post('/intelligence')
        .set(aSchool)
        .send({ information: 'A man called Danny picks girls up from Riverside Park.', subjects: [{ kind: 'child-case', ref: caseId }], knownAt: '2026-11-27', howKnown: 'told-by-someone-else', source: { name: 'Morgan Quill' } })
        .expect(201)
    ).body.itemId;
    await httpA.post(`/intelligence/${itemId}/grading`).set(aIntel).send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);
    await httpA.post(`/intelligence/${itemId}/sanitisation`).set(aIntel).send({ text: 'A man known as Danny is reported at Riverside Park.' }).expect(200);
  });

  afterAll(async () => {
    await Promise.all([a, b, p].filter(Boolean).map((platform) => platform.close()));
  });

  const shareBody = (more: Record<string, unknown> = {}) => ({
    peerId: BOARD_B,
    ...terms,
    content: { caseId, includeCaseSummary: true, chronologyEventIds: [chronologyEventId], intelligenceItemIds: [itemId] },
    ...more,
  });
  const outbound = (http: ReturnType<typeof request>, shareId: string) => eventuallyGet(http, `/shares/${shareId}`, aPractitioner);
  async function eventuallyGet(http: ReturnType<typeof request>, path: string, who: Record<string, string>) {
    const response = await http.get(path).set(who);
    return { status: response.status, body: response.body };
  }

  it('refuses bad requests with the field named or the rule stated, writing nothing', async () => {
    const unknownPeer = await httpA.post('/shares').set(aPractitioner).send(shareBody({ peerId: 'nowhere-lscb' })).expect(422);
    expect(unknownPeer.body.message).toContain('peerId: nowhere-lscb is not a configured peer');
    const { lawfulBasis: _basis, ...withoutBasis } = shareBody();
    const noBasis = await httpA.post('/shares').set(aPractitioner).send(withoutBasis).expect(400);
    expect(noBasis.body.errors).toEqual([{ field: 'lawfulBasis', problems: ['lawfulBasis is required: one of the fixed list, or other with text'] }]);
    const otherWithoutText = await httpA.post('/shares').set(aPractitioner).send(shareBody({ lawfulBasis: { code: 'other' } })).expect(400);
    expect(otherWithoutText.body.errors.map((e: { field: string }) => e.field)).toEqual(['lawfulBasis.text']);
    const badLabel = await httpA.post('/shares').set(aPractitioner).send(shareBody({ label: 'PURPLE' })).expect(400);
    expect(badLabel.body.errors.map((e: { field: string }) => e.field)).toEqual(['label']);
    // The police accept no RED from Brightfield.
    await httpA.post('/shares').set(aPractitioner).send(shareBody({ peerId: POLICE, label: 'RED' })).expect(422);
    // Sharing a record is reading it: outside the requester's need to know, refused and recorded.
    const outsider = await httpA.post('/shares').set(aOutsider).send(shareBody()).expect(403);
    expect(outsider.body).toMatchObject({ breakGlass: { possible: true } });
    expect((await a.store.readStream(accessStreamId('case', caseId))).map((e) => [e.type, e.metadata.actor.userId])).toContainEqual(['AccessDenied', 'sw-77']);
    const list = (await httpA.get('/shares').set(aPractitioner).expect(200)).body;
    expect(list.total).toBe(0);
  });

  it('requests, refuses, re-requests, approves, delivers, acknowledges, links, forwards onward narrower (wider refused), and revokes until unreadable at the recipient', async () => {
    // Requested, then refused with a reason: nothing leaves.
    const first = (await httpA.post('/shares').set(aPractitioner).send(shareBody()).expect(201)).body;
    expect(first).toMatchObject({ state: 'requested', revision: 0, changed: true });
    await httpA.post(`/shares/${first.shareId}/refuse`).set(aPractitioner).send({ reason: 'x' }).expect(403);
    const refused = (await httpA.post(`/shares/${first.shareId}/refuse`).set(aOfficer).set('If-Match', '0').send({ reason: 'Say why the chronology is needed.' }).expect(200)).body;
    expect(refused).toMatchObject({ state: 'refused', revision: 1 });
    await httpA.post(`/shares/${first.shareId}/approve`).set(aOfficer).expect(409);

    // Requested again by someone who is also a sharing officer: they may not approve their own request.
    const second = (await httpA.post('/shares').set(aDualRole).set('Idempotency-Key', `share-${RUN}-2`).send(shareBody({ previousShareId: first.shareId })).expect(201)).body;
    const retried = (await httpA.post('/shares').set(aDualRole).set('Idempotency-Key', `share-${RUN}-2`).send(shareBody({ previousShareId: first.shareId })).expect(201)).body;
    expect(retried).toMatchObject({ shareId: second.shareId, changed: false });
    // The officer sees what would leave before deciding; an auditor sees it only in summary.
    const toDecide = (await httpA.get(`/shares/${second.shareId}?consistentWith=${second.position}`).set(aOfficer).expect(200)).body;
    expect(toDecide).toMatchObject({ state: 'requested', previousShareId: first.shareId, content: { caseSummary: { caseId }, intelligenceItems: [{ itemId }] } });
    const summary = (await httpA.get(`/shares/${second.shareId}`).set(aAuditor).expect(200)).body;
    expect(summary).toMatchObject({ contentSummary: { caseId, chronologyEntries: 1, intelligenceItemIds: [itemId] } });
    expect(summary.content).toBeUndefined();
    const self = await httpA.post(`/shares/${second.shareId}/approve`).set(aDualRole).expect(403);
    expect(self.body.message).toContain('other than the person who requested it');
    await httpA.post(`/shares/${second.shareId}/approve`).set(aPractitioner).expect(403);
    const approved = (await httpA.post(`/shares/${second.shareId}/approve`).set(aOfficer).set('If-Match', '0').expect(200)).body;
    expect(approved).toMatchObject({ state: 'sent', revision: 2 });
    const shareId = second.shareId as string;

    // Westmoor receives it: visible to practitioners (AMBER), not to a school's referrer.
    const inbound = await eventually(() => eventuallyGet(httpB, `/inbound-shares/${shareId}`, bPractitioner), (r) => r.status === 200, 'Westmoor received the share');
    expect(inbound.body).toMatchObject({
      shareId,
      from: { id: BOARD_A, name: 'Brightfield LSCB', kind: 'board' },
      label: 'AMBER',
      purpose: terms.purpose,
      lawfulBasis: { code: 'dpa-2018-sch1-para18' },
      subjectInformed: terms.subjectInformed,
      handlingConditions: terms.handlingConditions,
      sentBy: { requestedBy: { userId: 'tl-4', agencyId: 'bf-csc' }, approvedBy: { userId: 'so-2', agencyId: 'bf-lscb' } },
      contentStatus: 'readable',
      content: {
        caseSummary: { caseId, status: 'open', child: { firstName: 'Testa', lastName: 'Fictional', approximateAge: 14, gender: 'female' }, missingEpisodes: 0 },
        chronologyEntries: [{ caseId, eventId: chronologyEventId, type: 'ReferralReceived' }],
        intelligenceItems: [{ itemId, gradingCode: '2/B/P', text: 'A man known as Danny is reported at Riverside Park.' }],
      },
    });
    // Never the sealed original or its source.
    expect(JSON.stringify(inbound.body)).not.toMatch(/Morgan|picks girls up/);
    await httpB.get(`/inbound-shares/${shareId}`).set(bReferrer).expect(403);
    // Each read of the content is recorded (DPA 2018 s62): who, in which roles, on what ground.
    const reads = (await b.store.readStream(accessStreamId('inbound-share', shareId))).map((e) => [e.type, e.metadata.actor.userId]);
    expect(reads).toEqual(expect.arrayContaining([['RecordAccessed', 'sw-40']]));
    expect((await httpB.get('/inbound-shares').set(bReferrer).expect(200)).body.total).toBe(0);
    expect((await httpB.get('/inbound-shares').set(bPractitioner).expect(200)).body.shares.map((s: { shareId: string }) => s.shareId)).toEqual([shareId]);

    // Brightfield sees the acknowledgement.
    await eventually(() => outbound(httpA, shareId), (r) => r.body.state === 'acknowledged', 'Brightfield saw the acknowledgement');

    // Westmoor links it to its own case for the same child.
    const localCase = (await httpB.post('/referrals').set(bReferrer).send(referral('Testa')).expect(201)).body.caseId;
    const linked = (await httpB.post(`/inbound-shares/${shareId}/link`).set(bPractitioner).send({ kind: 'case', id: localCase, note: 'The same child' }).expect(200)).body;
    await httpB.post(`/inbound-shares/${shareId}/link`).set(bPractitioner).send({ kind: 'case', id: randomUUID() }).expect(404);
    const afterLink = (await httpB.get(`/inbound-shares/${shareId}?consistentWith=${linked.position}`).set(bPractitioner).expect(200)).body;
    expect(afterLink.links).toEqual([expect.objectContaining({ kind: 'case', id: localCase, note: 'The same child', linkedBy: { userId: 'sw-40', agencyId: 'wm-csc' } })]);

    // Onward to the police: a wider label is refused; a narrower one goes, after Westmoor's own approval.
    const wider = await httpB.post(`/shares/${shareId}/forward`).set(bPractitioner).send({ ...terms, peerId: POLICE, label: 'GREEN' }).expect(422);
    expect(wider.body.message).toContain('never widens the label');
    const onward = (await httpB.post(`/shares/${shareId}/forward`).set(bPractitioner).send({ ...terms, peerId: POLICE, label: 'AMBER+STRICT', handlingConditions: 'Not for the family court bundle.' }).expect(201)).body;
    await httpB.post(`/shares/${onward.shareId}/approve`).set(bOfficer).expect(200);
    const atPolice = await eventually(() => eventuallyGet(httpP, `/inbound-shares/${onward.shareId}`, pIntel), (r) => r.status === 200, 'the police received the onward share');
    expect(atPolice.body).toMatchObject({
      from: { id: BOARD_B },
      label: 'AMBER+STRICT',
      onward: { originalShareId: shareId, originalFrom: BOARD_A, originalLabel: 'AMBER' },
      handlingConditions: 'Children’s social care and police only. Not for the family court bundle.',
      content: { caseSummary: { caseId } },
    });
    // AMBER+STRICT: the police's intelligence officers, not its practitioners.
    await httpP.get(`/inbound-shares/${onward.shareId}`).set(pPractitioner).expect(403);
    await eventually(() => outbound(httpB, onward.shareId), (r) => r.body.state === 'acknowledged', 'Westmoor saw the police acknowledgement');
    const inboxB = await eventually(() => eventuallyGet(httpB, `/inbound-shares/${shareId}`, bPractitioner), (r) => r.body.onwardShares?.length === 1, 'the onward share shows on the received one');
    expect(inboxB.body.onwardShares).toEqual([expect.objectContaining({ shareId: onward.shareId, peerId: POLICE, label: 'AMBER+STRICT' })]);

    // Brightfield revokes: Westmoor destroys the key, keeps the record, and confirms.
    await httpA.post(`/shares/${shareId}/revoke`).set(aPractitioner).send({ reason: 'x' }).expect(403);
    await httpA.post(`/shares/${shareId}/revoke`).set(aOfficer).send({}).expect(400);
    const revoked = (await httpA.post(`/shares/${shareId}/revoke`).set(aOfficer).send({ reason: 'Shared in error: wrong chronology entry.' }).expect(200)).body;
    expect(revoked.state).toBe('revoked');
    // The key goes at once; the inbox's view takes in the revocation when its projection next runs.
    const unreadable = await eventually(
      () => eventuallyGet(httpB, `/inbound-shares/${shareId}`, bPractitioner),
      (r) => r.body.contentStatus === 'revoked-unreadable' && r.body.revocation !== undefined,
      'Westmoor made it unreadable and shows why',
    );
    expect(unreadable.body).toMatchObject({ content: null, revocation: { reason: 'Shared in error: wrong chronology entry.' }, links: [expect.objectContaining({ id: localCase })] });
    // The content's key is destroyed (an erasure of the received share's subject), with who and why.
    const keys = (b.store as PersonalDataProtectedEventStore).keys;
    expect(await keys.erasureOf(`inbound-share:${shareId}`)).toMatchObject({ erasedAt: expect.any(String), reason: expect.stringContaining('Shared in error') });
    expect((await keys.keysFor([`inbound-share:${shareId}`], false)).get(`inbound-share:${shareId}`)).toBeNull();
    expect((await b.store.readStream(`inbound-share-${shareId}`)).map((e) => e.type)).toEqual(['ShareReceived', 'InboundShareLinked', 'InboundShareRevoked']);
    await httpB.post(`/shares/${shareId}/forward`).set(bPractitioner).send({ ...terms, peerId: POLICE }).expect(409);
    await eventually(() => outbound(httpA, shareId), (r) => r.body.state === 'revocation-confirmed', 'Brightfield saw the revocation confirmed');

    // The register: who, what, to whom, when, why and on what basis, refusals included.
    await httpA.get('/sharing/register').set(aPractitioner).expect(403);
    const register = (await httpA.get('/sharing/register').set(aAuditor).expect(200)).body;
    expect(register.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ shareId: first.shareId, outcome: 'refused', reason: 'Say why the chronology is needed.', decidedBy: { userId: 'so-2', agencyId: 'bf-lscb' } }),
        expect.objectContaining({
          shareId,
          outcome: 'disclosed',
          state: 'revocation-confirmed',
          toWhom: { id: BOARD_B, name: 'Westmoor LSCB', kind: 'board' },
          what: { caseId, chronologyEntries: 1, intelligenceItemIds: [itemId] },
          why: terms.purpose,
          basis: { code: 'dpa-2018-sch1-para18' },
          requestedBy: { userId: 'tl-4', agencyId: 'bf-csc' },
          decidedBy: { userId: 'so-2', agencyId: 'bf-lscb' },
          sentAt: expect.any(String),
          revocation: expect.objectContaining({ reason: 'Shared in error: wrong chronology entry.', confirmedAt: expect.any(String) }),
        }),
      ]),
    );
  });

  it('never forwards RED', async () => {
    const red = (await httpA.post('/shares').set(aPractitioner).send(shareBody({ label: 'RED' })).expect(201)).body;
    await httpA.post(`/shares/${red.shareId}/approve`).set(aOfficer).expect(200);
    const bOfficerReads = await eventually(() => eventuallyGet(httpB, `/inbound-shares/${red.shareId}`, bOfficer), (r) => r.status === 200, 'Westmoor received the RED share');
    expect(bOfficerReads.body.label).toBe('RED');
    await httpB.get(`/inbound-shares/${red.shareId}`).set(bPractitioner).expect(403);
    const refused = await httpB.post(`/shares/${red.shareId}/forward`).set(bOfficer).send({ ...terms, peerId: POLICE, label: 'RED' }).expect(422);
    expect(refused.body.message).toContain('RED is for its named recipients only and is never forwarded');
  });

  it('records a decision not to share with its reason in the register', async () => {
    const decision = (await httpA.post('/shares/decisions-not-to-share').set(aPractitioner).send({ peerId: POLICE, purpose: 'Asked for the full chronology', content: { caseId, chronologyEventIds: [chronologyEventId] }, reason: 'Not necessary: the police hold the missing reports.' }).expect(201)).body;
    const register = (await httpA.get(`/sharing/register?consistentWith=${decision.position}`).set(aAuditor).expect(200)).body;
    expect(register.entries).toContainEqual(expect.objectContaining({ shareId: decision.shareId, outcome: 'not-shared', reason: 'Not necessary: the police hold the missing reports.', toWhom: expect.objectContaining({ id: POLICE }) }));
  });

  it('refuses and records messages not addressed to it, from a board that is not a peer, or forged in a peer’s name', async () => {
    const message = (to: string, from: string) => ({ ...ShareSentV1.example, messageId: randomUUID(), shareId: randomUUID(), from, to });
    const { signature: _s, ...unsigned } = message(BOARD_B, BOARD_A);
    const forged = signShareMessage<ShareSentV1>(unsigned, generateKeyPairSync('ed25519').privateKey);
    const elsewhere = signShareMessage<ShareSentV1>({ ...message(POLICE, BOARD_A), signature: undefined } as never, keys[BOARD_A].privateKey);
    const stranger = signShareMessage<ShareSentV1>({ ...message(BOARD_B, 'rogue-board'), signature: undefined } as never, generateKeyPairSync('ed25519').privateKey);
    await produceRaw(kafkaBrokers(), topicOf(BOARD_B), [forged, elsewhere, stranger].map((m) => ({ key: m.shareId, value: JSON.stringify(m), headers: { 'message-type': 'share-sent.v1' } })));

    const refused = await eventually(
      () => eventuallyGet(httpB, '/sharing/refused-messages', bAuditor),
      (r) => [forged, elsewhere, stranger].every((m) => r.body.messages?.some((x: { messageId: string }) => x.messageId === m.messageId)),
      'Westmoor recorded the three refusals',
    );
    const reasonOf = (m: { messageId: string }) => refused.body.messages.find((x: { messageId: string }) => x.messageId === m.messageId).reason;
    expect([reasonOf(forged), reasonOf(elsewhere), reasonOf(stranger)]).toEqual(['bad-signature', 'not-addressed-to-this-board', 'unknown-sender']);
    for (const m of [forged, elsewhere, stranger]) await httpB.get(`/inbound-shares/${m.shareId}`).set(bOfficer).expect(404);
  });
});
