import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { bearer, testAuthSettings } from '@app/auth-testing';
import { configureHttpApp, loadConfig } from '@app/common';
import { scratchSqlite } from '@app/event-store-testing';
import { SharingServiceConfig } from '../../apps/sharing-service/src/sharing-service.config';
import { SharingServiceModule } from '../../apps/sharing-service/src/sharing-service.module';

/** The sharing context as its own service (distributed deployment): no cases or intelligence modules in the process. */
describe('sharing-service', () => {
  const db = scratchSqlite();
  let app: INestApplication;

  beforeAll(async () => {
    const config = loadConfig(SharingServiceConfig, {
      ...testAuthSettings(),
      EVENT_STORE_SQLITE_PATH: db.path('events.sqlite'),
      READ_MODEL_SQLITE_PATH: db.path('read-models.sqlite'),
      SHARING_BOARD_ID: 'brightfield-lscb',
      SHARING_SIGNING_KEY_FILE: db.path('signing-key.pem'),
    });
    expect(config.PORT).toBe(3004);
    const moduleRef = await Test.createTestingModule({ imports: [SharingServiceModule.forRoot(config)] }).compile();
    app = configureHttpApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }), { title: 'test', description: 'test' }, config);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db.drop();
  });

  it('serves the sharing API on its own: identity, and a request to an unknown peer refused with nothing written', async () => {
    const http = request(app.getHttpServer());
    const practitioner = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
    expect((await http.get('/sharing/identity').set(practitioner).expect(200)).body.board).toMatchObject({ id: 'brightfield-lscb', topic: 'safeguard.shares.brightfield-lscb' });
    const refused = await http
      .post('/shares')
      .set(practitioner)
      .send({ peerId: 'westmoor-lscb', label: 'AMBER', purpose: 'Planning', lawfulBasis: { code: 'consent' }, subjectInformed: { informed: true }, content: { caseId: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f', includeCaseSummary: true } })
      .expect(422);
    expect(refused.body.message).toBe('peerId: westmoor-lscb is not a configured peer of this board');
    expect((await http.get('/shares').set(practitioner).expect(200)).body).toEqual({ shares: [], total: 0, next: null });
    await http.get('/shares').expect(401);
  });
});
