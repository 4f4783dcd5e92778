import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { EventStore } from '@app/event-store';
import { readWholeLog } from '@app/event-store-testing';
import { referralBody } from '../support/http';
import { startPlatformReplicas } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });

/** The referrals stored with one of these narratives (the store decrypts them). */
async function referralsTelling(store: EventStore, narratives: readonly string[]) {
  return (await readWholeLog(store)).filter((e) => e.type === 'ReferralReceived' && narratives.includes(String(e.data.narrative)));
}

/**
 * Issue 11, "atomic idempotency": two replicas of the platform on one PostgreSQL database (each its
 * own app and connection pool, as two processes behind a load balancer), and a client that sends
 * the same Idempotency-Key to both at once.
 */
describe('one Idempotency-Key sent to two replicas at once (postgres)', () => {
  let close: () => Promise<void>;
  let store: EventStore;
  let replicas: ReturnType<typeof request>[];

  beforeAll(async () => {
    const started = await startPlatformReplicas(2);
    close = started.close;
    store = started.replicas[0].store;
    replicas = started.replicas.map((r) => request(r.app.getHttpServer()));
  });

  afterAll(async () => {
    await close();
  });

  it('with different bodies: exactly one 201 and one 409, and only the accepted body is stored (10 pairs)', async () => {
    const outcomes: unknown[] = [];
    for (let pair = 0; pair < 10; pair++) {
      const key = `race-${randomUUID()}`;
      const narratives = [`Seen with an older male at the station (pair ${pair}, first).`, `Seen getting into a taxi after school (pair ${pair}, second).`];
      const answers = await Promise.all(
        narratives.map((narrative, i) => replicas[i].post('/referrals').set(school).set('Idempotency-Key', key).send(referralBody('bf-school', { narrative }))),
      );
      const accepted = answers.findIndex((a) => a.status === 201);
      const stored = await referralsTelling(store, narratives);
      outcomes.push({
        statuses: answers.map((a) => a.status).sort(),
        refusal: answers.find((a) => a.status === 409)?.body.error,
        stored: stored.length,
        // The answer points at the referral stored, which tells what the accepted request said.
        storedIsTheAccepted: accepted >= 0 && stored.length === 1 && stored[0].data.referralId === answers[accepted].body.referralId && stored[0].data.narrative === narratives[accepted],
      });
    }
    expect(outcomes).toEqual(Array(10).fill({ statuses: [201, 409], refusal: 'idempotency-key-reused', stored: 1, storedIsTheAccepted: true }));
  });

  it('with the same body: both succeed with the same referral and case, written once (5 pairs)', async () => {
    const outcomes: unknown[] = [];
    for (let pair = 0; pair < 5; pair++) {
      const key = `retry-${randomUUID()}`;
      const narrative = `Collected from school by an older male in a car (retry ${pair}).`;
      const body = referralBody('bf-school', { narrative });
      const answers = await Promise.all(replicas.map((replica) => replica.post('/referrals').set(school).set('Idempotency-Key', key).send(body)));
      const stored = await referralsTelling(store, [narrative]);
      outcomes.push({
        statuses: answers.map((a) => a.status),
        sameReferral: answers[0].body.referralId !== undefined && answers[0].body.referralId === answers[1].body.referralId,
        sameCase: answers[0].body.caseId !== undefined && answers[0].body.caseId === answers[1].body.caseId,
        stored: stored.length,
        storedIsTheAnswer: stored.length === 1 && stored[0].data.referralId === answers[0].body.referralId && stored[0].data.caseId === answers[0].body.caseId,
      });
    }
    expect(outcomes).toEqual(Array(5).fill({ statuses: [201, 201], sameReferral: true, sameCase: true, stored: 1, storedIsTheAnswer: true }));
  });
});
