import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { IntelligenceAcknowledgedV1 } from '@app/contracts';
import { bearer } from '@app/auth-testing';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { referralBody } from '../support/http';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: 'referrer' });
const practitioner = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: 'practitioner,semrac-member' });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: 'intelligence-officer' });
// The fictional source: the tests look for these where they must never appear.
const SOURCE = { name: 'Morgan Quill', otherIdentifiers: ['07700 900456', 'Year 10 at Example School'], relationship: 'Friend of the child' };
const ORIGINAL = 'Morgan Quill, a friend of the child, says a man called Danny picks girls up from Riverside Park in a black hatchback.';
const SANITISED = 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback, AB12 CDE.';

const referral = referralBody();

const poi = (name: string, more: Record<string, unknown> = {}) => ({ identifiers: { names: [{ name, kind: 'name' }], ...more } });

describe.each(['sqlite', 'postgres'] as const)('persons of interest and intelligence over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let caseId: string;

  const events = async (stream: string) => platform.store.readStream(stream);
  const recordPoi = async (body: object) => (await http.post('/persons-of-interest').set(practitioner).send(body).expect(201)).body as { poiId: string; position: string };
  const link = async (poiId: string, body: object) => (await http.post(`/persons-of-interest/${poiId}/links`).set(practitioner).send(body).expect(200)).body;
  const submit = async (subjects: object[]) =>
    (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: ORIGINAL, subjects, knownAt: '2026-11-27', howKnown: 'told-by-someone-else', source: SOURCE })
        .expect(201)
    ).body as { itemId: string; revision: number; position: string };

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
    caseId = (await http.post('/referrals').set(school).send(referral).expect(201)).body.caseId;
  });

  afterAll(async () => {
    await platform.close();
  });

  it('takes a partner’s information through grading, sanitising and dissemination to the register and the POI profile', async () => {
    const dan = await recordPoi(
      poi('Dan Fictional', {
        approximateAge: 24,
        gender: 'male',
        vehicles: [{ registration: 'AB12 CDE', description: 'Black hatchback' }],
        phoneNumbers: ['07700 900123'],
        onlineIdentities: [{ platform: 'Snapchat', handle: 'danny_f_00' }],
      }),
    );
    await link(dan.poiId, { to: 'case', caseId, nature: 'suspected-exploiter', detail: 'Collects her from school in his car' });

    // A partner (a school) submits two items about Dan and the child.
    const subjects = [
      { kind: 'poi', ref: dan.poiId },
      { kind: 'child-case', ref: caseId },
      { kind: 'location', text: 'Riverside Park' },
      { kind: 'vehicle', text: 'AB12 CDE black hatchback' },
    ];
    const first = await submit(subjects);
    const second = await submit(subjects.slice(0, 1));
    expect(first).toMatchObject({ revision: 1 });
    const submitted = await events(`intel-${first.itemId}`);
    expect(submitted.map((e) => e.type)).toEqual(['InformationSubmitted', 'SourceDetailsRecorded']);
    expect(submitted[0].metadata.actor).toEqual({ userId: 'dsl-17', agencyId: 'bf-school' });

    // Grading P, then the second item C with its written conditions; C without them is refused.
    const graded = await http.post(`/intelligence/${first.itemId}/grading`).set(officer).set('If-Match', '1').send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);
    expect(graded.body).toMatchObject({ itemId: first.itemId, status: 'graded', revision: 2, changed: true });
    const noConditions = await http.post(`/intelligence/${second.itemId}/grading`).set(officer).send({ source: 1, assessment: 'A', handling: 'C' }).expect(422);
    expect(noConditions.body).toMatchObject({ error: 'handling-conditions-required', message: expect.stringContaining('conditions, which must be written') });
    const conditions = 'Not to be shared outside the police and children’s social care without the originator’s consent';
    await http.post(`/intelligence/${second.itemId}/grading`).set(officer).send({ source: 1, assessment: 'A', handling: 'C', conditions }).expect(200);

    // Dissemination waits for sanitising; a text naming the source is refused, saying what it found but not the value.
    const early = await http.post(`/intelligence/${first.itemId}/dissemination`).set(officer).send({}).expect(409);
    expect(early.body).toMatchObject({ error: 'not-sanitised' });
    const leaky = await http.post(`/intelligence/${first.itemId}/sanitisation`).set(officer).send({ text: 'MORGAN QUILL says a man picks girls up.' }).expect(422);
    expect(leaky.body).toMatchObject({ statusCode: 422, error: 'source-identified', message: "The sanitised text would identify the source: it contains the source's name" });
    const byNumber = await http.post(`/intelligence/${first.itemId}/sanitisation`).set(officer).send({ text: 'Ring 07700900456 for more.' }).expect(422);
    expect(byNumber.body.message).toContain('identifier');
    await http.post(`/intelligence/${first.itemId}/sanitisation`).set(officer).send({ text: SANITISED }).expect(200);
    const disseminated = await http.post(`/intelligence/${first.itemId}/dissemination`).set(officer).send({ urgent: true }).expect(200);
    expect(disseminated.body).toMatchObject({ status: 'disseminated', revision: 4 });
    // Once only (and the body is optional).
    await http.post(`/intelligence/${first.itemId}/dissemination`).set(officer).expect(409);

    // The event the police feed is built from carries everything it needs and nothing sealed.
    const [event] = (await events(`intel-${first.itemId}`)).filter((e) => e.type === 'IntelligenceDisseminated');
    expect(event.data).toEqual({
      itemId: first.itemId,
      grading: { source: 2, assessment: 'B', handling: 'P', code: '2/B/P' },
      text: SANITISED,
      subjects: [
        { kind: 'poi', ref: dan.poiId },
        { kind: 'child-case', ref: caseId },
        { kind: 'location', text: 'Riverside Park' },
        { kind: 'vehicle', text: 'AB12 CDE black hatchback' },
      ],
      urgent: true,
      knownAt: '2026-11-27',
      disseminatedAt: expect.any(String),
      dissemination: 1,
    });
    expect(JSON.stringify(event)).not.toMatch(/Quill|900456|Year 10/);

    // The register: each item's status, grading and handling (C with its conditions).
    // Intelligence officers see every item; other partners (need to know: libs/access) their agency's own and handling P.
    const register = (await http.get('/intelligence').query({ consistentWith: disseminated.body.position }).set(officer).expect(200)).body;
    const entry = (id: string) => register.items.find((i: { itemId: string }) => i.itemId === id);
    expect(entry(first.itemId)).toMatchObject({ status: 'disseminated', urgent: true, grading: { code: '2/B/P', handling: 'P' }, sanitisedText: SANITISED });
    expect(entry(second.itemId)).toMatchObject({ status: 'graded', grading: { code: '1/A/C', handling: 'C', conditions } });
    expect(entry(second.itemId).sanitisedText).toBeUndefined();
    expect(register.counts).toMatchObject({ disseminated: 1, graded: 1 });
    const cOnly = (await http.get('/intelligence').query({ handling: 'C' }).set(officer).expect(200)).body;
    expect(cOnly.items.map((i: { itemId: string }) => i.itemId)).toEqual([second.itemId]);
    const partners = (await http.get('/intelligence').set(practitioner).expect(200)).body;
    expect(partners.items.map((i: { itemId: string }) => i.itemId)).toEqual([first.itemId]);
    expect(partners.counts).toMatchObject({ disseminated: 1, graded: 0 });
    expect(JSON.stringify(register)).not.toMatch(/Quill|900456|Year 10|a friend of the child/);

    // Anyone sees the sanitised item; only an officer the sealed original with the source.
    const shown = (await http.get(`/intelligence/${first.itemId}`).set(practitioner).expect(200)).body;
    expect(shown).toMatchObject({ status: 'disseminated', sanitisedText: SANITISED, grading: { code: '2/B/P' } });
    expect(JSON.stringify(shown)).not.toMatch(/Quill|900456|told-by|bf-school|dsl-17/);
    const original = (await http.get(`/intelligence/${first.itemId}/original`).set(officer).expect(200)).body;
    expect(original).toMatchObject({
      information: ORIGINAL,
      howKnown: 'told-by-someone-else',
      submittedBy: { userId: 'dsl-17', agencyId: 'bf-school' },
      source: SOURCE,
      gradings: [{ by: { userId: 'dc-301', agencyId: 'thames-valley-police' }, grading: { code: '2/B/P' } }],
      dissemination: { urgent: true, by: { userId: 'dc-301', agencyId: 'thames-valley-police' } },
    });

    // The POI profile: identifiers, the link to the child, and only sanitised intelligence about him.
    const profile = (await http.get(`/persons-of-interest/${dan.poiId}`).query({ consistentWith: disseminated.body.position }).set(practitioner).expect(200)).body;
    expect(profile).toMatchObject({
      displayName: 'Dan Fictional',
      identifiers: { vehicles: [{ registration: 'AB12CDE', description: 'Black hatchback' }], phoneNumbers: ['07700 900123'] },
      links: [{ with: { kind: 'case', caseId }, nature: 'suspected-exploiter', detail: 'Collects her from school in his car', recordedOn: dan.poiId }],
    });
    expect(profile.intelligence.map((i: { itemId: string }) => i.itemId)).toEqual([first.itemId]);
    expect(profile.intelligence[0]).toMatchObject({ sanitisedText: SANITISED, grading: { code: '2/B/P' } });
    expect(JSON.stringify(profile)).not.toMatch(/Quill|900456/);

    // Regrading is an event with its reason; the register shows from and to; the police get the item again.
    const regraded = await http
      .post(`/intelligence/${first.itemId}/regrading`)
      .set(officer)
      .send({ source: 1, assessment: 'B', handling: 'C', conditions: 'Police only', reason: 'Corroborated by the police’s own enquiries' })
      .expect(200);
    const after = (await http.get(`/intelligence/${first.itemId}`).query({ consistentWith: regraded.body.position }).set(officer).expect(200)).body;
    // Now under conditions (handling C): a partner outside the police opens it only by breaking glass.
    const refused = await http.get(`/intelligence/${first.itemId}`).set(practitioner).expect(403);
    expect(refused.body.breakGlass).toEqual({ possible: true, header: 'X-Break-Glass-Reason' });
    expect(after).toMatchObject({ status: 'disseminated', grading: { code: '1/B/C', conditions: 'Police only' }, regradings: [{ from: '2/B/P', to: '1/B/C' }] });
    const [regradeEvent, sentAgain] = (await events(`intel-${first.itemId}`)).slice(-2);
    expect(regradeEvent).toMatchObject({ type: 'IntelligenceRegraded', data: { reason: 'Corroborated by the police’s own enquiries' }, metadata: { reason: 'Corroborated by the police’s own enquiries' } });
    expect(sentAgain).toMatchObject({ type: 'IntelligenceDisseminated', data: { dissemination: 2, grading: { code: '1/B/C' }, handlingConditions: 'Police only' } });

    // The police's outcome does not take the item off the profile: acknowledged, it is still sanitised intelligence about him.
    const ack = { ...IntelligenceAcknowledgedV1.example, messageId: randomUUID(), itemId: first.itemId, acknowledgedAt: new Date().toISOString() };
    const acknowledged = await http.post('/police-feed/acknowledgements').set(officer).send(ack).expect(200);
    const later = (await http.get(`/persons-of-interest/${dan.poiId}`).query({ consistentWith: acknowledged.body.position }).set(officer).expect(200)).body;
    expect(later.intelligence.map((i: { itemId: string; status: string }) => [i.itemId, i.status])).toEqual([[first.itemId, 'acknowledged']]);
  });

  it('refuses grading, sanitising, dissemination and the original to anyone but an intelligence officer (403), writing nothing', async () => {
    const dan = await recordPoi(poi('Dee Fictional'));
    const item = await submit([{ kind: 'poi', ref: dan.poiId }]);
    const before = (await events(`intel-${item.itemId}`)).length;

    const grade = await http.post(`/intelligence/${item.itemId}/grading`).set(practitioner).send({ source: 2, assessment: 'B', handling: 'P' }).expect(403);
    expect(grade.body).toMatchObject({ statusCode: 403, error: 'forbidden', message: 'Only a user with the role intelligence-officer may grade intelligence; nothing was written' });
    await http.post(`/intelligence/${item.itemId}/grading`).set(bearer({ userId: 'x-1', agencyId: 'bf-school' })).send({ source: 2, assessment: 'B', handling: 'P' }).expect(403);
    await http.post(`/intelligence/${item.itemId}/sanitisation`).set(school).send({ text: 'Anything' }).expect(403);
    await http.post(`/intelligence/${item.itemId}/dissemination`).set(practitioner).send({}).expect(403);
    const sealed = await http.get(`/intelligence/${item.itemId}/original`).set(practitioner).expect(403);
    expect(JSON.stringify(sealed.body)).not.toMatch(/Quill|900456|Danny/);
    expect(sealed.body.message).toContain('read the sealed original');
    expect(await events(`intel-${item.itemId}`)).toHaveLength(before);

    // The sanitised view is there for the submitting agency, without the original.
    const view = (await http.get(`/intelligence/${item.itemId}`).query({ consistentWith: item.position }).set(school).expect(200)).body;
    expect(view).toMatchObject({ status: 'submitted', subjects: [{ kind: 'poi', ref: dan.poiId }] });
    expect(JSON.stringify(view)).not.toMatch(/Quill|Danny/);

    // A token with a role that does not exist is refused outright.
    const spy = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: 'intelligence-officer,spy' });
    const unknown = await http.post(`/intelligence/${item.itemId}/grading`).set(spy).send({ source: 2, assessment: 'B', handling: 'P' }).expect(401);
    expect(unknown.body.message).toContain('role this platform does not know');
    expect(await events(`intel-${item.itemId}`)).toHaveLength(before);
  });

  it('refuses bad input naming the field, and a stale If-Match, writing nothing', async () => {
    const dan = await recordPoi(poi('Del Fictional'));
    const missingRef = await http
      .post('/intelligence')
      .set(school)
      .send({ information: 'x', subjects: [{ kind: 'poi' }], knownAt: '2026-11-27', howKnown: 'records', source: SOURCE })
      .expect(400);
    expect(missingRef.body.errors).toEqual([{ field: 'subjects.0.ref', problems: [expect.stringContaining('UUID')] }]);
    const noSource = await http.post('/intelligence').set(school).send({ information: 'x', subjects: [{ kind: 'poi', ref: dan.poiId }], knownAt: '27/11/2026', howKnown: 'guess' }).expect(400);
    expect(noSource.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['howKnown', 'knownAt', 'source']);
    const unknownPoi = await http
      .post('/intelligence')
      .set(school)
      .send({ information: 'x', subjects: [{ kind: 'poi', ref: '00000000-0000-4000-8000-000000000000' }], knownAt: '2026-11-27', howKnown: 'records', source: SOURCE })
      .expect(404);
    expect(unknownPoi.body.message).toBe('subjects.0: no person of interest 00000000-0000-4000-8000-000000000000');
    const noName = await http.post('/persons-of-interest').set(practitioner).send({ identifiers: { phoneNumbers: ['07700 900999'] } }).expect(400);
    expect(noName.body.errors).toEqual([{ field: 'identifiers.names', problems: ['give at least one name or alias'] }]);
    const badLink = await http.post(`/persons-of-interest/${dan.poiId}/links`).set(practitioner).send({ to: 'location', nature: 'frequents' }).expect(400);
    expect(badLink.body.errors.map((e: { field: string }) => e.field)).toEqual(['location']);
    expect(await events(`poi-${dan.poiId}`)).toHaveLength(1);

    const item = await submit([{ kind: 'poi', ref: dan.poiId }]);
    const stale = await http.post(`/intelligence/${item.itemId}/grading`).set(officer).set('If-Match', '0').send({ source: 2, assessment: 'B', handling: 'P' }).expect(409);
    expect(stale.body).toMatchObject({ error: 'concurrent-change', currentRevision: 1 });
    // The same Idempotency-Key again answers as the first time and writes nothing more.
    const once = await http.post(`/intelligence/${item.itemId}/grading`).set(officer).set('Idempotency-Key', 'grade-del-0001').send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);
    const twice = await http.post(`/intelligence/${item.itemId}/grading`).set(officer).set('Idempotency-Key', 'grade-del-0001').send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);
    expect(twice.body).toEqual({ ...once.body, changed: false });
    expect(await events(`intel-${item.itemId}`)).toHaveLength(3);
  });

  it('merges a duplicate (an event on both; both histories stay) and records disruption and disengagement', async () => {
    const dan = await recordPoi(poi('Dan Fictional', { phoneNumbers: ['07700 900123'] }));
    const duplicate = await recordPoi(poi('Daniel Fictional', { phoneNumbers: ['07700 900777'], vehicles: [{ registration: 'XY99 ZZZ' }] }));
    await link(duplicate.poiId, { to: 'location', location: { kind: 'hotel', name: 'Example Hotel' }, nature: 'frequents' });
    const item = await submit([{ kind: 'poi', ref: duplicate.poiId }]);
    for (const [path, body] of [
      ['grading', { source: 2, assessment: 'C', handling: 'P' }],
      ['sanitisation', { text: 'Seen at the Example Hotel with girls.' }],
    ] as const) {
      await http.post(`/intelligence/${item.itemId}/${path}`).set(officer).send(body).expect(200);
    }

    const merged = await http.post(`/persons-of-interest/${dan.poiId}/merges`).set(officer).set('If-Match', '0').send({ duplicatePoiId: duplicate.poiId, reason: 'Same person: the car and the phone match' }).expect(200);
    expect(merged.body).toMatchObject({ poiId: dan.poiId, mergedPoiId: duplicate.poiId, revision: 1, changed: true });
    expect((await events(`poi-${duplicate.poiId}`)).map((e) => e.type)).toEqual(['PersonOfInterestRecorded', 'PersonOfInterestLinked', 'PersonOfInterestMergedInto']);
    expect((await events(`poi-${dan.poiId}`)).map((e) => e.type)).toEqual(['PersonOfInterestRecorded', 'PersonOfInterestMerged']);
    // Repeating the merge completes it (here: nothing left to do) and writes nothing twice.
    const again = await http.post(`/persons-of-interest/${dan.poiId}/merges`).set(officer).send({ duplicatePoiId: duplicate.poiId, reason: 'Again' }).expect(200);
    expect(again.body).toMatchObject({ changed: false, revision: 1 });
    expect(await events(`poi-${dan.poiId}`)).toHaveLength(2);

    const refused = await http.post(`/persons-of-interest/${duplicate.poiId}/identifiers`).set(practitioner).send({ identifiers: { phoneNumbers: ['07700 900000'] } }).expect(409);
    expect(refused.body).toMatchObject({ error: 'poi-merged', message: `Person of interest ${duplicate.poiId} was merged into ${dan.poiId}: record changes there` });

    await http.put(`/persons-of-interest/${dan.poiId}/vulnerable-young-person`).set(practitioner).send({ note: 'Aged 19; himself exploited by an older group' }).expect(200);
    await http
      .post(`/persons-of-interest/${dan.poiId}/interventions`)
      .set(practitioner)
      .send({ agency: 'Youth offending service', intervention: 'Weekly mentoring', startedOn: '2026-10-01', endedOn: '2026-11-20', outcome: 'Engaged' })
      .expect(200);
    const early = await http.post(`/persons-of-interest/${dan.poiId}/interventions`).set(practitioner).send({ agency: 'YOS', intervention: 'x', startedOn: '2026-10-01', endedOn: '2026-09-01' }).expect(422);
    expect(early.body.error).toBe('ended-before-started');
    const disruption = await http
      .post(`/persons-of-interest/${dan.poiId}/disruptions`)
      .set(officer)
      .send({ kind: 'child-abduction-warning-notice', on: '2026-11-02', reference: 'CAWN/2026/0042', notes: 'Served in person' })
      .expect(200);

    const profile = (await http.get(`/persons-of-interest/${dan.poiId}`).query({ consistentWith: disruption.body.position }).set(practitioner).expect(200)).body;
    expect(profile.identifiers.names.map((n: { name: string }) => n.name)).toEqual(['Dan Fictional', 'Daniel Fictional']);
    expect(profile.identifiers.phoneNumbers).toEqual(['07700 900123', '07700 900777']);
    expect(profile.merged).toEqual([{ poiId: duplicate.poiId, reason: 'Same person: the car and the phone match', mergedAt: expect.any(String), by: { userId: 'dc-301', agencyId: 'thames-valley-police' } }]);
    // The duplicate's links and intelligence are the survivor's now.
    expect(profile.links).toEqual([expect.objectContaining({ with: { kind: 'location', location: { kind: 'hotel', name: 'Example Hotel' } }, recordedOn: duplicate.poiId })]);
    expect(profile.intelligence.map((i: { itemId: string }) => i.itemId)).toEqual([item.itemId]);
    expect(profile.vulnerableYoungPerson).toMatchObject({ note: 'Aged 19; himself exploited by an older group' });
    expect(profile.interventions).toEqual([expect.objectContaining({ agency: 'Youth offending service', startedOn: '2026-10-01', endedOn: '2026-11-20', outcome: 'Engaged' })]);
    expect(profile.disruption).toEqual([
      expect.objectContaining({ kind: 'child-abduction-warning-notice', on: '2026-11-02', reference: 'CAWN/2026/0042', by: { userId: 'dc-301', agencyId: 'thames-valley-police' } }),
    ]);
    const old = (await http.get(`/persons-of-interest/${duplicate.poiId}`).set(practitioner).expect(200)).body;
    expect(old).toMatchObject({ status: 'merged', mergedInto: dan.poiId, displayName: 'Daniel Fictional' });
    // In the network the two are one person, the survivor, with the duplicate's links.
    const network = (await http.get(`/persons-of-interest/${duplicate.poiId}/network`).query({ hops: 1 }).set(practitioner).expect(200)).body;
    expect(network).toMatchObject({ poiId: dan.poiId, nodes: [{ node: `poi:${dan.poiId}`, label: 'Dan Fictional', distance: 0 }, { node: 'location:hotel:example hotel', distance: 1 }] });
  });

  it('answers who is connected to whom within n hops, over POI–case, POI–location and POI–POI links', async () => {
    const other = (await http.post('/referrals').set(school).send({ ...referral, child: { ...referral.child, firstName: 'Other' } }).expect(201)).body.caseId as string;
    const [a, b, c, d, e] = await Promise.all(['Ash Fictional', 'Bo Fictional', 'Cal Fictional', 'Dre Fictional', 'Eli Fictional'].map((name) => recordPoi(poi(name))));
    await link(a.poiId, { to: 'case', caseId: other, nature: 'suspected-exploiter' });
    await link(b.poiId, { to: 'case', caseId: other, nature: 'seen-with' });
    await link(a.poiId, { to: 'location', location: { kind: 'shopping-centre', name: 'The  Lexicon' }, nature: 'frequents' });
    await link(d.poiId, { to: 'location', location: { kind: 'shopping-centre', name: 'the lexicon' }, nature: 'frequents' });
    const last = await link(c.poiId, { to: 'poi', poiId: b.poiId, nature: 'associate' });
    await link(e.poiId, { to: 'poi', poiId: c.poiId, nature: 'relative' });

    const two = (await http.get(`/persons-of-interest/${a.poiId}/network`).query({ hops: 2, consistentWith: last.position }).set(practitioner).expect(200)).body;
    expect(two.nodes.map((n: { node: string; distance: number; label?: string }) => [n.node, n.distance, n.label])).toEqual(
      [
        [`poi:${a.poiId}`, 0, 'Ash Fictional'],
        [`case:${other}`, 1, undefined],
        ['location:shopping-centre:the lexicon', 1, 'The Lexicon (Shopping centre)'],
        [`poi:${b.poiId}`, 2, 'Bo Fictional'],
        [`poi:${d.poiId}`, 2, 'Dre Fictional'],
      ].sort((x, y) => (x[1] as number) - (y[1] as number) || String(x[0]).localeCompare(String(y[0]))),
    );
    expect(two.links).toHaveLength(4);
    expect(two.links).toContainEqual(expect.objectContaining({ from: `poi:${b.poiId}`, to: `case:${other}`, nature: 'seen-with' }));

    const three = (await http.get(`/persons-of-interest/${a.poiId}/network`).query({ hops: 3 }).set(practitioner).expect(200)).body;
    expect(three.nodes.find((n: { node: string }) => n.node === `poi:${c.poiId}`)).toMatchObject({ distance: 3 });
    expect(three.nodes.map((n: { node: string }) => n.node)).not.toContain(`poi:${e.poiId}`);

    const tooFar = await http.get(`/persons-of-interest/${a.poiId}/network`).query({ hops: 5 }).set(practitioner).expect(400);
    expect(tooFar.body.errors).toEqual([{ field: 'query hops', problems: ['must be a whole number from 1 to 4'] }]);
  });
});
