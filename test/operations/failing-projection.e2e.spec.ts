import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { eventually, referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const police = bearer({ userId: 'pc-4412', agencyId: 'thames-valley-police', roles: 'practitioner' });

/**
 * Issue 12 item 1 (part): one event that a projection cannot apply stops only that projection.
 * Readers that wait on it with `consistentWith` are told at once (503 naming it) instead of timing
 * out with "not yet consistent"; every other projection goes on.
 */
describe('a projection that cannot apply an event (sqlite)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform('sqlite');
    http = request(platform.app.getHttpServer());
  });

  afterAll(() => platform.close());

  it('answers 503 naming it to readers waiting on it, while the other read models keep up', async () => {
    const poisoned = await http.post('/referrals').set(school).send(referralBody('bf-school')).expect(201);
    await http.get(`/cases/${poisoned.body.caseId}`).query({ consistentWith: poisoned.body.position }).set(school).expect(200);
    // A risk assessment without its assessor, written past the write path (a bad import, an old bug).
    await platform.store.append(`case-${poisoned.body.caseId}`, [
      {
        type: 'RiskAssessed',
        data: { caseId: poisoned.body.caseId, assessmentId: 'a-1', band: 'moderate', score: 5, assessedAt: new Date().toISOString() },
        metadata: { actor: { userId: 'dsl-17', agencyId: 'bf-school' } },
      },
    ]);
    await eventually(async () => (await http.get('/health/ready')).status === 503, 'readiness reports the failing case view');

    const next = await http.post('/referrals').set(school).send(referralBody('bf-school', { narrative: 'Another child, seen at the same flat.' })).expect(201);
    const read = await http.get(`/cases/${next.body.caseId}`).query({ consistentWith: next.body.position }).set(school);
    expect(read.status).toBe(503);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.body).toMatchObject({ statusCode: 503, error: 'read-model-failing', projection: 'case-view' });

    // Persons of interest are another projection: it goes on.
    const poi = await http.post('/persons-of-interest').set(police).send({ identifiers: { names: [{ name: 'Dan Fictional', kind: 'name' }] } }).expect(201);
    const profile = await http.get(`/persons-of-interest/${poi.body.poiId}`).query({ consistentWith: poi.body.position }).set(police).expect(200);
    expect(profile.body.poiId).toBe(poi.body.poiId);
  });
});
