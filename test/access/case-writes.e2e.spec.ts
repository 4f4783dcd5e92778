import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer', 'practitioner'] });
const health = bearer({ userId: 'sn-4', agencyId: 'bf-health', roles: ['practitioner'] });
const auditor = bearer({ userId: 'aud-1', agencyId: 'bf-board', roles: ['auditor'] });

describe.each(['sqlite', 'postgres'] as const)('who may change a case (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('refuses changes from an agency not on the case, lets it join by naming its lead professional, and never lets an auditor write', async () => {
    const { caseId } = (await http.post('/referrals').set(school).send(referralBody()).expect(201)).body;
    const written = async () => (await platform.store.readStream(`case-${caseId}`)).length;
    const before = await written();

    const refused = await http.put(`/cases/${caseId}/flags/looked-after`).set(health).send({}).expect(403);
    expect(refused.body.message).toContain('not on case');
    await http.post(`/cases/${caseId}/close`).set(auditor).send({ reason: 'Auditors change nothing' }).expect(403);
    expect(await written()).toBe(before);

    // The school nurse's service joins the case by naming its lead professional, then may change it.
    await http.put(`/cases/${caseId}/lead-professionals`).set(health).send({ agencyId: 'bf-health', agencyName: 'School nursing', name: 'Nurse Example', role: 'School nurse' }).expect(200);
    await http.put(`/cases/${caseId}/flags/looked-after`).set(health).send({}).expect(200);
    // Naming another agency's lead professional does not let an outsider in.
    const outsider = bearer({ userId: 'yo-1', agencyId: 'bf-yos', roles: ['practitioner'] });
    await http.put(`/cases/${caseId}/lead-professionals`).set(outsider).send({ agencyId: 'bf-school', agencyName: 'School', name: 'Someone', role: 'Teacher' }).expect(403);
    expect(await written()).toBe(before + 2);
  });
});
