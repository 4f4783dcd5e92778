import request from 'supertest';
import { bearer } from '@app/auth-testing';
import type { paths } from '../support/api-types';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { typedApi } from '../support/typed-api';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: 'practitioner' });

/** The request body of POST /referrals as the document describes it: a referral that disagrees fails the type check. */
type Referral = paths['/referrals']['post']['requestBody']['content']['application/json'];

const referral: Referral = {
  referringAgency: { id: 'bf-csc', kind: 'children-social-care', name: "Children's Social Care" },
  referrer: { name: 'Sam Worker', role: 'Social worker' },
  child: { firstName: 'Testa', lastName: 'Fictional', approximateAge: 14, gender: 'female', lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false },
  vulnerabilities: ['V-LOW-SELF-ESTEEM'],
  signs: ['S-MISSING'],
  suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
  narrative: 'Collected from school by an older male in a car.',
  immediateDanger: false,
  referredAt: '2026-11-20T09:30:00.000Z',
};

/** An integrator's client: the types compiled from the OpenAPI document (npm run openapi:types) against the running API. */
describe('a client typed from the OpenAPI document', () => {
  let platform: TestPlatform;
  let api: ReturnType<typeof typedApi>;

  beforeAll(async () => {
    platform = await startPlatform('sqlite');
    api = typedApi(request(platform.app.getHttpServer()));
  });

  afterAll(async () => {
    await platform.close();
  });

  it('refers a child and reads the case as the document types them', async () => {
    const created = await api.call('post', '/referrals', 201, { body: referral, headers: csc });
    expect(created).toEqual({ referralId: expect.any(String), caseId: expect.any(String), position: expect.any(String), created: true });

    const view = await api.call('get', '/cases/{caseId}', 200, { path: { caseId: created.caseId }, query: { consistentWith: created.position }, headers: csc });
    // `status` is the document's enum: 'open' | 'closed'.
    const status: 'open' | 'closed' = view.status;
    expect({ status, caseId: view.caseId, firstName: view.child.firstName, signs: view.signs.map((s) => s.code) }).toEqual({
      status: 'open',
      caseId: created.caseId,
      firstName: 'Testa',
      signs: ['S-MISSING'],
    });
  });

  it('reads an error as the Problem the document describes', async () => {
    const problem = await api.call('post', '/referrals', 400, { body: { ...referral, narrative: '' }, headers: csc });
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, statusCode: 400, instance: '/referrals' });
    expect(problem.errors?.[0].field).toBe('narrative');
  });
});
