import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { AccessTrail } from '@app/access';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { referralBody } from '../support/http';
import { watchLog } from '../support/log-watch';

// The school refers; health is a partner not on the case; the CSC practitioner records POIs.
const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: 'referrer' });
const health = bearer({ userId: 'hv-4', agencyId: 'bf-health', roles: 'practitioner' });
const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: 'practitioner' });
const analyst = bearer({ userId: 'an-1', agencyId: 'bf-board', roles: 'analyst' });
const auditor = bearer({ userId: 'au-1', agencyId: 'bf-board', roles: 'auditor' });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: 'intelligence-officer' });
// Fictional names: the tests look for them where they must never appear.
const CHILD_NAME = 'Zorabelle';
const POI_NAME = 'Quentin Fictional';
const SOURCE_NAME = 'Morwenna Example';
const REASON = 'Child seen at A&E tonight; checking for a safeguarding plan';

const referral = referralBody('bf-school', { child: { firstName: CHILD_NAME, lastName: 'Testcase' } });

describe.each(['sqlite', 'postgres'] as const)('need-to-know access and the access log over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let caseId: string;
  let opened: string;

  const accesses = async (stream: string) => platform.store.readStream(stream);
  const last = async (stream: string) => (await accesses(stream)).at(-1)!;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
    const created = (await http.post('/referrals').set(school).send(referral).expect(201)).body;
    caseId = created.caseId;
    opened = created.position;
  });

  afterAll(async () => {
    await platform.close();
  });

  it('refuses a case to an agency not on it (403, recorded), and opens it with a break-glass reason, flagged', async () => {
    const refused = await http.get(`/cases/${caseId}`).query({ consistentWith: opened }).set(health).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, error: 'forbidden', breakGlass: { possible: true, header: 'X-Break-Glass-Reason' } });
    expect(refused.body.message).toContain(`Your agency is not on case ${caseId}`);
    expect(refused.body.message).toContain('X-Break-Glass-Reason');
    expect(JSON.stringify(refused.body)).not.toContain(CHILD_NAME);
    const denied = await last(`access-case-${caseId}`);
    expect(denied).toMatchObject({
      type: 'AccessDenied',
      data: { kind: 'case', recordId: caseId, action: 'read', purpose: 'open a case', breakGlassPossible: true, roles: ['practitioner'], reason: `Your agency is not on case ${caseId}` },
      metadata: { actor: { userId: 'hv-4', agencyId: 'bf-health' } },
    });

    const shown = await http.get(`/cases/${caseId}`).set(health).set('X-Break-Glass-Reason', REASON).expect(200);
    expect(shown.body).toMatchObject({ caseId, child: { firstName: CHILD_NAME } });
    const glass = await last(`access-case-${caseId}`);
    expect(glass).toMatchObject({
      type: 'RecordAccessed',
      data: { kind: 'case', recordId: caseId, breakGlass: true, breakGlassReason: REASON, ground: 'break-glass', outsideScope: `Your agency is not on case ${caseId}` },
      metadata: { actor: { userId: 'hv-4', agencyId: 'bf-health' }, reason: REASON },
    });

    // The reason is checked: too short, or not text, is 400 naming the header, and nothing is recorded.
    const before = (await accesses(`access-case-${caseId}`)).length;
    const bad = await http.get(`/cases/${caseId}`).set(health).set('X-Break-Glass-Reason', 'because').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'header X-Break-Glass-Reason', problems: [expect.stringContaining('10-500 characters')] }]);
    await http.get(`/cases/${caseId}`).set(health).set('X-Purpose', 'x').expect(400);
    expect(await accesses(`access-case-${caseId}`)).toHaveLength(before);

    // Analysts read aggregates only (issue 14): not a row of the case list, not even its summaries.
    const analystList = await http.get('/cases').query({ consistentWith: opened }).set(analyst).expect(200);
    expect(analystList.body).toMatchObject({ total: 0, cases: [] });
    // No reason opens a case to a role with no casework (an analyst works from aggregates): refused and recorded, no break-glass.
    const analystTry = await http.get(`/cases/${caseId}`).set(analyst).set('X-Break-Glass-Reason', REASON).expect(403);
    expect(analystTry.body.breakGlass).toEqual({ possible: false });
    expect(await last(`access-case-${caseId}`)).toMatchObject({ type: 'AccessDenied', data: { breakGlassPossible: false }, metadata: { actor: { userId: 'an-1' } } });

    // Auditors see every access to the case, break-glass flagged, through the audit's trail source.
    const trail = await platform.app.get(AccessTrail).accessesTo('case', caseId);
    expect(trail.map((t) => [t.actor, t.outcome, t.breakGlass])).toEqual([
      ['hv-4', 'refused', false],
      ['hv-4', 'shown', true],
      ['an-1', 'refused', false],
    ]);
  });

  it('records every read of a case, a list, a POI and intelligence: who, agency, what, purpose; ids only', async () => {
    await http.get(`/cases/${caseId}`).query({ consistentWith: opened }).set(school).set('X-Purpose', 'Prepare for the strategy meeting').expect(200);
    const read = await last(`access-case-${caseId}`);
    expect(read).toMatchObject({
      type: 'RecordAccessed',
      data: { kind: 'case', recordId: caseId, action: 'read', purpose: 'Prepare for the strategy meeting', ground: 'agency on the case', breakGlass: false, roles: ['referrer'] },
      metadata: { actor: { userId: 'dsl-17', agencyId: 'bf-school' } },
    });
    expect(read.data.accessedAt).toEqual(expect.any(String));
    expect(JSON.stringify(read)).not.toContain(CHILD_NAME);

    // A list shows only what the user may see, and records the ids it showed.
    const mine = (await http.get('/cases').set(school).expect(200)).body;
    expect(mine.cases.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
    expect(await last('access-list-cases')).toMatchObject({ type: 'ListAccessed', data: { list: 'cases', shown: [{ kind: 'case', ids: [caseId] }], filters: { limit: 50, after: false } }, metadata: { actor: { userId: 'dsl-17' } } });
    const theirs = (await http.get('/cases').set(health).expect(200)).body;
    expect(theirs).toMatchObject({ total: 0, cases: [] });
    expect(await last('access-list-cases')).toMatchObject({ data: { shown: [{ kind: 'case', ids: [] }] }, metadata: { actor: { userId: 'hv-4', agencyId: 'bf-health' } } });
    expect((await http.get('/cases').set(auditor).expect(200)).body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);

    // The child's missing episodes are part of the case: the same rule, on the case's access trail.
    await http.get(`/cases/${caseId}/missing-episodes`).set(health).expect(403);
    await http.get(`/cases/${caseId}/missing-episodes`).set(school).expect(200);
    expect(await last(`access-case-${caseId}`)).toMatchObject({ type: 'RecordAccessed', data: { purpose: "read a child's missing episodes", ground: 'agency on the case' }, metadata: { actor: { userId: 'dsl-17' } } });

    // A POI: the recording agency reads it; another agency breaks glass.
    const poi = (await http.post('/persons-of-interest').set(csc).send({ identifiers: { names: [{ name: POI_NAME, kind: 'name' }] } }).expect(201)).body;
    await http.get(`/persons-of-interest/${poi.poiId}`).query({ consistentWith: poi.position }).set(csc).expect(200);
    const poiRead = await last(`access-poi-${poi.poiId}`);
    expect(poiRead).toMatchObject({ type: 'RecordAccessed', data: { kind: 'poi', recordId: poi.poiId, ground: 'recorded by your agency' }, metadata: { actor: { userId: 'sw-9' } } });
    expect(JSON.stringify(poiRead)).not.toContain(POI_NAME);
    expect((await http.get(`/persons-of-interest/${poi.poiId}`).set(school).expect(403)).body.breakGlass.possible).toBe(true);
    await http.get(`/persons-of-interest/${poi.poiId}/network`).set(csc).expect(200);
    expect(await last('access-list-poi-network')).toMatchObject({ data: { shown: [{ kind: 'poi', ids: [poi.poiId] }, { kind: 'case', ids: [] }] } });

    // Intelligence: the submitting agency reads its own item; the register records what it showed.
    const item = (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: `${POI_NAME} waits outside the school`, subjects: [{ kind: 'poi', ref: poi.poiId }], knownAt: '2026-11-27', howKnown: 'seen-or-heard', source: { name: SOURCE_NAME } })
        .expect(201)
    ).body;
    await http.get(`/intelligence/${item.itemId}`).query({ consistentWith: item.position }).set(school).expect(200);
    expect(await last(`access-intelligence-item-${item.itemId}`)).toMatchObject({ type: 'RecordAccessed', data: { ground: 'submitted by your agency' } });
    expect((await http.get('/intelligence').set(school).expect(200)).body.items.map((i: { itemId: string }) => i.itemId)).toEqual([item.itemId]);
    expect(await last('access-list-intelligence')).toMatchObject({ data: { shown: [{ kind: 'intelligence-item', ids: [item.itemId] }] } });
    // Not graded yet: another agency neither lists it nor opens it without a reason.
    expect((await http.get('/intelligence').set(health).expect(200)).body.items).toEqual([]);
    await http.get(`/intelligence/${item.itemId}`).set(health).expect(403);

    // Nothing personal in any access event.
    const all = [
      ...(await accesses(`access-case-${caseId}`)),
      ...(await accesses('access-list-cases')),
      ...(await accesses(`access-poi-${poi.poiId}`)),
      ...(await accesses(`access-intelligence-item-${item.itemId}`)),
      ...(await accesses('access-list-intelligence')),
    ];
    expect(JSON.stringify(all)).not.toMatch(new RegExp(`${CHILD_NAME}|${POI_NAME}|${SOURCE_NAME}|waits outside`));
  });

  it('refuses the sealed original to anyone but an intelligence officer, even with a reason, and records each attempt', async () => {
    const item = (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: 'A man in a black hatchback at the park', subjects: [{ kind: 'location', text: 'Riverside Park' }], knownAt: '2026-11-27', howKnown: 'seen-or-heard', source: { name: SOURCE_NAME } })
        .expect(201)
    ).body;
    for (const who of [school, csc, auditor]) {
      const refused = await http.get(`/intelligence/${item.itemId}/original`).set(who).set('X-Break-Glass-Reason', REASON).expect(403);
      expect(refused.body.breakGlass).toEqual({ possible: false });
      expect(JSON.stringify(refused.body)).not.toContain('hatchback');
    }
    const stream = `access-intelligence-original-${item.itemId}`;
    expect((await accesses(stream)).map((e) => [e.type, e.metadata.actor.userId, e.data.breakGlassPossible])).toEqual([
      ['AccessDenied', 'dsl-17', false],
      ['AccessDenied', 'sw-9', false],
      ['AccessDenied', 'au-1', false],
    ]);

    const original = (await http.get(`/intelligence/${item.itemId}/original`).set(officer).expect(200)).body;
    expect(original.information).toBe('A man in a black hatchback at the park');
    expect(await last(stream)).toMatchObject({ type: 'RecordAccessed', data: { kind: 'intelligence-original', ground: 'intelligence officer', breakGlass: false }, metadata: { actor: { userId: 'dc-301' } } });
    expect(JSON.stringify(await accesses(stream))).not.toMatch(new RegExp(`hatchback|${SOURCE_NAME}`));
  });

  it('keeps the police feed to intelligence officers and records who read it', async () => {
    const refused = await http.get('/police-feed').set(csc).expect(403);
    expect(refused.body.message).toContain('read the police feed');
    await http.get('/police-feed').set(officer).expect(200);
    expect((await accesses('access-police-feed-feed')).map((e) => [e.type, e.metadata.actor.userId])).toEqual([
      ['AccessDenied', 'sw-9'],
      ['RecordAccessed', 'dc-301'],
    ]);
  });

  it('records nothing when a police feed read is refused for a malformed consistentWith (400), as on every other endpoint', async () => {
    // Issue 12: the feed recorded the read before it checked the position, so a 400 left an access event.
    const log = watchLog(platform.store);
    await log.mark();
    const feedAccesses = (await accesses('access-police-feed-feed')).length;
    const refused = await http.get('/police-feed').query({ consistentWith: 'not-a-position' }).set(officer).expect(400);
    expect(refused.body.errors).toEqual([{ field: 'query consistentWith', problems: ['must be a position returned by a command'] }]);
    await http.get('/police-feed?consistentWith=1:2&consistentWith=3:4').set(officer).expect(400);
    await http.get('/police-feed/items/some-item').query({ consistentWith: '00000000000000000001' }).set(officer).expect(400);
    expect((await accesses('access-police-feed-feed')).length).toBe(feedAccesses);
    expect(await log.written()).toEqual([]);
  });
});
