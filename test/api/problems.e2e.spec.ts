import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: 'referrer' });
const police = bearer({ userId: 'pc-4412', agencyId: 'thames-valley-police', roles: 'practitioner' });
const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: 'practitioner' });

/** Every error path answers an RFC 9457 problem (application/problem+json), keeping the fields clients read before. */
describe('errors as problems (RFC 9457)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform('sqlite', { HTTP_BODY_LIMIT: '8kb', RATE_LIMIT_PER_MINUTE: '40' });
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  const problem = (response: request.Response) => {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.body;
  };

  it('answers a bad field (the validation pipe) with 400 naming it', async () => {
    const body = problem(await http.post('/referrals').set(school).send(referralBody('bf-school', { narrative: 42 })).expect(400));
    expect(body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request is not valid: see errors', instance: '/referrals', statusCode: 400, error: 'Bad Request', message: 'The request is not valid: see errors' });
    expect(body.errors[0].field).toBe('narrative');
  });

  it('answers malformed JSON and an oversized body (the body parser) with 400 and 413', async () => {
    const malformed = problem(await http.post('/referrals').set(school).set('Content-Type', 'application/json').send('{"child":').expect(400));
    expect(malformed).toMatchObject({ status: 400, statusCode: 400, error: 'Bad Request', detail: 'The request body is not valid JSON; nothing was written' });
    const large = problem(await http.post('/referrals').set(school).send(referralBody('bf-school', { narrative: 'x'.repeat(10 * 1024) })).expect(413));
    expect(large).toMatchObject({ type: 'about:blank', title: 'Payload Too Large', status: 413, statusCode: 413, error: 'Payload Too Large', message: expect.stringContaining('8kb') });
  });

  it('answers a missing token with 401, a role that may not with 403 and an unknown record or route with 404', async () => {
    expect(problem(await http.get('/cases').expect(401))).toMatchObject({ title: 'Unauthorized', status: 401, statusCode: 401, error: 'Unauthorized' });
    const forbidden = problem(await http.post('/referrals').set(bearer({ userId: 'u', agencyId: 'bf-school', roles: 'auditor' })).send(referralBody()).expect(403));
    expect(forbidden).toMatchObject({ status: 403, statusCode: 403, title: 'Forbidden' });
    const caseId = '4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f';
    const unknown = problem(await http.get(`/cases/${caseId}`).set(police).expect(404));
    expect(unknown).toMatchObject({ title: 'Not Found', status: 404, instance: `/cases/${caseId}` });
    expect(problem(await http.get('/no-such-route').set(police).expect(404))).toMatchObject({ type: 'about:blank', status: 404 });
  });

  it("answers a domain rule's refusal with the platform's code as the type (409 concurrent change)", async () => {
    const { caseId } = (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body;
    const stale = problem(await http.post(`/cases/${caseId}/close`).set(csc).set('If-Match', '7').send({ reason: 'Risk reduced' }).expect(409));
    expect(stale).toMatchObject({ type: 'urn:safeguard:problem:concurrent-change', title: 'Conflict', status: 409, statusCode: 409, error: 'concurrent-change' });
    expect(stale.detail).toBe(stale.message);
  });

  it('answers past the rate limit with 429', async () => {
    const busy = bearer({ userId: 'busy', agencyId: 'bf-school', roles: 'referrer' });
    let last: request.Response | undefined;
    for (let i = 0; i < 45 && last?.status !== 429; i++) last = await http.get('/reference/indicators').set(busy);
    expect(problem(last!)).toMatchObject({ type: 'about:blank', title: 'Too Many Requests', status: 429, statusCode: 429 });
  });
});
