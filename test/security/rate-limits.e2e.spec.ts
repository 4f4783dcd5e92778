import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { startPlatform, TestPlatform } from '../support/platform-app';

/**
 * Issue 12, item 8: requests without a valid token were never rate limited (800 in a row, all 401),
 * while /health answered 429 to an address that flooded. Every request here comes from one address
 * (the test's), as a flood from one client would.
 */
describe('security: rate limits per address for requests without a valid token; health never limited', () => {
  const LIMIT = 5;
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform('sqlite', { RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: String(LIMIT), RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('answers 429 with Retry-After once an address passes the limit of refused tokens, and lets a valid user from it go on', async () => {
    // Missing, malformed and forged tokens all count against the address.
    await http.get('/reference/indicators').expect(401);
    await http.get('/reference/indicators').set('Authorization', 'Bearer not-a-token').expect(401);
    for (let i = 2; i < LIMIT; i++) await http.post('/referrals').set('Authorization', `Bearer guess-${i}`).send({}).expect(401);

    const refused = await http.get('/reference/indicators').set('Authorization', 'Bearer one-more-guess').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body).toMatchObject({ statusCode: 429, message: expect.stringContaining('without a valid token') });
    const before = await platform.store.countEvents();
    await http.post('/referrals').send({}).expect(429);
    expect(await platform.store.countEvents()).toBe(before);

    // A signed-in user behind the same address has a budget of their own.
    await http.get('/reference/indicators').set(bearer({ userId: 'calm-1', agencyId: 'bf-csc' })).expect(200);
  });

  it('never answers 429 on /health, even to an address that flooded it', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < LIMIT * 4; i++) statuses.add((await http.get('/health')).status);
    expect([...statuses]).not.toContain(429);
  });
});
