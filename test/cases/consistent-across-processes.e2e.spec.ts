import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { startPlatformReplicas } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });

/**
 * Issue 12 item 4: in a distributed deployment the service that takes a command runs no
 * projection (the projector does, in another process). `consistentWith` must still wait until the
 * read model holds the change: here the service is a replica started with PROJECTIONS_RUN=false on
 * the same PostgreSQL databases as one that runs them.
 */
describe('consistentWith when the projections run in another process (postgres)', () => {
  let close: () => Promise<void>;
  let service: ReturnType<typeof request>;

  beforeAll(async () => {
    const started = await startPlatformReplicas(2);
    close = started.close;
    service = request(started.replicas[1].app.getHttpServer());
  });

  afterAll(async () => {
    await close();
  });

  it('reads its own write: 10 referrals, each case readable at once with the position the command returned', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const created = await service.post('/referrals').set(school).send(referralBody('bf-school', { narrative: `Seen with an older male, ${i}` })).expect(201);
      const read = await service.get(`/cases/${created.body.caseId}`).query({ consistentWith: created.body.position }).set(school);
      statuses.push(read.status);
      if (read.status === 200) expect(read.body.caseId).toBe(created.body.caseId);
    }
    expect(statuses).toEqual(Array(10).fill(200));
  });
});
