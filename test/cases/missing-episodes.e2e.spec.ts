import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { SemracOpenEpisodeSweep } from '@app/cases';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { watchLog } from '../support/log-watch';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: 'practitioner' });
const police = bearer({ userId: 'pc-4412', agencyId: 'thames-valley-police', roles: 'practitioner' });
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

const referral = {
  referringAgency: { id: 'bf-csc', kind: 'children-social-care', name: "Children's Social Care" },
  referrer: { name: 'Sam Worker', role: 'Social worker' },
  child: { firstName: 'Testa', lastName: 'Fictional', approximateAge: 14, gender: 'female', lookedAfter: true, careLeaver: false, migrantOrUnaccompanied: false },
  vulnerabilities: ['V-RESIDENTIAL-CARE'],
  signs: ['S-MISSING'],
  suspectedModel: 'M-PARTY',
  narrative: 'Missing overnight from the placement; returns with alcohol and new clothes.',
  immediateDanger: false,
  referredAt: '2026-01-05T10:00:00.000Z',
};

const episode = (overrides: Record<string, unknown> = {}) => ({
  missingFrom: 'care-placement',
  missingFromDetail: 'Residential children’s home',
  lastSeenAt: ago(30),
  policeCategory: 'missing',
  riskLevel: 'medium',
  concerning: false,
  pushFactors: ['Conflict with staff'],
  pullFactors: ['Older friends with a car'],
  ...overrides,
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(['sqlite', 'postgres'] as const)('missing episodes and SEMRAC listing over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  const open = async () => (await http.post('/referrals').set(csc).send(referral).expect(201)).body.caseId as string;
  const report = async (caseId: string, body: Record<string, unknown>) =>
    (await http.post(`/cases/${caseId}/missing-episodes`).set(police).send(body).expect(201)).body as { episodeId: string; position: string; revision: number };
  const view = async (caseId: string, position?: string) =>
    (await http.get(`/cases/${caseId}`).query(position ? { consistentWith: position } : {}).set(csc).expect(200)).body;
  /** The case view once the listing process manager has listed the case under the rule (it runs behind the store subscription). */
  const listedUnder = async (caseId: string, rule: string, meanwhile: () => Promise<unknown> = async () => undefined) =>
    (
      await eventually(
        async () => (await meanwhile(), await http.get(`/cases/${caseId}`).set(csc)),
        (answer) => answer.status === 200 && answer.body.semrac.listings.some((l: { rule: string }) => l.rule === rule),
      )
    ).body;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('lists the child for SEMRAC, rule missing-repeatedly, on the third episode within 90 days', async () => {
    const caseId = await open();
    const first = await report(caseId, episode({ lastSeenAt: ago(24 * 80), reportedToPoliceAt: ago(24 * 80 - 2) }));
    await report(caseId, episode({ lastSeenAt: ago(24 * 40) }));
    const third = await report(caseId, episode({ lastSeenAt: ago(24 * 10) }));
    expect(first.revision).toBe(0);
    expect((await view(caseId, third.position)).missing).toMatchObject({ episodes: 3, interviewsDue: [], openEpisodeId: third.episodeId });

    const listed = await listedUnder(caseId, 'missing-repeatedly');
    expect(listed.semrac.listed).toBe(true);
    // (The open-episode sweep may list these long-missing episodes under missing-over-threshold too.)
    expect(listed.semrac.listings.filter((l: { rule: string }) => l.rule === 'missing-repeatedly')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ episodeIds: [first.episodeId, expect.any(String), third.episodeId] }) }),
    ]);
    const entry = listed.chronology.find((c: { type: string }) => c.type === 'ListedForSemrac');
    expect(entry).toMatchObject({ by: { userId: 'system:semrac-listing', agencyId: 'bf-csc' }, reason: expect.stringContaining('missing-repeatedly') });
    // Episodes are their own streams: only listings move the case's revision.
    expect(listed.revision).toBe(listed.semrac.listings.length);
    expect(listed.chronology.filter((c: { type: string }) => c.type === 'MissingEpisodeReported')).toHaveLength(3);
  });

  it('lists a return after more than 24 hours under missing-over-threshold, and shows an overdue return home interview', async () => {
    const caseId = await open();
    const long = await report(caseId, episode({ lastSeenAt: ago(60) }));
    const returned = await http
      .post(`/missing-episodes/${long.episodeId}/return`)
      .set(police)
      .send({ returnedAt: ago(60 - 24 - 0.5), whereFound: 'Town centre car park', foundWith: 'Two older males', returnedBy: 'Police' })
      .expect(200);
    expect(returned.body).toMatchObject({ episodeId: long.episodeId, caseId, revision: 1, changed: true });
    expect((await listedUnder(caseId, 'missing-over-threshold')).semrac.listings).toEqual([
      expect.objectContaining({ rule: 'missing-over-threshold', detail: expect.objectContaining({ episodeIds: [long.episodeId] }) }),
    ]);
    expect((await platform.store.readStream(`case-${caseId}`)).filter((e) => e.type === 'ListedForSemrac')).toHaveLength(1);

    // Returned 100 hours ago: the interview was due 72 hours after, and nobody has recorded it.
    const late = await report(caseId, episode({ lastSeenAt: ago(110) }));
    const back = await http.post(`/missing-episodes/${late.episodeId}/return`).set(police).send({ returnedAt: ago(100), whereFound: 'Home' }).expect(200);
    const listed = (await http.get(`/cases/${caseId}/missing-episodes`).query({ consistentWith: back.body.position }).set(csc).expect(200)).body;
    expect(listed.interviewsOverdue).toBe(1);
    const lateEpisode = listed.episodes.find((e: { episodeId: string }) => e.episodeId === late.episodeId);
    expect(lateEpisode).toMatchObject({ status: 'returned', return: { whereFound: 'Home', durationMinutes: 600 }, interview: { status: 'due', overdue: true } });
    expect(listed.episodes.find((e: { episodeId: string }) => e.episodeId === long.episodeId).interview).toMatchObject({ status: 'due', overdue: false });
    const overdue = (await http.get('/missing-episodes/overdue-interviews').set(csc).expect(200)).body;
    expect(overdue).toContainEqual(expect.objectContaining({ episodeId: late.episodeId, caseId, hoursOverdue: 28 }));
    const { missing } = await view(caseId, back.body.position);
    expect(missing.interviewsDue).toEqual([
      { episodeId: long.episodeId, dueAt: expect.any(String), overdue: false },
      { episodeId: late.episodeId, dueAt: new Date(Date.parse(lateEpisode.return.returnedAt) + 72 * HOUR).toISOString(), overdue: true },
    ]);
    expect(missing.interviewsOverdue).toBe(1);

    const held = await http
      .post(`/missing-episodes/${late.episodeId}/return-interview`)
      .set(csc)
      .send({ outcome: 'held', heldAt: ago(1), heldBy: { name: 'RHI worker', agencyId: 'bf-rhi' }, where: 'At school', learned: 'Stayed at a flat in town' })
      .expect(200);
    const after = (await http.get(`/missing-episodes/${late.episodeId}`).query({ consistentWith: held.body.position }).set(csc).expect(200)).body;
    expect(after.interview).toMatchObject({ status: 'held', overdue: false, held: { where: 'At school' } });
    expect((await http.get('/missing-episodes/overdue-interviews').set(csc).expect(200)).body.map((o: { episodeId: string }) => o.episodeId)).not.toContain(late.episodeId);
  });

  it('lists a child still missing after more than 24 hours without waiting for the return (the periodic sweep)', async () => {
    const caseId = await open();
    const { episodeId } = await report(caseId, episode({ lastSeenAt: ago(26) }));
    const sweep = platform.app.get(SemracOpenEpisodeSweep);
    // The sweep runs every minute where the process manager runs; here it is run at once, until the episode has reached its table.
    const listed = await listedUnder(caseId, 'missing-over-threshold', () => sweep.sweep());
    expect(listed.semrac.listings).toEqual([expect.objectContaining({ rule: 'missing-over-threshold', detail: expect.objectContaining({ episodeIds: [episodeId] }) })]);
    expect(listed.missing).toMatchObject({ episodes: 1, openEpisodeId: episodeId });
  });

  it('lists a concerning episode, records an interview not held with the attempts, and updates with a note', async () => {
    const caseId = await open();
    const { episodeId } = await report(caseId, episode({ lastSeenAt: ago(5) }));
    const updated = await http
      .patch(`/missing-episodes/${episodeId}`)
      .set(police)
      .set('If-Match', '0')
      .send({ concerning: true, concernNote: 'Seen getting into a car with older males', riskLevel: 'high', note: 'New intelligence' })
      .expect(200);
    expect(updated.body).toMatchObject({ revision: 1, changed: true });
    expect((await listedUnder(caseId, 'missing-concerning')).semrac.listed).toBe(true);

    await http.post(`/missing-episodes/${episodeId}/return`).set(police).send({ returnedAt: ago(2), whereFound: 'Friend’s house' }).expect(200);
    const notHeld = await http
      .post(`/missing-episodes/${episodeId}/return-interview`)
      .set(csc)
      .send({ outcome: 'not-held', reason: 'Child declined', attempts: [{ at: ago(1), by: 'RHI worker', outcome: 'Declined at the door' }] })
      .expect(200);
    const body = (await http.get(`/missing-episodes/${episodeId}`).query({ consistentWith: notHeld.body.position }).set(csc).expect(200)).body;
    expect(body).toMatchObject({
      riskLevel: 'high',
      concerning: true,
      updates: [expect.objectContaining({ note: 'New intelligence', changed: ['concernNote', 'concerning', 'riskLevel'] })],
      interview: { status: 'not-held', notHeld: { reason: 'Child declined', attempts: [expect.objectContaining({ outcome: 'Declined at the door' })] } },
    });
  });

  it('says which SEMRAC criteria and return interview period are in force, and documents the endpoints', async () => {
    const reference = (await http.get('/reference/missing-episodes').set(csc).expect(200)).body;
    expect(reference.returnInterviewHours).toBe(72);
    expect(reference.semracCriteria).toEqual([
      expect.objectContaining({ rule: 'missing-repeatedly', threshold: '3 or more episodes within any 90 days' }),
      expect.objectContaining({ rule: 'missing-over-threshold', threshold: expect.stringContaining('more than 24 hours') }),
      expect.objectContaining({ rule: 'missing-concerning' }),
      expect.objectContaining({ rule: 'risk-band' }),
    ]);
    const paths = Object.keys((await http.get('/api/docs/openapi.json').expect(200)).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/cases/{caseId}/missing-episodes',
        '/missing-episodes/{episodeId}',
        '/missing-episodes/{episodeId}/return',
        '/missing-episodes/{episodeId}/return-interview',
        '/missing-episodes/overdue-interviews',
      ]),
    );
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const caseId = await open();
    const log = watchLog(platform.store);
    await log.mark();
    const bad = await http
      .post(`/cases/${caseId}/missing-episodes`)
      .set(police)
      .send(episode({ lastSeenAt: 'last tuesday', policeCategory: 'lost', pushFactors: 'arguments' }))
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['lastSeenAt', 'policeCategory', 'pushFactors']);
    const noZone = await http.post(`/cases/${caseId}/missing-episodes`).set(police).send(episode({ lastSeenAt: '2026-11-20T21:30:00' })).expect(400);
    expect(noZone.body.errors.map((e: { field: string }) => e.field)).toEqual(['lastSeenAt']);
    await http.post('/cases/3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f/missing-episodes').set(police).send(episode()).expect(404);
    expect(await log.written()).toEqual([]);

    const { episodeId } = await report(caseId, episode({ lastSeenAt: ago(3) }));
    await log.mark();
    const early = await http.post(`/missing-episodes/${episodeId}/return`).set(police).send({ returnedAt: ago(4), whereFound: 'Home' }).expect(422);
    expect(early.body.error).toBe('returned-before-last-seen');
    const noNote = await http.patch(`/missing-episodes/${episodeId}`).set(police).send({ riskLevel: 'high' }).expect(400);
    expect(noNote.body.errors.map((e: { field: string }) => e.field)).toEqual(['note']);
    const nothing = await http.patch(`/missing-episodes/${episodeId}`).set(police).send({ note: 'just a note' }).expect(400);
    expect(nothing.body.errors.map((e: { field: string }) => e.field)).toEqual(['body']);
    const beforeReturn = await http
      .post(`/missing-episodes/${episodeId}/return-interview`)
      .set(csc)
      .send({ outcome: 'held', heldAt: ago(1), heldBy: { name: 'RHI worker', agencyId: 'bf-rhi' }, where: 'School', learned: 'x' })
      .expect(409);
    expect(beforeReturn.body.error).toBe('child-not-returned');
    const mixed = await http
      .post(`/missing-episodes/${episodeId}/return-interview`)
      .set(csc)
      .send({ outcome: 'held', heldAt: ago(1), heldBy: { name: 'RHI worker', agencyId: 'bf-rhi' }, where: 'School', learned: 'x', reason: 'declined' })
      .expect(400);
    expect(mixed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['reason']);
    const noAgency = await http
      .post(`/missing-episodes/${episodeId}/return-interview`)
      .set(csc)
      .send({ outcome: 'held', heldAt: ago(1), heldBy: { name: 'RHI worker' }, where: 'School', learned: 'x' })
      .expect(400);
    expect(noAgency.body.errors.map((e: { field: string }) => e.field)).toEqual(['heldBy.agencyId']);
    const noAttempts = await http.post(`/missing-episodes/${episodeId}/return-interview`).set(csc).send({ outcome: 'not-held', reason: 'declined' }).expect(400);
    expect(noAttempts.body.errors.map((e: { field: string }) => e.field)).toEqual(['attempts']);
    await http.post('/missing-episodes/3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f/return').set(police).send({ returnedAt: ago(1), whereFound: 'Home' }).expect(404);
    expect(await log.written()).toEqual([]);
  });

  it('answers 409 to a stale If-Match and a second return, and a retried Idempotency-Key as the first time', async () => {
    const caseId = await open();
    const body = episode({ lastSeenAt: '2026-01-10T20:00:00Z' });
    const once = await http.post(`/cases/${caseId}/missing-episodes`).set(police).set('Idempotency-Key', 'report-0002').send(body).expect(201);
    const twice = await http.post(`/cases/${caseId}/missing-episodes`).set(police).set('Idempotency-Key', 'report-0002').send(body).expect(201);
    expect(twice.body).toEqual({ ...once.body, created: false });
    await http.post(`/cases/${caseId}/missing-episodes`).set(police).set('Idempotency-Key', 'report-0002').send({ ...body, riskLevel: 'high' }).expect(409);

    const { episodeId } = once.body;
    await http.post(`/missing-episodes/${episodeId}/return`).set(police).set('If-Match', '0').send({ returnedAt: '2026-01-10T23:00:00Z', whereFound: 'Home' }).expect(200);
    const log = watchLog(platform.store);
    await log.mark();
    const stale = await http.patch(`/missing-episodes/${episodeId}`).set(police).set('If-Match', '0').send({ riskLevel: 'high', note: 'stale view' }).expect(409);
    expect(stale.body).toMatchObject({ error: 'concurrent-change', currentRevision: 1 });
    const second = await http.post(`/missing-episodes/${episodeId}/return`).set(police).send({ returnedAt: '2026-01-11T01:00:00Z', whereFound: 'Home' }).expect(409);
    expect(second.body.error).toBe('child-already-returned');
    expect(await log.written()).toEqual([]);
  });
});
