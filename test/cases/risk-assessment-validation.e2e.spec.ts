import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });

const DAY = 24 * 60 * 60 * 1000;
const assessment = () => ({
  assessedAt: new Date(Date.now() - DAY).toISOString(),
  assessor: { name: 'Alex Assessor', role: 'Social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
  vulnerabilities: ['V-LOW-SELF-ESTEEM'],
  signs: [{ code: 'S-MISSING', severity: 'significant', lastObserved: new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10) }],
  disclosure: false,
  summary: 'Missing overnight twice this month.',
});

/** The fields a 4xx answer names (the validation's 400 names `assessor`; an event refused by its schema, `RiskAssessed.assessor`). */
const fieldsNamed = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

/**
 * Issue 11, the reported bug: an assessment without an assessor was answered 201 and stored an
 * event the case view could not apply, so the case no longer opened for anyone.
 */
describe.each(['sqlite', 'postgres'] as const)('a risk assessment without its assessor (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const caseEvents = async (caseId: string) => (await platform.store.readStream(`case-${caseId}`)).length;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it.each([
    ['without an assessor', (body: ReturnType<typeof assessment>) => ({ ...body, assessor: undefined }), /(^|\.)assessor$/],
    ['with a null assessor', (body: ReturnType<typeof assessment>) => ({ ...body, assessor: null }), /(^|\.)assessor$/],
    ['with an assessor missing its agency', (body: ReturnType<typeof assessment>) => ({ ...body, assessor: { ...body.assessor, agencyId: undefined } }), /(^|\.)assessor\.agencyId$/],
  ])('is refused %s, naming the field, with nothing written; the case still opens', async (_how, change, field) => {
    const { caseId } = (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body;
    const before = await caseEvents(caseId);

    const refused = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(change(assessment()));
    expect([400, 422]).toContain(refused.status);
    expect(fieldsNamed(refused.body)).toEqual(expect.arrayContaining([expect.stringMatching(field)]));
    expect(await caseEvents(caseId)).toBe(before);

    // The case still opens, and reads what is recorded after the refusal.
    const assessed = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(assessment()).expect(201);
    const view = await http.get(`/cases/${caseId}`).query({ consistentWith: assessed.body.position }).set(csc).expect(200);
    expect(view.body).toMatchObject({ caseId, risk: { assessmentId: assessed.body.assessmentId } });
  });
});
