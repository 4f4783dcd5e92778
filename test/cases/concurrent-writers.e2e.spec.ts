import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer', 'practitioner'] });

/** Sixteen agencies, each naming its own lead professional: changes no rule lets one refuse another. */
const AGENCIES = Array.from({ length: 16 }, (_, i) => `bf-partner-${String(i + 1).padStart(2, '0')}`);
const leadOf = (agencyId: string) => ({ agencyId, agencyName: `Partner agency ${agencyId.slice(-2)}`, name: `Lead ${agencyId.slice(-2)}`, role: 'Lead professional for CSE' });
const practitionerOf = (agencyId: string) => bearer({ userId: `lp-${agencyId}`, agencyId, roles: ['practitioner'] });

/**
 * Issue 11, "optimistic concurrency only when asked": a client that sends no If-Match never read,
 * so it cannot have read stale data; with If-Match, a case changed since answers 409.
 */
describe.each(['sqlite', 'postgres'] as const)('many writers on one case at once (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const caseEvents = async (caseId: string) => platform.store.readStream(`case-${caseId}`);

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('without If-Match: 16 changes at once all succeed (no 409) and all 16 are in the case', async () => {
    const { caseId } = (await http.post('/referrals').set(school).send(referralBody()).expect(201)).body;
    const answers = await Promise.all(AGENCIES.map((agencyId) => http.put(`/cases/${caseId}/lead-professionals`).set(practitionerOf(agencyId)).send(leadOf(agencyId))));
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.message)).toEqual([]);
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    expect(answers.every((a) => a.body.changed === true)).toBe(true);
    const named = (await caseEvents(caseId)).filter((e) => e.type === 'LeadProfessionalNamed').map((e) => e.data.agencyId);
    expect([...named].sort()).toEqual(AGENCIES);
    // Each answer gave a distinct revision: each change was decided on the case as it then stood.
    expect(new Set(answers.map((a) => a.body.revision)).size).toBe(16);
  });

  it('with a stale If-Match: 409, and nothing written', async () => {
    const { caseId } = (await http.post('/referrals').set(school).send(referralBody()).expect(201)).body;
    const [first, second] = AGENCIES;
    const read = (await http.put(`/cases/${caseId}/lead-professionals`).set(practitionerOf(first)).send(leadOf(first)).expect(200)).body.revision as number;
    // Someone else changes the case after that client read it.
    await http.put(`/cases/${caseId}/lead-professionals`).set(practitionerOf(second)).send(leadOf(second)).expect(200);
    const before = (await caseEvents(caseId)).length;
    const refused = await http
      .put(`/cases/${caseId}/lead-professionals`)
      .set(practitionerOf(first))
      .set('If-Match', String(read))
      .send({ ...leadOf(first), name: 'A newer lead' })
      .expect(409);
    expect(refused.body).toMatchObject({ error: 'concurrent-change' });
    expect(refused.body.currentRevision).toBeGreaterThan(read);
    expect(await caseEvents(caseId)).toHaveLength(before);
    // With the revision as it now stands, the same change goes through.
    const current = String(refused.body.currentRevision);
    await http.put(`/cases/${caseId}/lead-professionals`).set(practitionerOf(first)).set('If-Match', current).send({ ...leadOf(first), name: 'A newer lead' }).expect(200);
  });
});
