import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { watchLog } from '../support/log-watch';

const police = bearer({ userId: 'pc-4412', agencyId: 'thames-valley-police', roles: 'practitioner' });
const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: 'referrer' });
// A fictional child; the tests look for her name where it must never appear.
const CHILD_NAME = 'Zorabelle';

function aReferralBody(overrides: Record<string, unknown> = {}) {
  return {
    referringAgency: { id: 'bf-school', kind: 'education', name: 'Example Secondary School' },
    referrer: { name: 'Dee Lead', role: 'Designated safeguarding lead', email: 'dsl@example.sch.uk' },
    child: {
      firstName: CHILD_NAME,
      lastName: 'Testcase',
      dateOfBirth: '2011-04-02',
      gender: 'female',
      school: 'Example Secondary School',
      lookedAfter: true,
      careLeaver: false,
      migrantOrUnaccompanied: false,
    },
    vulnerabilities: ['V-RESIDENTIAL-CARE', 'V-LOW-SELF-ESTEEM'],
    signs: ['S-MISSING', 'S-UNEXPLAINED-GIFTS'],
    suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
    narrative: 'Collected from school by an older male in a car; new phone; missing overnight twice.',
    immediateDanger: false,
    referredAt: '2026-11-20T09:30:00.000Z',
    ...overrides,
  };
}

describe.each(['sqlite', 'postgres'] as const)('referrals and the case view over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('opens a case on a referral and shows it in the case view', async () => {
    const created = await http.post('/referrals').set(school).send(aReferralBody()).expect(201);
    expect(created.body).toMatchObject({ created: true, referralId: expect.any(String), caseId: expect.any(String) });

    // The referring school's agency is on the case (need to know: libs/access); the police are not, yet.
    const view = await http.get(`/cases/${created.body.caseId}`).query({ consistentWith: created.body.position }).set(school).expect(200);
    expect(view.body).toMatchObject({
      caseId: created.body.caseId,
      status: 'open',
      child: { firstName: CHILD_NAME, lastName: 'Testcase', dateOfBirth: '2011-04-02' },
      agencies: [{ id: 'bf-school', kind: 'education' }],
      suspectedModels: [{ code: 'M-INAPPROPRIATE-RELATIONSHIP', label: 'Inappropriate relationship' }],
      immediateDangerReported: false,
    });
    expect(view.body.flags).toEqual([expect.objectContaining({ code: 'looked-after', label: 'Looked after' })]);
    expect(view.body.revision).toBe(0);
    expect(view.body.vulnerabilities.map((v: { code: string }) => v.code)).toEqual(['V-RESIDENTIAL-CARE', 'V-LOW-SELF-ESTEEM']);
    expect(view.body.signs.find((s: { code: string }) => s.code === 'S-MISSING')).toMatchObject({
      label: 'Missing from home or care',
      reportedBy: ['bf-school'],
    });
    expect(view.body.chronology).toEqual([
      expect.objectContaining({ type: 'ReferralReceived', by: { userId: 'dsl-17', agencyId: 'bf-school' }, summary: 'Referral from Example Secondary School' }),
    ]);
  });

  it('gathers a later referral from another agency into the same case', async () => {
    const first = await http.post('/referrals').set(school).send(aReferralBody()).expect(201);
    const second = await http
      .post('/referrals')
      .set(police)
      .send(
        aReferralBody({
          caseId: first.body.caseId,
          referringAgency: { id: 'thames-valley-police', kind: 'police', name: 'Thames Valley Police' },
          signs: ['S-MISSING', 'S-SUBSTANCE-MISUSE'],
          suspectedModel: 'M-PARTY',
          immediateDanger: true,
        }),
      )
      .expect(201);
    expect(second.body).toMatchObject({ caseId: first.body.caseId, advice: expect.stringContaining('999') });

    const view = await http.get(`/cases/${first.body.caseId}`).query({ consistentWith: second.body.position }).set(police).expect(200);
    expect(view.body.referrals).toHaveLength(2);
    expect(view.body.agencies.map((a: { id: string }) => a.id)).toEqual(['bf-school', 'thames-valley-police']);
    expect(view.body.signs.find((s: { code: string }) => s.code === 'S-MISSING').reportedBy).toEqual(['bf-school', 'thames-valley-police']);
    expect(view.body.suspectedModels.map((m: { code: string }) => m.code)).toEqual(['M-INAPPROPRIATE-RELATIONSHIP', 'M-PARTY']);
    expect(view.body.immediateDangerReported).toBe(true);
    expect(view.body.chronology).toHaveLength(2);
  });

  it.each([
    ['a missing child name', (b: any) => delete b.child.firstName, 'child.firstName'],
    ['an unknown indicator code', (b: any) => (b.signs = ['S-MISSING', 'S-NOT-A-SIGN']), 'signs'],
    ['an unknown field', (b: any) => (b.child.favouriteColour = 'blue'), 'child.favouriteColour'],
    ['a date of birth that is not a date', (b: any) => (b.child.dateOfBirth = '2011-02-31'), 'child.dateOfBirth'],
    ['a malformed case id', (b: any) => (b.caseId = 'not-a-uuid'), 'caseId'],
    ['a missing model of exploitation', (b: any) => delete b.suspectedModel, 'suspectedModel'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_label, spoil, field) => {
    const log = watchLog(platform.store);
    await log.mark();
    const body = aReferralBody();
    spoil(body);
    const response = await http.post('/referrals').set(school).send(body).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(JSON.stringify(response.body)).not.toContain(CHILD_NAME);
    expect(await log.written()).toEqual([]);
  });

  it('refuses a token that does not say which agency is acting, and writes nothing', async () => {
    const log = watchLog(platform.store);
    await log.mark();
    const response = await http.post('/referrals').set(bearer({ userId: 'someone' })).send(aReferralBody()).expect(401);
    expect(response.body.message).toMatch(/agency/);
    expect(await log.written()).toEqual([]);
  });

  it('refuses a referral with no age, by rule (422), and writes nothing', async () => {
    const log = watchLog(platform.store);
    await log.mark();
    const body = aReferralBody();
    delete (body.child as Record<string, unknown>).dateOfBirth;
    const response = await http.post('/referrals').set(school).send(body).expect(422);
    expect(response.body.error).toBe('child-age-missing');
    expect(await log.written()).toEqual([]);
  });

  it('answers 404 for a referral to a case that does not exist, and for an unknown case', async () => {
    const missing = '3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f';
    await http.post('/referrals').set(school).send(aReferralBody({ caseId: missing })).expect(404);
    await http.get(`/cases/${missing}`).set(police).expect(404);
  });

  it('answers a retry with the same Idempotency-Key as the first time, and refuses the key with another body', async () => {
    const key = `retry-${database}-0001`;
    const first = await http.post('/referrals').set(school).set('Idempotency-Key', key).send(aReferralBody()).expect(201);
    const log = watchLog(platform.store);
    await log.mark();
    const retry = await http.post('/referrals').set(school).set('Idempotency-Key', key).send(aReferralBody()).expect(201);
    expect(retry.body).toEqual({ ...first.body, created: false });
    expect(await log.written()).toEqual([]);

    const other = await http
      .post('/referrals')
      .set(school)
      .set('Idempotency-Key', key)
      .send(aReferralBody({ narrative: 'A different account' }))
      .expect(409);
    expect(other.body.error).toBe('idempotency-key-reused');
    expect(await log.written()).toEqual([]);
  });

  it('records who acted, from which agency, in the stored event', async () => {
    const created = await http.post('/referrals').set(school).send(aReferralBody()).expect(201);
    const [event] = await platform.store.readStream(`case-${created.body.caseId}`);
    expect(event).toMatchObject({ type: 'ReferralReceived', metadata: { actor: { userId: 'dsl-17', agencyId: 'bf-school' } } });
    expect(Date.parse(event.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('serves the OpenAPI document, the code lists and health', async () => {
    const docs = await http.get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/referrals', '/cases/{caseId}', '/health']));
    const codes = await http.get('/reference/indicators').set(school).expect(200);
    expect(codes.body.vulnerabilities).toContainEqual({ code: 'V-HOMELESS', label: 'Homelessness' });
    const health = await http.get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', eventStore: database, projections: expect.arrayContaining([expect.objectContaining({ name: 'case-view' })]) });
  });
});
