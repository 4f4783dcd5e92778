import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { bearer, testAuthSettings } from '@app/auth-testing';
import { configureHttpApp, loadConfig } from '@app/common';
import { EVENT_STORE, EventStore, OutboxStore, hasOutbox, rawEventStore } from '@app/event-store';
import { scratchSqlite } from '@app/event-store-testing';
import { disclosureAssessmentBody, referralBody } from '../support/http';
import { CasesServiceConfig } from '../../apps/cases-service/src/cases-service.config';
import { CasesServiceModule } from '../../apps/cases-service/src/cases-service.module';
import { IntelligenceServiceConfig } from '../../apps/intelligence-service/src/intelligence-service.config';
import { IntelligenceServiceModule } from '../../apps/intelligence-service/src/intelligence-service.module';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });

/**
 * The distributed deployment's services on their own (projections and the relay run in the
 * projector): each must still put what the police feed needs in its outbox, in the events'
 * transaction, and encrypt personal data; each needs a token.
 */
describe('the separate services of the distributed deployment (sqlite)', () => {
  const db = scratchSqlite();
  const apps: INestApplication[] = [];
  const env = () => ({
    EVENT_STORE_SQLITE_PATH: db.path('events.sqlite'),
    READ_MODEL_SQLITE_PATH: db.path('read-models.sqlite'),
    PERSONAL_DATA_MASTER_KEY: MASTER_KEY,
    PROJECTIONS_RUN: 'false',
    ...testAuthSettings(),
  });
  const MASTER_KEY = randomBytes(32).toString('base64');

  async function start<C extends object>(Config: new () => C, module: (config: C) => object): Promise<{ http: ReturnType<typeof request>; store: EventStore & OutboxStore }> {
    const config = loadConfig(Config, env());
    const moduleRef = await Test.createTestingModule({ imports: [module(config) as never] }).compile();
    const app = configureHttpApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }), { title: 'test', description: 'test' }, config as never);
    await app.init();
    apps.push(app);
    const store = app.get<EventStore>(EVENT_STORE);
    if (!hasOutbox(store)) throw new Error('expected an outbox');
    return { http: request(app.getHttpServer()), store };
  }

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await db.drop();
  });

  it('the cases service refuses a request without a token, and puts a disclosure for the police in its outbox', async () => {
    const { http, store } = await start(CasesServiceConfig, (c) => CasesServiceModule.forRoot(c));
    await http.get('/cases').expect(401);
    const { caseId } = (await http.post('/referrals').set(csc).send(referralBody('bf-csc', { child: { firstName: 'Ysolde', lastName: 'Marchbanks' } })).expect(201)).body;
    const assessed = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send({ ...disclosureAssessmentBody(), disclosureDetails: 'Told her social worker about the parties.' }).expect(201);
    const messages = await store.readUnsentOutbox(100);
    const disclosure = messages.find((m) => m.key === `disclosure-${assessed.body.assessmentId}`);
    expect(disclosure).toMatchObject({ type: 'intelligence-disseminated.v1', topic: 'police.intelligence-feed', payload: { kind: 'disclosure', urgent: true } });
    expect(JSON.stringify(await rawEventStore(store).readAll())).not.toMatch(/Ysolde|Marchbanks|parties/);
  });

  it('the intelligence service puts a disseminated item in its outbox', async () => {
    const { http, store } = await start(IntelligenceServiceConfig, (c) => IntelligenceServiceModule.forRoot(c));
    await http.get('/intelligence').expect(401);
    const { itemId } = (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: 'A man collects girls from the park.', subjects: [{ kind: 'location', text: 'Riverside Park' }], knownAt: '2026-11-27', howKnown: 'seen-or-heard', source: { name: 'Orlaith Penhallow' } })
        .expect(201)
    ).body;
    await http.post(`/intelligence/${itemId}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);
    await http.post(`/intelligence/${itemId}/sanitisation`).set(officer).send({ text: 'A man collects girls from the park.' }).expect(200);
    await http.post(`/intelligence/${itemId}/dissemination`).set(officer).send({}).expect(200);
    const messages = await store.readUnsentOutbox(100);
    expect(messages.find((m) => m.key === itemId)).toMatchObject({ type: 'intelligence-disseminated.v1', payload: { kind: 'intelligence', itemId, sequence: 1 } });
    expect(JSON.stringify(await rawEventStore(store).readAll())).not.toContain('Penhallow');
  });
});
