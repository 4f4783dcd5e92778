import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, testAuthSettings } from '@app/auth-testing';
import { eventually, referralBody } from '../support/http';
import { kafkaBrokers } from '../kafka-broker';
import { freePort, startPlatform, startProjectorApp, TestPlatform } from '../support/platform-app';

/**
 * Issue 12, item 5: /health said "ok" while the platform could not do its job (a projection stuck
 * on an event it cannot apply), and the projector had no health route at all. /health/live says the
 * process is up; /health/ready answers 503 and names what is not ready.
 */

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });

describe('liveness and readiness (sqlite)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform('sqlite');
    http = request(platform.app.getHttpServer());
  });

  afterAll(() => platform.close());

  it('is ready when every dependency answers, with the detail of each', async () => {
    await http.get('/health/live').expect(200, { status: 'ok', info: { process: { status: 'up' } }, error: {}, details: { process: { status: 'up' } } });
    const ready = await http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      error: {},
      details: {
        eventStore: { status: 'up', kind: 'sqlite' },
        readModels: { status: 'up' },
        projections: { status: 'up', running: true, failing: [] },
      },
    });
  });

  it('answers 503 naming a projection that cannot apply an event, while it stays live', async () => {
    const created = await http.post('/referrals').set(school).send(referralBody('bf-school')).expect(201);
    await eventually(async () => (await http.get(`/cases/${created.body.caseId}`).set(school)).status === 200, 'the case view exists');
    // An event the case view cannot apply (its assessor is missing), written past the write path as a
    // bad import or an old bug would have.
    await platform.store.append(`case-${created.body.caseId}`, [
      {
        type: 'RiskAssessed',
        data: { caseId: created.body.caseId, assessmentId: 'a-1', band: 'moderate', score: 5, assessedAt: new Date().toISOString() },
        metadata: { actor: { userId: 'dsl-17', agencyId: 'bf-school' } },
      },
    ]);

    const notReady = await eventually(async () => {
      const response = await http.get('/health/ready');
      return response.status === 503 ? response : undefined;
    }, 'readiness reports the failing projection');
    expect(notReady.body).toMatchObject({ status: 'error', error: { projections: { status: 'down', failing: expect.arrayContaining(['case-view']) } } });
    expect(notReady.body.info).toMatchObject({ eventStore: { status: 'up' }, readModels: { status: 'up' } });
    await http.get('/health/live').expect(200);
    const health = await http.get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'degraded', notReady: ['projections'] });
  });
});

describe('readiness follows Kafka when it is configured', () => {
  it('is ready with the broker answering', async () => {
    const platform = await startPlatform('sqlite', { KAFKA_BROKERS: kafkaBrokers().join(',') });
    try {
      const ready = await request(platform.app.getHttpServer()).get('/health/ready').expect(200);
      expect(ready.body.details.messaging).toEqual({ status: 'up', bus: 'kafka' });
    } finally {
      await platform.close();
    }
  });

  it('answers 503 naming messaging when no broker answers, while it stays live', async () => {
    const closed = await freePort();
    const platform = await startPlatform('sqlite', { KAFKA_BROKERS: `127.0.0.1:${closed}` });
    try {
      const http = request(platform.app.getHttpServer());
      const ready = await http.get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { messaging: { status: 'down' } }, info: { eventStore: { status: 'up' } } });
      await http.get('/health/live').expect(200);
    } finally {
      await platform.close();
    }
  }, 30_000);
});

describe("readiness follows the identity provider's keys while none are cached", () => {
  let keysServed = false;
  let server: Server;
  let platform: TestPlatform;

  beforeAll(async () => {
    const jwks = testAuthSettings().AUTH_JWKS;
    server = createServer((req, res) => {
      if (keysServed) res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      else res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    platform = await startPlatform('sqlite', { AUTH_JWKS: '', AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks` });
  });

  afterAll(async () => {
    await platform.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers 503 naming the identity provider until its keys can be fetched, then stays ready on the cached keys', async () => {
    const http = request(platform.app.getHttpServer());
    const down = await http.get('/health/ready').expect(503);
    expect(down.body.error).toEqual({ identityProvider: { status: 'down', remoteKeySets: 1, keysUnreachable: [testAuthSettings().AUTH_ISSUER] } });

    keysServed = true;
    const up = await http.get('/health/ready').expect(200);
    expect(up.body.details.identityProvider).toEqual({ status: 'up', remoteKeySets: 1, keysUnreachable: [] });
    // A token verifies with the fetched keys.
    await http.get('/reference/indicators').set(school).expect(200);

    // The provider goes away: the cached keys still verify tokens, so the process stays ready.
    keysServed = false;
    await http.get('/health/ready').expect(200);
  });
});

describe('the projector serves health', () => {
  let projector: Awaited<ReturnType<typeof startProjectorApp>>;
  let app: INestApplication;

  beforeAll(async () => {
    projector = await startProjectorApp();
    app = projector.app;
  });

  afterAll(() => projector.close());

  it('answers /health/live and /health/ready without a token', async () => {
    const http = request(app.getHttpServer());
    await http.get('/health/live').expect(200);
    const ready = await http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { projections: { status: 'up', running: true, failing: [] } } });
  });
});
