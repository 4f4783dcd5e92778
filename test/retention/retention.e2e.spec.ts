import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { ERASED } from '@app/event-store';
import { referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { watchLog } from '../support/log-watch';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });
const manager = bearer({ userId: 'im-1', agencyId: 'bf-board', roles: ['admin'] });
const TEXT = 'Quillon Ashby is seen collecting girls from the park.';

describe.each(['sqlite', 'postgres'] as const)('retention reviews over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    // Intelligence comes up for review at once, closed cases after a year: the rules are the board's.
    platform = await startPlatform(database, { RETENTION_INTELLIGENCE_REVIEW_MONTHS: '0', RETENTION_CLOSED_CASE_REVIEW_MONTHS: '12' });
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  const submit = async () =>
    (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: TEXT, subjects: [{ kind: 'location', text: 'Riverside Park' }], knownAt: '2026-11-27', howKnown: 'seen-or-heard', source: { name: 'A neighbour' } })
        .expect(201)
    ).body as { itemId: string; position: string };
  const overdue = async (position?: string) =>
    (await http.get('/retention/reviews').query(position ? { consistentWith: position } : {}).set(officer).expect(200)).body as { recordId: string; status: string; reviewDue: string }[];

  it('lists items due for review, retains one with a reason and a next date, disposes of another by erasing it', async () => {
    const [keep, dispose] = [await submit(), await submit()];
    const due = await overdue(dispose.position);
    expect(due.map((r) => r.recordId)).toEqual(expect.arrayContaining([keep.itemId, dispose.itemId]));
    expect(due.find((r) => r.recordId === keep.itemId)).toMatchObject({ status: 'pending', reviewDue: new Date().toISOString().slice(0, 10) });

    const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    const retained = await http
      .post('/retention/reviews')
      .set(officer)
      .send({ recordKind: 'intelligence', recordId: keep.itemId, decision: 'retain', reason: 'Linked to an open investigation', nextReviewOn: nextYear })
      .expect(200);
    expect(retained.body).toMatchObject({ decision: 'retain', nextReviewOn: nextYear, erased: false });
    const disposed = await http
      .post('/retention/reviews')
      .set(officer)
      .send({ recordKind: 'intelligence', recordId: dispose.itemId, decision: 'dispose', reason: 'No policing purpose remains' })
      .expect(200);
    expect(disposed.body).toMatchObject({ decision: 'dispose', erased: true });

    const after = await overdue(disposed.body.position);
    expect(after.map((r) => r.recordId)).not.toContain(keep.itemId);
    expect(after.map((r) => r.recordId)).not.toContain(dispose.itemId);
    const all = (await http.get('/retention/reviews').query({ filter: 'all' }).set(manager).expect(200)).body as { recordId: string; status: string; lastReason: string; lastReviewedBy: string }[];
    expect(all.find((r) => r.recordId === keep.itemId)).toMatchObject({ status: 'retained', lastReason: 'Linked to an open investigation', lastReviewedBy: 'dc-301' });
    expect(all.find((r) => r.recordId === dispose.itemId)).toMatchObject({ status: 'disposed' });

    // Disposal erased the item's personal data; the original is unreadable for good.
    const original = await http.get(`/intelligence/${dispose.itemId}/original`).set(officer).expect(200);
    expect(JSON.stringify(original.body)).not.toContain('Quillon');
    expect(original.body.information).toBe(ERASED);
    const [erasure] = await platform.store.readStream(`erasure-intel:${dispose.itemId}`);
    expect(erasure.metadata).toMatchObject({ actor: { userId: 'dc-301' }, reason: 'Retention review: No policing purpose remains' });
  });

  it('reviews a case only once it is closed, as the board’s information manager, and refuses bad input naming the field', async () => {
    const { caseId } = (await http.post('/referrals').set(school).send(referralBody()).expect(201)).body;
    const log = watchLog(platform.store);
    await log.mark();
    const body = { recordKind: 'case', recordId: caseId, decision: 'retain', reason: 'Sibling case still open', nextReviewOn: new Date(Date.now() + 86_400_000 * 30).toISOString().slice(0, 10) };
    await http.post('/retention/reviews').set(manager).send(body).expect(409);
    await http.post('/retention/reviews').set(officer).send(body).expect(403);
    const bad = await http.post('/retention/reviews').set(manager).send({ ...body, recordKind: 'share', nextReviewOn: 'soon', extra: 1 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'nextReviewOn', 'recordKind']);
    expect(await log.written()).toEqual([]);

    const closed = await http.post(`/cases/${caseId}/close`).set(school).send({ reason: 'Risk reduced; support plan complete' }).expect(200);
    const listed = (await http.get('/retention/reviews').query({ filter: 'all', kind: 'case', consistentWith: closed.body.position }).set(manager).expect(200)).body;
    const nextYear = new Date(Date.now() + 365 * 86_400_000);
    expect(listed.find((r: { recordId: string }) => r.recordId === caseId)).toMatchObject({ status: 'pending', reviewDue: expect.stringMatching(new RegExp(`^${nextYear.getUTCFullYear()}-`)) });
    await http.post('/retention/reviews').set(manager).send(body).expect(200);
  });
});
