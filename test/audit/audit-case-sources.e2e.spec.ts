import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const police = bearer({ userId: 'pc-4412', agencyId: 'thames-valley-police', roles: ['practitioner'] });
const auditor = bearer({ userId: 'aud-1', agencyId: 'bf-lscb', roles: ['auditor'] });
const dpo = bearer({ userId: 'dpo-1', agencyId: 'bf-board', roles: ['admin'] });
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** Recorded times have millisecond precision: step past the moment just captured. */
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 5));

/** What the screens showed, without the fields computed when read (never stored, so never replayed). */
function stored(view: Record<string, unknown> & { missing?: Record<string, unknown> & { interviewsDue: { overdue?: boolean }[] } }) {
  const { riskReviewOverdue: _risk, missing, ...rest } = view;
  if (!missing) return rest;
  const { interviewsOverdue: _count, interviewsDue, ...summary } = missing;
  return { ...rest, missing: { ...summary, interviewsDue: interviewsDue.map(({ overdue: _overdue, ...due }) => due) } };
}

/**
 * The case view folds in more than the case stream: the child's missing episodes (their own
 * streams) and links made from another child's case. The auditor's replay as of a moment must
 * show exactly what the screens showed then, those included.
 */
describe.each(['sqlite', 'postgres'] as const)('audit replay of a case with missing episodes and links made from another case (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  const open = async () => (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body.caseId as string;
  const shown = async (caseId: string, position: string) =>
    stored((await http.get(`/cases/${caseId}`).query({ consistentWith: position }).set(csc).expect(200)).body);
  const replayed = async (caseId: string, asOf?: string) =>
    (await http.get(`/audit/records/case/${caseId}`).query(asOf ? { asOf } : {}).set(auditor).expect(200)).body;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('replays the episodes and the mirrored link as the case view showed them at each moment, and the diff shows the episode change', async () => {
    const caseId = await open();
    const otherCaseId = await open();
    const flagged = await http.put(`/cases/${caseId}/flags/child-witness`).set(csc).send({ note: 'Intermediary in place' }).expect(200);
    const shown0 = await shown(caseId, flagged.body.position);
    const t0 = new Date().toISOString();
    await nextMillisecond();

    // A short, unconcerning episode (no SEMRAC listing follows), and a link made on the other child's case.
    const reported = (
      await http
        .post(`/cases/${caseId}/missing-episodes`)
        .set(police)
        .send({ missingFrom: 'home', lastSeenAt: ago(6), policeCategory: 'missing', riskLevel: 'low', concerning: false, pushFactors: ['Conflict at home'], pullFactors: [] })
        .expect(201)
    ).body as { episodeId: string; position: string };
    const linked = await http.post(`/cases/${otherCaseId}/links`).set(csc).send({ linkedCaseId: caseId, kind: 'friend', note: 'Seen together at the flat' }).expect(200);
    const shown1 = await shown(caseId, linked.body.position);
    const t1 = new Date().toISOString();
    await nextMillisecond();

    await http.post(`/missing-episodes/${reported.episodeId}/return`).set(police).send({ returnedAt: ago(2), whereFound: 'Town centre' }).expect(200);
    const held = await http
      .post(`/missing-episodes/${reported.episodeId}/return-interview`)
      .set(csc)
      .send({ outcome: 'held', heldAt: ago(1), heldBy: { name: 'RHI worker', agencyId: 'bf-rhi' }, where: 'At school', learned: 'Stayed with friends' })
      .expect(200);
    const shown2 = await shown(caseId, held.body.position);
    const t2 = new Date().toISOString();

    // What the screens showed includes what the case stream alone does not hold.
    expect(shown1.missing).toMatchObject({ episodes: 1, openEpisodeId: reported.episodeId });
    expect(shown1.links).toEqual([expect.objectContaining({ caseId: otherCaseId, kind: 'friend', note: 'Seen together at the flat' })]);
    expect(shown2.missing).toMatchObject({ episodes: 1, openEpisodeIds: [], interviewsDue: [] });

    const [then0, then1, then2] = [await replayed(caseId, t0), await replayed(caseId, t1), await replayed(caseId, t2)];
    expect(then0.view).toEqual(shown0);
    expect(then1.view).toEqual(shown1);
    expect(then2.view).toEqual(shown2);
    expect(then0).not.toHaveProperty('viewSources');
    expect(then2.viewSources).toEqual({ streamIds: [`case-${otherCaseId}`, `missing-episode-${reported.episodeId}`].sort(), eventsApplied: 4 });
    // The decider's state is the case stream's alone: the link was decided on the other case.
    expect(then2).toMatchObject({ revision: 1, eventsApplied: 2, state: { links: [] } });
    // The other child's case shows its own link, not a mirror of it twice.
    expect((await replayed(otherCaseId, t2)).view).toEqual(await shown(otherCaseId, held.body.position));

    const diff = (await http.get(`/audit/records/case/${caseId}/diff`).query({ from: t1, to: t2 }).set(auditor).expect(200)).body;
    expect(diff.events).toEqual([
      expect.objectContaining({ type: 'ChildReturned', streamId: `missing-episode-${reported.episodeId}`, actor: 'pc-4412', agency: 'thames-valley-police' }),
      expect.objectContaining({ type: 'ReturnInterviewHeld', streamId: `missing-episode-${reported.episodeId}`, actor: 'sw-9', agency: 'bf-csc' }),
    ]);
    expect(diff.stateChanges).toEqual([]);
    expect(diff.viewChanges).toEqual(
      expect.arrayContaining([
        { path: 'missing.openEpisodeId', change: 'removed', before: reported.episodeId },
        expect.objectContaining({ path: 'chronology[4]', change: 'added', after: expect.objectContaining({ type: 'ChildReturned' }) }),
        expect.objectContaining({ path: 'chronology[5]', change: 'added', after: expect.objectContaining({ type: 'ReturnInterviewHeld' }) }),
      ]),
    );
    const before = (await http.get(`/audit/records/case/${caseId}/diff`).query({ from: t0, to: t1 }).set(auditor).expect(200)).body;
    expect(before.events.map((e: { type: string; streamId?: string }) => [e.type, e.streamId])).toEqual([
      ['MissingEpisodeReported', `missing-episode-${reported.episodeId}`],
      ['CasesLinked', `case-${otherCaseId}`],
    ]);
    expect(before.viewChanges).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'links[0]', change: 'added' })]));

    // Erasing the other child: what their case said (the link's note) reads as erased, in the replay too.
    await http.post(`/cases/${otherCaseId}/erasure`).set(dpo).send({ reason: 'Retention review: no further safeguarding purpose' }).expect(200);
    const thenAfterErasure = await replayed(caseId, t1);
    expect(thenAfterErasure.view.links).toEqual([expect.objectContaining({ caseId: otherCaseId, note: '[erased]' })]);
    expect(thenAfterErasure.view.missing).toEqual(then1.view.missing);
  });
});
