import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { LoggerService } from '@nestjs/common';
import request from 'supertest';
import { anotherKey, bearer, jwksOf, mintToken, TEST_ISSUER } from '@app/auth-testing';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { watchLog } from '../support/log-watch';

/**
 * Issue 6, "done means": each attack below must be refused, and nothing written. The platform is
 * the real one (SQLite and PostgreSQL) trusting only the test issuer's key.
 */

// Fictional children and a fictional source: their names must never reach a log or an error.
const CHILD = { firstName: 'Quillonia', lastName: 'Brackwater' };
const SOURCE_NAME = 'Fennimore Ashgrove';
const NAMES = [CHILD.firstName, CHILD.lastName, 'Fennimore', 'Ashgrove'];

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const practitioner = { userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] };
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });

// Script and SQL injection, template and path tricks: stored as plain text or refused, never run.
const ATTACKS = [
  '<script>alert("x")</script>',
  '"><img src=x onerror=alert(1)>',
  "Robert'); DROP TABLE events;--",
  "' OR '1'='1' --",
  '1; DELETE FROM es_events WHERE 1=1; --',
  '${process.exit(1)} {{7*7}} #{7*7}',
  '../../../../etc/passwd',
  '{"$where": "sleep(1000)"}',
];

function aReferral(overrides: Record<string, unknown> = {}, child: Record<string, unknown> = {}) {
  return {
    referringAgency: { id: 'bf-school', kind: 'education', name: 'Example Secondary School' },
    referrer: { name: 'Dee Lead', role: 'Designated safeguarding lead', email: 'dsl@example.sch.uk' },
    child: { ...CHILD, approximateAge: 14, gender: 'female', lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false, ...child },
    vulnerabilities: ['V-LOW-SELF-ESTEEM'],
    signs: ['S-MISSING'],
    suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
    narrative: `${CHILD.firstName} was collected from school by an older male in a car.`,
    immediateDanger: false,
    referredAt: '2026-11-20T09:30:00.000Z',
    ...overrides,
  };
}

/** A token whose payload was edited after signing: the signature no longer matches. */
function edited(token: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify(change(claims))).toString('base64url'), signature].join('.');
}

/** Everything the app logs (every level) and everything written to stdout and stderr, for the log test at the end. */
const logged: string[] = [];
const capture: LoggerService = {
  log: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
  error: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
  warn: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
  debug: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
  verbose: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
  fatal: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
};
const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };

beforeAll(() => {
  for (const stream of ['stdout', 'stderr'] as const) {
    process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (writes[stream] as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  }
});

afterAll(() => {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
});

/** The platform on every log level, into the capture. */
async function startLoggedPlatform(database: 'sqlite' | 'postgres', settings: Record<string, string> = {}): Promise<TestPlatform> {
  const platform = await startPlatform(database, settings);
  platform.app.useLogger(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']);
  platform.app.useLogger(capture);
  return platform;
}

describe.each(['sqlite', 'postgres'] as const)('security: refused, and nothing written (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let caseId: string;

  /** Runs the attempt and checks that the global log did not grow. */
  async function nothingWritten<T>(attempt: () => Promise<T>): Promise<T> {
    const log = watchLog(platform.store);
    await log.mark();
    const result = await attempt();
    expect(await log.written()).toEqual([]);
    return result;
  }

  beforeAll(async () => {
    platform = await startLoggedPlatform(database);
    http = request(platform.app.getHttpServer());
    caseId = (await http.post('/referrals').set(school).send(aReferral()).expect(201)).body.caseId;
  });

  afterAll(async () => {
    await platform.close();
  });

  it('records who acted from the verified token', async () => {
    const events = await platform.store.readStream(`case-${caseId}`);
    expect(events[0].metadata.actor).toEqual({ userId: 'dsl-17', agencyId: 'bf-school' });
  });

  describe('identity', () => {
    it('refuses a request without a token (401, with the Bearer challenge)', async () => {
      const response = await nothingWritten(() => http.post('/referrals').send(aReferral()).expect(401));
      expect(response.headers['www-authenticate']).toBe('Bearer realm="safeguard"');
      expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('Authorization: Bearer') });
      await http.get(`/cases/${caseId}`).expect(401);
      await http.get('/reference/indicators').expect(401);
    });

    it('ignores the headers that once stated the actor', async () => {
      await nothingWritten(() => http.post('/referrals').set({ 'X-User-Id': 'dsl-17', 'X-Agency-Id': 'bf-school', 'X-Roles': 'admin' }).send(aReferral()).expect(401));
    });

    it('refuses another scheme, or a token that is not a JWT', async () => {
      await nothingWritten(() => http.post('/referrals').set('Authorization', 'Basic ZHNsOnNlY3JldA==').send(aReferral()).expect(401));
      const garbage = await nothingWritten(() => http.post('/referrals').set('Authorization', 'Bearer not-a-token').send(aReferral()).expect(401));
      expect(garbage.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it('refuses an expired token', async () => {
      const expired = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] }, { expiresIn: -120 });
      const response = await nothingWritten(() => http.post('/referrals').set(expired).send(aReferral()).expect(401));
      expect(response.body.message).toContain('expired');
    });

    it('refuses a token signed by another key, whether or not it claims the trusted key id', async () => {
      const stranger = anotherKey();
      const other = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] }, { key: stranger });
      const response = await nothingWritten(() => http.post('/referrals').set(other).send(aReferral()).expect(401));
      expect(response.body.message).toContain('signature');
      // Same key id as the trusted key, another key: the signature still fails.
      const trustedKid = JSON.parse(Buffer.from(mintToken({ userId: 'x', agencyId: 'y' }).split('.')[0], 'base64url').toString()).kid as string;
      const impostor = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] }, { key: { ...stranger, kid: trustedKid } });
      await nothingWritten(() => http.post('/referrals').set(impostor).send(aReferral()).expect(401));
    });

    it('refuses a token whose role claim was edited after signing', async () => {
      const item = (
        await http
          .post('/intelligence')
          .set(school)
          .send({ information: 'A man is seen outside the school most afternoons.', subjects: [{ kind: 'location', text: 'Outside the school' }], knownAt: '2026-11-27', howKnown: 'seen-or-heard', source: { name: SOURCE_NAME } })
          .expect(201)
      ).body as { itemId: string };
      const honest = mintToken(practitioner);
      await nothingWritten(() => http.post(`/intelligence/${item.itemId}/grading`).set('Authorization', `Bearer ${honest}`).send({ source: 2, assessment: 'B', handling: 'P' }).expect(403));
      const forged = edited(honest, (claims) => ({ ...claims, roles: ['intelligence-officer', 'admin'] }));
      const response = await nothingWritten(() =>
        http.post(`/intelligence/${item.itemId}/grading`).set('Authorization', `Bearer ${forged}`).send({ source: 2, assessment: 'B', handling: 'P' }).expect(401),
      );
      expect(response.body.message).toContain('signature');
      const original = await http.get(`/intelligence/${item.itemId}/original`).set('Authorization', `Bearer ${forged}`).expect(401);
      expect(JSON.stringify(original.body)).not.toContain(SOURCE_NAME);
      // Another agency, edited in: refused the same way.
      const moved = edited(honest, (claims) => ({ ...claims, agency: 'thames-valley-police' }));
      await nothingWritten(() => http.post('/referrals').set('Authorization', `Bearer ${moved}`).send(aReferral()).expect(401));
    });

    it('refuses a token from an issuer it does not trust, an unsigned token, and a token for another audience', async () => {
      const untrusted = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['admin'] }, { issuer: 'https://login.evil.example', key: anotherKey() });
      const response = await nothingWritten(() => http.post('/referrals').set(untrusted).send(aReferral()).expect(401));
      expect(response.body.message).toContain('not issued by an identity provider this platform trusts');
      // "alg": "none": no signature at all.
      const signed = mintToken({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['admin'] });
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${signed.split('.')[1]}.`;
      await nothingWritten(() => http.post('/referrals').set('Authorization', `Bearer ${unsigned}`).send(aReferral()).expect(401));
      const elsewhere = bearer({ userId: 'dsl-17', agencyId: 'bf-school' }, { audience: 'another-service' });
      expect((await nothingWritten(() => http.post('/referrals').set(elsewhere).send(aReferral()).expect(401))).body.message).toContain('audience');
    });

    it('refuses a signed token with a role the platform does not know, or without a user', async () => {
      const spy = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer', 'spy'] });
      expect((await nothingWritten(() => http.post('/referrals').set(spy).send(aReferral()).expect(401))).body.message).toContain('role this platform does not know');
      const nobody = bearer({ userId: 'dsl-17', agencyId: 'bf-school' }, { claims: { sub: undefined } });
      await nothingWritten(() => http.post('/referrals').set(nobody).send(aReferral()).expect(401));
    });

    it('keeps health and the API docs open, and shows the bearer lock on everything else', async () => {
      await http.get('/health').expect(200);
      const docs = (await http.get('/api/docs/openapi.json').expect(200)).body;
      expect(docs.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
      expect(docs.paths['/referrals'].post.security).toEqual([{ bearer: [] }]);
      expect(docs.paths['/health'].get.security).toEqual([]);
      expect(JSON.stringify(docs)).not.toMatch(/X-User-Id|X-Agency-Id|X-Roles/);
      // No development issuer here: its routes do not exist.
      await http.post('/auth/dev/token').send({ username: 'admin-board' }).expect(404);
    });
  });

  describe('input', () => {
    it('refuses an oversized body with 413 before reading it', async () => {
      const response = await nothingWritten(() => http.post('/referrals').set(school).send(aReferral({ narrative: 'x'.repeat(300 * 1024) })).expect(413));
      expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: expect.stringContaining('256kb') });
    });

    it('refuses unknown fields, at the top and nested, naming them', async () => {
      const top = await nothingWritten(() => http.post('/referrals').set(school).send({ ...aReferral(), isAdmin: true }).expect(400));
      expect(top.body.errors).toEqual([{ field: 'isAdmin', problems: [expect.stringContaining('should not exist')] }]);
      const nested = await nothingWritten(() => http.post('/referrals').set(school).send(aReferral({}, { ssn: '123' })).expect(400));
      expect(nested.body.errors.map((e: { field: string }) => e.field)).toEqual(['child.ssn']);
      const prototype = await nothingWritten(() =>
        http.post('/referrals').set(school).set('Content-Type', 'application/json').send(`{"__proto__":{"admin":true},${JSON.stringify(aReferral()).slice(1)}`).expect(400),
      );
      expect(prototype.body.errors.map((e: { field: string }) => e.field)).toContain('__proto__');
    });

    it('refuses a NUL character in text, naming the field (PostgreSQL cannot store one)', async () => {
      const response = await nothingWritten(() => http.post('/referrals').set(school).send(aReferral({}, { knownAs: 'Quill\u0000ie' })).expect(400));
      expect(response.body.errors).toEqual([{ field: 'child.knownAs', problems: ['must not contain NUL characters'] }]);
    });

    it('refuses JSON that does not parse, without quoting it back', async () => {
      const response = await nothingWritten(() =>
        http.post('/referrals').set(school).set('Content-Type', 'application/json').send(`{"child":{"firstName":"${CHILD.firstName}"`).expect(400),
      );
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON; nothing was written' });
    });

    it.each(ATTACKS)('keeps %j in every text field of a referral as plain text, and runs nothing', async (attack) => {
      const textFields = {
        referringAgency: { id: 'bf-school', kind: 'education', name: attack },
        referrer: { name: attack, role: attack },
        narrative: attack,
      };
      const child = { knownAs: attack, ethnicity: attack, area: attack, school: attack, specialNeeds: attack, onlineIdentities: [attack] };
      const created = await http.post('/referrals').set(school).send(aReferral(textFields, child)).expect(201);
      expect(created.headers['content-type']).toMatch(/^application\/json/);
      const view = (await http.get(`/cases/${created.body.caseId}`).query({ consistentWith: created.body.position }).set(school).expect(200)).body;
      expect(view.child).toMatchObject({ ...CHILD, ...child });
      const [received] = await platform.store.readStream(`case-${created.body.caseId}`);
      expect(received.data).toMatchObject({ ...textFields, child: { ...CHILD, ...child } });
      // The store still works and still holds the first case: no statement ran.
      expect((await http.get(`/cases/${caseId}`).set(school).expect(200)).body.caseId).toBe(caseId);
      expect(await platform.store.countEvents()).toBeGreaterThan(2);
    });

    it.each(ATTACKS)('keeps %j in every text field of an intelligence submission as plain text, sealed', async (attack) => {
      const submission = {
        information: attack,
        subjects: [
          { kind: 'location', text: attack },
          { kind: 'child-case', ref: caseId },
        ],
        knownAt: '2026-11-27',
        howKnown: 'other',
        howKnownDetail: attack,
        source: { name: `${SOURCE_NAME} ${attack}`, otherIdentifiers: [attack], relationship: attack, contact: attack, notes: attack },
      };
      const item = (await http.post('/intelligence').set(school).send(submission).expect(201)).body as { itemId: string };
      const sealed = (await http.get(`/intelligence/${item.itemId}/original`).set(officer).expect(200)).body;
      expect(sealed).toMatchObject({ information: attack, subjects: submission.subjects, howKnownDetail: attack, source: submission.source });
    });

    it.each([
      ['referringAgency.id', (attack: string) => aReferral({ referringAgency: { id: attack, kind: 'education', name: 'School' } })],
      ['referrer.email', (attack: string) => aReferral({ referrer: { name: 'Dee', role: 'DSL', email: attack } })],
      ['referrer.phone', (attack: string) => aReferral({ referrer: { name: 'Dee', role: 'DSL', phone: attack } })],
      ['child.dateOfBirth', (attack: string) => aReferral({}, { dateOfBirth: attack })],
      ['caseId', (attack: string) => aReferral({ caseId: attack })],
    ])('refuses an injection string in %s, a field with a format, naming it', async (field, body) => {
      for (const attack of ATTACKS) {
        const response = await nothingWritten(() => http.post('/referrals').set(school).send(body(attack)).expect(400));
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(JSON.stringify(response.body)).not.toContain(attack);
      }
    });

    it('refuses injection strings in paths and queries', async () => {
      for (const attack of ATTACKS) {
        const byId = await http.get(`/cases/${encodeURIComponent(attack)}`).set(school);
        expect([400, 404]).toContain(byId.status);
        expect(JSON.stringify(byId.body)).not.toContain(attack);
        await http.get('/cases').query({ status: attack }).set(school).expect(400);
      }
      expect((await http.get(`/cases/${caseId}`).set(school).expect(200)).body.caseId).toBe(caseId);
    });

    it('refuses a replayed Idempotency-Key with a different body (409, naming the header), and answers the same body as the first time', async () => {
      const key = `replay-${database}-0001`;
      const first = await http.post('/referrals').set(school).set('Idempotency-Key', key).send(aReferral()).expect(201);
      const again = await nothingWritten(() => http.post('/referrals').set(school).set('Idempotency-Key', key).send(aReferral()).expect(201));
      expect(again.body).toMatchObject({ caseId: first.body.caseId, referralId: first.body.referralId, created: false });
      const other = await nothingWritten(() =>
        http.post('/referrals').set(school).set('Idempotency-Key', key).send(aReferral({ narrative: 'Something else entirely.' })).expect(409),
      );
      expect(other.body).toMatchObject({ error: 'idempotency-key-reused', message: expect.stringContaining('Idempotency-Key') });

      const submission = { information: 'Seen at the park.', subjects: [{ kind: 'location', text: 'The park' }], knownAt: '2026-11-27', howKnown: 'seen-or-heard', source: { name: SOURCE_NAME } };
      await http.post('/intelligence').set(school).set('Idempotency-Key', key).send(submission).expect(201);
      const changed = await nothingWritten(() =>
        http.post('/intelligence').set(school).set('Idempotency-Key', key).send({ ...submission, information: 'Seen at the station.' }).expect(409),
      );
      expect(changed.body.message).toContain('Idempotency-Key');
    });
  });

  describe('headers', () => {
    it('sends the security headers and no framework banner', async () => {
      const response = await http.get('/health').expect(200);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('lets no browser or proxy keep an answer about a child: no-store, and no body hash to revalidate by', async () => {
      const created = await http.post('/referrals').set(school).send(aReferral()).expect(201);
      const read = await http.get(`/cases/${created.body.caseId}`).query({ consistentWith: created.body.position }).set(school).expect(200);
      const refused = await http.get(`/cases/${caseId}`).expect(401);
      for (const answer of [read, created, refused]) {
        expect(answer.headers['cache-control']).toBe('no-store');
        expect(answer.headers.etag).toBeUndefined();
      }
    });

    it('closes CORS by default: no browser origin is allowed', async () => {
      const preflight = await http.options('/referrals').set({ Origin: 'https://console.board.example', 'Access-Control-Request-Method': 'POST' });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await http.get('/health').set('Origin', 'https://console.board.example').expect(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('security: rate limits per user, and CORS when configured', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startLoggedPlatform('sqlite', { RATE_LIMIT_PER_MINUTE: '5', CORS_ORIGINS: 'https://console.board.example' });
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('answers 429 once a user passes the limit, while another user from the same address goes on', async () => {
    const busy = bearer({ userId: 'busy-1', agencyId: 'bf-csc' });
    for (let i = 0; i < 5; i++) await http.get('/reference/indicators').set(busy).expect(200);
    const refused = await http.get('/reference/indicators').set(busy).expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body.message).toContain('Too many requests');
    await http.get('/reference/indicators').set(bearer({ userId: 'calm-2', agencyId: 'bf-csc' })).expect(200);
    // Writes are refused too, and write nothing.
    const log = watchLog(platform.store);
    await log.mark();
    await http.post('/referrals').set(busy).send(aReferral()).expect(429);
    expect(await log.written()).toEqual([]);
  });

  it('allows exactly the configured origins', async () => {
    const allowed = await http.options('/referrals').set({ Origin: 'https://console.board.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.board.example');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const other = await http.options('/referrals').set({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('security: a provider’s keys fetched from its JWKS address, with its own claim names', () => {
  const providerKey = anotherKey();
  const ISSUER = 'https://login.board.example/realms/safeguard';
  let provider: Server;
  let fetched = 0;
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    provider = createServer((req, res) => {
      fetched++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwksOf(providerKey)));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const { port } = provider.address() as AddressInfo;
    // Keycloak style: the user in `preferred_username`, roles per client under resource_access.
    platform = await startLoggedPlatform('sqlite', {
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: 'safeguard-api',
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/protocol/openid-connect/certs`,
      AUTH_JWKS: '',
      AUTH_CLAIM_USER: 'preferred_username',
      AUTH_CLAIM_AGENCY: 'agency_id',
      AUTH_CLAIM_ROLES: 'resource_access.safeguard-api.roles',
    });
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
    await new Promise((resolve) => provider.close(resolve));
  });

  it('accepts the provider’s tokens, takes the actor from the configured claims, and refuses the rest', async () => {
    const claims = { preferred_username: 'dsl-17', agency_id: 'bf-school', resource_access: { 'safeguard-api': { roles: ['referrer'] } }, roles: ['admin'] };
    const token = bearer({ userId: 'ignored-sub' }, { key: providerKey, issuer: ISSUER, audience: 'safeguard-api', claims });
    const created = await http.post('/referrals').set(token).send(aReferral()).expect(201);
    const [received] = await platform.store.readStream(`case-${created.body.caseId}`);
    expect(received.metadata.actor).toEqual({ userId: 'dsl-17', agencyId: 'bf-school' });
    expect(fetched).toBeGreaterThan(0);

    // The test issuer of the other platforms is not trusted here, and a realm role that is not ours is refused.
    const log = watchLog(platform.store);
    await log.mark();
    await http.post('/referrals').set(school).send(aReferral()).expect(401);
    const foreignRole = { ...claims, resource_access: { 'safeguard-api': { roles: ['offline_access'] } } };
    await http.post('/referrals').set(bearer({ userId: 'x' }, { key: providerKey, issuer: ISSUER, audience: 'safeguard-api', claims: foreignRole })).send(aReferral()).expect(401);
    expect(await log.written()).toEqual([]);
  });
});

describe('security: the development issuer', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startLoggedPlatform('sqlite', { AUTH_DEV_ISSUER: 'true' });
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('lists demo users covering every role and several agencies', async () => {
    const users = (await http.get('/auth/dev/users').expect(200)).body as { username: string; agencyId: string; roles: string[] }[];
    expect(new Set(users.flatMap((u) => u.roles))).toEqual(
      new Set(['referrer', 'practitioner', 'semrac-chair', 'semrac-member', 'intelligence-officer', 'analyst', 'sharing-officer', 'auditor', 'admin', 'board', 'board-officer']),
    );
    expect(new Set(users.map((u) => u.agencyId)).size).toBeGreaterThanOrEqual(5);
  });

  it('issues a short-lived token for a demo user that the platform accepts, and refuses strangers', async () => {
    const issued = (await http.post('/auth/dev/token').send({ username: 'dsl-school' }).expect(200)).body;
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const created = await http.post('/referrals').set('Authorization', `Bearer ${issued.access_token}`).send(aReferral()).expect(201);
    const [received] = await platform.store.readStream(`case-${created.body.caseId}`);
    expect(received.metadata.actor).toEqual({ userId: 'dsl-school', agencyId: 'bf-school' });
    // The test issuer is still trusted alongside it.
    await http.get('/reference/indicators').set(school).expect(200);

    await http.post('/auth/dev/token').send({ username: 'nobody' }).expect(404);
    expect((await http.post('/auth/dev/token').send({ username: 'dsl-school', roles: ['admin'] }).expect(400)).body.errors).toEqual([
      { field: 'roles', problems: [expect.any(String)] },
    ]);
    // Its key is its own: a token claiming its issuer, signed by another key, is refused.
    const forged = bearer({ userId: 'admin-board', agencyId: 'bf-board', roles: ['admin'] }, { issuer: 'urn:safeguard:dev-issuer', key: anotherKey() });
    await http.get('/reference/indicators').set(forged).expect(401);
    expect(TEST_ISSUER).not.toBe('urn:safeguard:dev-issuer');
  });
});

describe('security: no personal data in the logs', () => {
  it('never logged the test children’s or the source’s names during the run', () => {
    // The runs above put these names in bodies, refused bodies, unparsable JSON and oversized requests.
    expect(logged.length).toBeGreaterThan(0);
    const text = logged.join('\n');
    for (const name of NAMES) expect(text).not.toContain(name);
  });
});
