import { referralBody } from '../support/http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { configureHttpApp, loadConfig } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { scratchSqlite } from '@app/event-store-testing';
import { bearer, testAuthSettings } from '@app/auth-testing';
import { AuditServiceConfig } from '../../apps/audit-service/src/audit-service.config';
import { AuditServiceModule } from '../../apps/audit-service/src/audit-service.module';
import { startPlatform } from '../support/platform-app';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const auditor = bearer({ userId: 'aud-1', agencyId: 'bf-lscb', roles: ['auditor'] });

/** The distributed deployment: the audit service on the store and read models the other services write. */
describe('audit service', () => {
  it('replays, verifies and checks projections on what the platform wrote, for auditors only', async () => {
    const files = scratchSqlite();
    const env = {
      EVENT_STORE_SQLITE_PATH: join(files.dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(files.dir, 'read-models.sqlite'),
      PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    const platform = await startPlatform('sqlite', env);
    const written = request(platform.app.getHttpServer());
    const { caseId, position } = (
      await written
        .post('/referrals')
        .set(csc)
        .send(referralBody('bf-csc'))
        .expect(201)
    ).body;
    const shown = (await written.get(`/cases/${caseId}`).query({ consistentWith: position }).set(csc).expect(200)).body;
    const projections = platform.app.get(ProjectionsService);
    await projections.waitFor(position);
    const every = projections.names();
    await platform.close();

    const config = loadConfig(AuditServiceConfig, { ...env, ...testAuthSettings() });
    const moduleRef = await Test.createTestingModule({ imports: [AuditServiceModule.forRoot(config)] }).compile();
    const app = configureHttpApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }), { title: 'test', description: 'test' }, config);
    await app.init();
    try {
      const http = request(app.getHttpServer());
      const replayed = (await http.get(`/audit/records/case/${caseId}`).set(auditor).expect(200)).body;
      expect(replayed.view.child).toEqual(shown.child);
      expect(replayed.state).toMatchObject({ exists: true, status: 'open' });
      expect((await http.get('/audit/verify').set(auditor).expect(200)).body).toMatchObject({ ok: true });
      expect((await http.post('/audit/projections/case-view/check').set(auditor).expect(200)).body).toMatchObject({ consistent: true });
      // Every projection the platform runs can be checked here (the police feed, retention reviews,
      // the three sharing read models and the problem profile could not), each rebuilt up to the head of the log.
      expect(every).toHaveLength(16);
      expect(every).toContain('analysis-profile');
      expect(every).toContain('analysis-regional-picture');
      expect(every).toContain('board-reports');
      expect((await http.get('/audit/projections').set(auditor).expect(200)).body.projections.sort()).toEqual([...every].sort());
      for (const name of every) {
        expect((await http.post(`/audit/projections/${name}/check`).set(auditor).expect(200)).body).toMatchObject({ projection: name, consistent: true, behind: 0, failure: null });
      }
      await http.get(`/audit/records/case/${caseId}`).set(csc).expect(403);
      await http.get(`/audit/records/case/${caseId}`).expect(401);
    } finally {
      await app.close();
      await files.drop();
    }
  });
});
