import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { verifyStream } from '@app/event-store';
import { startPlatform, TestPlatform } from '../support/platform-app';

/**
 * One child's casework story, end to end over HTTP on the real platform module: referred by a
 * school and by the police, missing three times, listed for SEMRAC by the listing process manager,
 * assessed, discussed at a meeting with actions and a support plan, reassessed, closed and
 * reopened. Each step checks what a practitioner would see. The steps share the child's case and
 * run in order. Every name is fictional.
 */

const school = bearer({ userId: 'dsl-31', agencyId: 'bf-school', roles: 'referrer' });
const police = bearer({ userId: 'pc-5120', agencyId: 'tvp', roles: 'practitioner' });
const csc = bearer({ userId: 'sw-22', agencyId: 'bf-csc', roles: 'practitioner,semrac-member' });
const chair = bearer({ userId: 'chair-7', agencyId: 'bf-csc', roles: 'semrac-chair' });

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);
/** A date of birth giving this age in whole years today (the last birthday a month ago). */
const bornYearsAgo = (years: number) => {
  const d = new Date(Date.now() - 30 * DAY);
  return `${d.getUTCFullYear() - years}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d.getUTCDate(), 28)).padStart(2, '0')}`;
};

const CHILD = {
  firstName: 'Quillan',
  lastName: 'Examplecase',
  dateOfBirth: bornYearsAgo(15),
  gender: 'female',
  school: 'Example Academy',
  area: 'Great Hollands',
  lookedAfter: false,
  careLeaver: false,
  migrantOrUnaccompanied: false,
};

const referral = (overrides: Record<string, unknown> = {}) => ({
  referringAgency: { id: 'bf-school', kind: 'education', name: 'Example Academy' },
  referrer: { name: 'Dee Safeguard', role: 'Designated safeguarding lead' },
  child: CHILD,
  vulnerabilities: ['V-LOW-SELF-ESTEEM'],
  signs: ['S-SCHOOL-ABSENCE', 'S-UNEXPLAINED-GIFTS'],
  suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
  narrative: 'Collected from school by an older male in a car; a new phone and clothes; absent most Fridays.',
  immediateDanger: false,
  referredAt: iso(Date.now() - 2 * DAY),
  ...overrides,
});

const coChairs = [
  { agencyId: 'bf-csc', agencyName: "Children's Social Care", agencyKind: 'children-social-care', name: 'Chris Chair', role: 'Head of safeguarding' },
  { agencyId: 'tvp', agencyName: 'Thames Valley Police', agencyKind: 'police', name: 'DI Pat Chair', role: 'Detective inspector' },
];

type Entry = { type: string; by: { userId: string; agencyId: string }; reason?: string; summary: string };

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(['sqlite', 'postgres'] as const)("one child's journey through casework over HTTP (%s)", (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  // What the story carries from step to step.
  let caseId: string;
  const episodes: string[] = [];
  let firstAssessment: { assessmentId: string; nextReviewDue: string };
  let meetingId: string;
  let meetingAt: number;
  let laterMeetingId: string;
  let actionIds: string[];

  const view = async (position?: string, as = csc) =>
    (await http.get(`/cases/${caseId}`).query(position ? { consistentWith: position } : {}).set(as).expect(200)).body;
  const types = (body: { chronology: Entry[] }) => body.chronology.map((c) => c.type);
  const rules = (body: { semrac: { listings: { rule: string }[] } }) => body.semrac.listings.map((l) => l.rule);
  /** The case view once the listing process manager has listed the child under the rule (it runs behind the store subscription). */
  const listedUnder = async (rule: string) => {
    const body = await eventually(view, (b) => rules(b).includes(rule));
    expect(rules(body)).toContain(rule);
    return body;
  };
  const caseList = async (query: Record<string, string>) =>
    ((await http.get('/cases').query(query).set(csc).expect(200)).body.cases as { caseId: string }[]).map((c) => c.caseId);
  const report = async (body: Record<string, unknown>) =>
    (await http.post(`/cases/${caseId}/missing-episodes`).set(police).send(body).expect(201)).body as { episodeId: string; position: string };
  const episode = (lastSeenAt: number, overrides: Record<string, unknown> = {}) => ({
    missingFrom: 'home',
    missingFromDetail: 'Family home',
    lastSeenAt: iso(lastSeenAt),
    reportedToPoliceAt: iso(lastSeenAt + HOUR),
    policeCategory: 'missing',
    riskLevel: 'medium',
    concerning: false,
    pushFactors: ['Arguments at home'],
    pullFactors: ['Older friends with a car'],
    ...overrides,
  });
  const tracker = async (query: Record<string, string>, position: string) =>
    (await http.get('/semrac/actions').query({ ...query, consistentWith: position }).set(csc).expect(200)).body;
  const agenda = async (id: string, position?: string) =>
    (await http.get(`/semrac/meetings/${id}/agenda`).query(position ? { consistentWith: position } : {}).set(chair).expect(200)).body;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('1. a school refers the child: a case opens, showing the referral and the chronology', async () => {
    const created = await http.post('/referrals').set(school).send(referral()).expect(201);
    expect(created.body).toMatchObject({ created: true, referralId: expect.any(String), caseId: expect.any(String) });
    caseId = created.body.caseId;

    // Only the school is on the case yet (need to know: libs/access).
    const body = await view(created.body.position, school);
    expect(body).toMatchObject({
      caseId,
      status: 'open',
      revision: 0,
      child: { firstName: 'Quillan', lastName: 'Examplecase', school: 'Example Academy' },
      agencies: [{ id: 'bf-school', kind: 'education' }],
      referrals: [expect.objectContaining({ referralId: created.body.referralId, agency: expect.objectContaining({ id: 'bf-school' }), referrer: { name: 'Dee Safeguard', role: 'Designated safeguarding lead' } })],
      semrac: { listed: false, listings: [] },
    });
    expect(body.flags).toEqual([]);
    expect(body.chronology).toEqual([
      expect.objectContaining({ type: 'ReferralReceived', by: { userId: 'dsl-31', agencyId: 'bf-school' }, summary: 'Referral from Example Academy' }),
    ]);
  });

  it('2. the police add a referral to the same case; two agencies name lead professionals; the child is flagged looked after', async () => {
    const second = await http
      .post('/referrals')
      .set(police)
      .send(
        referral({
          caseId,
          referringAgency: { id: 'tvp', kind: 'police', name: 'Thames Valley Police' },
          referrer: { name: 'PC Sam Beat', role: 'Neighbourhood officer' },
          signs: ['S-MISSING', 'S-SUBSTANCE-MISUSE'],
          suspectedModel: 'M-PARTY',
          narrative: 'Found at a party at a flat above a takeaway with older males; alcohol given.',
          referredAt: iso(Date.now() - HOUR),
        }),
      )
      .expect(201);
    expect(second.body).toMatchObject({ caseId, created: true });

    await http
      .put(`/cases/${caseId}/lead-professionals`)
      .set(csc)
      .send({ agencyId: 'bf-csc', agencyName: "Children's Social Care", name: 'Robin Leadworker', role: 'CSE lead social worker' })
      .expect(200);
    await http
      .put(`/cases/${caseId}/lead-professionals`)
      .set(police)
      .send({ agencyId: 'tvp', agencyName: 'Thames Valley Police', name: 'DC Jules Example', role: 'CSE lead, child exploitation team', contact: '101 ext 4321' })
      .expect(200);
    const flagged = await http.put(`/cases/${caseId}/flags/looked-after`).set(csc).send({}).expect(200);
    expect(flagged.body).toMatchObject({ caseId, revision: 4, changed: true });

    const body = await view(flagged.body.position);
    expect(body.referrals).toHaveLength(2);
    expect(body.agencies.map((a: { id: string }) => a.id)).toEqual(['bf-school', 'tvp']);
    expect(body.suspectedModels.map((m: { code: string }) => m.code)).toEqual(['M-INAPPROPRIATE-RELATIONSHIP', 'M-PARTY']);
    expect(body.leadProfessionals.map((l: { agencyId: string; name: string }) => [l.agencyId, l.name])).toEqual([
      ['bf-csc', 'Robin Leadworker'],
      ['tvp', 'DC Jules Example'],
    ]);
    expect(body.flags).toEqual([expect.objectContaining({ code: 'looked-after', label: 'Looked after' })]);
    expect(types(body)).toEqual(['ReferralReceived', 'ReferralReceived', 'LeadProfessionalNamed', 'LeadProfessionalNamed', 'CaseFlagSet']);
    expect(body.chronology[1].by).toEqual({ userId: 'pc-5120', agencyId: 'tvp' });
  });

  it('3. three missing episodes within 90 days list the child for SEMRAC automatically (missing-repeatedly)', async () => {
    const now = Date.now();
    // 80 days ago: back after 5 hours; the return home interview held the next day.
    const seen1 = now - 80 * DAY;
    const first = await report(episode(seen1));
    episodes.push(first.episodeId);
    await http
      .post(`/missing-episodes/${first.episodeId}/return`)
      .set(police)
      .send({ returnedAt: iso(seen1 + 5 * HOUR), whereFound: 'A flat above the takeaway on the High Street', foundWith: 'Two older males', returnedBy: 'Police' })
      .expect(200);
    await http
      .post(`/missing-episodes/${first.episodeId}/return-interview`)
      .set(csc)
      .send({ outcome: 'held', heldAt: iso(seen1 + 30 * HOUR), heldBy: { name: 'Morgan Interviewer', agencyId: 'bf-rhi' }, where: 'At school', learned: 'Given alcohol and a lift by older males she met online.' })
      .expect(200);

    // 40 days ago: back after 3 hours; the interview not held despite two attempts.
    const seen2 = now - 40 * DAY;
    const second = await report(episode(seen2, { riskLevel: 'high' }));
    episodes.push(second.episodeId);
    await http.post(`/missing-episodes/${second.episodeId}/return`).set(police).send({ returnedAt: iso(seen2 + 3 * HOUR), whereFound: 'Bracknell bus station' }).expect(200);
    const notHeld = await http
      .post(`/missing-episodes/${second.episodeId}/return-interview`)
      .set(csc)
      .send({
        outcome: 'not-held',
        reason: 'Child declined',
        attempts: [
          { at: iso(seen2 + 27 * HOUR), by: 'Morgan Interviewer', outcome: 'No answer at home' },
          { at: iso(seen2 + 51 * HOUR), by: 'Morgan Interviewer', outcome: 'Declined at the door' },
        ],
      })
      .expect(200);
    const afterTwo = await view(notHeld.body.position);
    expect(afterTwo.missing).toMatchObject({ episodes: 2, openEpisodeIds: [], interviewsDue: [] });
    expect(afterTwo.semrac.listed).toBe(false);

    // 5 days ago: the third within 90 days.
    const seen3 = now - 5 * DAY;
    const third = await report(episode(seen3, { riskLevel: 'high', pullFactors: ['Older friends with a car', 'Parties at a flat in town'] }));
    episodes.push(third.episodeId);
    expect((await view(third.position)).missing).toMatchObject({ episodes: 3, openEpisodeId: third.episodeId });

    const listed = await listedUnder('missing-repeatedly');
    expect(listed.semrac.listed).toBe(true);
    expect(listed.semrac.listings).toEqual([
      expect.objectContaining({
        rule: 'missing-repeatedly',
        detail: { summary: '3 missing episodes within 90 days (threshold 3)', episodeIds: episodes },
      }),
    ]);
    expect(listed.chronology.at(-1)).toMatchObject({
      type: 'ListedForSemrac',
      by: { userId: 'system:semrac-listing', agencyId: 'bf-school' },
      reason: expect.stringContaining('missing-repeatedly'),
    });
    expect(await caseList({ listedForSemrac: 'true' })).toContain(caseId);

    // Back after 6 hours; the interview is now overdue (due 72 hours after the return).
    const back = await http.post(`/missing-episodes/${third.episodeId}/return`).set(police).send({ returnedAt: iso(seen3 + 6 * HOUR), whereFound: 'A friend’s house' }).expect(200);
    const { missing } = await view(back.body.position);
    expect(missing).toMatchObject({ episodes: 3, openEpisodeIds: [], interviewsDue: [{ episodeId: third.episodeId, dueAt: iso(seen3 + 78 * HOUR), overdue: true }], interviewsOverdue: 1 });

    const list = (await http.get(`/cases/${caseId}/missing-episodes`).query({ consistentWith: back.body.position }).set(csc).expect(200)).body;
    const byId = (id: string) => list.episodes.find((e: { episodeId: string }) => e.episodeId === id);
    expect(byId(first.episodeId)).toMatchObject({
      status: 'returned',
      policeCategory: 'missing',
      riskLevel: 'medium',
      return: { whereFound: 'A flat above the takeaway on the High Street', foundWith: 'Two older males', durationMinutes: 300 },
      interview: { status: 'held', held: { where: 'At school', heldBy: { agencyId: 'bf-rhi' } } },
    });
    expect(byId(second.episodeId)).toMatchObject({
      riskLevel: 'high',
      return: { whereFound: 'Bracknell bus station', durationMinutes: 180 },
      interview: { status: 'not-held', notHeld: { reason: 'Child declined', attempts: [expect.objectContaining({ outcome: 'No answer at home' }), expect.objectContaining({ outcome: 'Declined at the door' })] } },
    });
    expect(byId(third.episodeId)).toMatchObject({ return: { durationMinutes: 360 }, interview: { status: 'due', overdue: true } });
    // Six hours is under the 24-hour threshold: still only the one listing.
    expect(rules(await view())).toEqual(['missing-repeatedly']);
  });

  it('4. a risk assessment bands the child moderate: the view shows the band and review date, and a risk-band listing follows', async () => {
    const assessed = await http
      .post(`/cases/${caseId}/risk-assessments`)
      .set(csc)
      .send({
        assessedAt: iso(Date.now() - 60_000),
        assessor: { name: 'Robin Leadworker', role: 'CSE lead social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
        vulnerabilities: ['V-LOW-SELF-ESTEEM', 'V-HOMELESS'],
        signs: [
          { code: 'S-MISSING', severity: 'significant', lastObserved: dateOf(Date.now() - 5 * DAY) },
          { code: 'S-UNEXPLAINED-GIFTS', severity: 'significant', lastObserved: dateOf(Date.now() - 40 * DAY) },
        ],
        disclosure: false,
        summary: 'Three missing episodes in 80 days; gifts and lifts from older males.',
      })
      .expect(201);
    // 2 vulnerabilities and two recent significant signs (5 each): 12, in the band 11-15.
    expect(assessed.body).toMatchObject({ band: 'moderate', score: 12, created: true, nextReviewDue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(assessed.body.nextReviewDue > dateOf(Date.now() + 80 * DAY)).toBe(true);
    firstAssessment = assessed.body;

    const body = await view(assessed.body.position);
    expect(body.risk).toMatchObject({ assessmentId: assessed.body.assessmentId, band: 'moderate', score: 12, nextReviewDue: assessed.body.nextReviewDue, disclosure: false });
    expect(body.riskReviewOverdue).toBe(false);
    // (The risk-band listing may already follow it: the listing process manager reacts to the band.)
    expect(body.chronology.find((c: Entry) => c.type === 'RiskAssessed')).toMatchObject({ summary: expect.stringMatching(/^Risk assessed by Children's Social Care: Moderate \(score 12;.*next review due /) });

    const listed = await listedUnder('risk-band');
    expect(listed.semrac).toMatchObject({ listed: true });
    expect(listed.semrac.listings).toEqual([
      expect.objectContaining({ rule: 'missing-repeatedly' }),
      expect.objectContaining({ rule: 'risk-band', detail: { summary: 'Risk assessed as moderate', assessmentId: assessed.body.assessmentId, band: 'moderate' } }),
    ]);
    expect(await caseList({ listedForSemrac: 'true', riskBand: 'moderate' })).toEqual([caseId]);
  });

  it('5. SEMRAC: a co-chaired meeting lists the child on its agenda, discusses the case with actions and a plan; the tracker follows the actions', async () => {
    // The meeting starts now: after the listings, so they are on its agenda.
    meetingAt = Date.now();
    const scheduled = await http.post('/semrac/meetings').set(chair).send({ scheduledFor: iso(meetingAt), venue: 'Time Square, Bracknell: room 2', coChairs }).expect(201);
    expect(scheduled.body).toMatchObject({ revision: 0, created: true });
    meetingId = scheduled.body.meetingId;
    const attended = await http
      .post(`/semrac/meetings/${meetingId}/attendance`)
      .set(chair)
      .send({
        attendees: [
          { agencyId: 'bf-csc', agencyName: "Children's Social Care", attendance: 'present', name: 'Chris Chair', role: 'Head of safeguarding' },
          { agencyId: 'tvp', agencyName: 'Thames Valley Police', attendance: 'present', name: 'DI Pat Chair', role: 'Detective inspector' },
          { agencyId: 'bf-school', agencyName: 'Example Academy', attendance: 'present', name: 'Dee Safeguard', role: 'Designated safeguarding lead' },
          { agencyId: 'bf-health', agencyName: 'Health', attendance: 'apologies', name: 'Dr Sam Example', role: 'Named nurse' },
        ],
      })
      .expect(200);
    expect(attended.body).toMatchObject({ revision: 1, changed: true });

    const before = await agenda(meetingId, attended.body.position);
    expect(before.newListings).toEqual([
      {
        caseId,
        listings: [
          expect.objectContaining({ rule: 'missing-repeatedly', summary: '3 missing episodes within 90 days (threshold 3)' }),
          expect.objectContaining({ rule: 'risk-band', summary: 'Risk assessed as moderate' }),
        ],
      },
    ]);
    expect(before.overdueInterviews).toEqual([expect.objectContaining({ caseId, episodeId: episodes[2] })]);
    expect(before.dueForReview).toEqual([]);

    // Discussed: risk agreed significant; two actions, one due in a week, one in four weeks.
    const inAWeek = dateOf(meetingAt + 7 * DAY);
    const inFourWeeks = dateOf(meetingAt + 28 * DAY);
    const discussed = await http
      .post(`/semrac/meetings/${meetingId}/discussions`)
      .set(chair)
      .send({
        caseId,
        summary: 'Three missing episodes since the summer; found twice with older males at a flat on the High Street.',
        agreedRiskLevel: 'significant',
        decisions: ['Police to consider a child abduction warning notice', 'Multi-agency support plan agreed'],
        actions: [
          { description: 'Hold the outstanding return home interview', ownerAgencyId: 'bf-csc', ownerAgencyName: "Children's Social Care", ownerPerson: 'Robin Leadworker', dueDate: inAWeek },
          { description: 'Disruption visit to the flat on the High Street', ownerAgencyId: 'tvp', ownerAgencyName: 'Thames Valley Police', ownerPerson: 'DC Jules Example', dueDate: inFourWeeks },
        ],
      })
      .expect(201);
    expect(discussed.body).toMatchObject({ meetingId, caseId, changed: true, actionIds: [expect.any(String), expect.any(String)] });
    actionIds = discussed.body.actionIds;
    const [interviewAction, disruptionAction] = actionIds;

    const plan = await http
      .post(`/cases/${caseId}/support-plans`)
      .set(csc)
      .send({
        objectives: ['No further missing episodes', 'Attends school full time', 'Knows who to call when at risk'],
        interventions: [
          { agencyId: 'bf-csc', description: 'Direct work with the child and family', frequency: 'weekly' },
          { agencyId: 'tvp', description: 'Disruption visits to the address of concern', frequency: 'fortnightly' },
          { agencyId: 'bf-school', description: 'Daily check-in with the pastoral lead', frequency: 'daily' },
        ],
        reviewDate: dateOf(meetingAt + 21 * DAY),
        meetingId,
      })
      .expect(201);
    expect(plan.body).toMatchObject({ caseId, planRevision: 1, changed: true });

    // The discussion cleared the pending listing; the case shows the discussion and the plan.
    const body = await view(plan.body.position);
    expect(body.semrac.listed).toBe(false);
    expect(rules(body)).toEqual(['missing-repeatedly', 'risk-band']);
    expect(body.semracDiscussions).toEqual([expect.objectContaining({ meetingId, agreedRiskLevel: 'significant', actionIds })]);
    expect(body.supportPlans).toEqual([expect.objectContaining({ planRevision: 1, meetingId, reviewDate: dateOf(meetingAt + 21 * DAY) })]);
    expect(types(body).slice(-2)).toEqual(['DiscussedAtSemrac', 'SupportPlanRecorded']);
    expect(await caseList({ listedForSemrac: 'true' })).not.toContain(caseId);
    expect(await caseList({ listedForSemrac: 'false', riskBand: 'significant', agencyId: 'bf-school' })).toEqual([caseId]);

    // The meeting: co-chairs, attendance by agency, the discussion and its actions.
    const meeting = (await http.get(`/semrac/meetings/${meetingId}`).query({ consistentWith: plan.body.position }).set(chair).expect(200)).body;
    expect(meeting).toMatchObject({ status: 'scheduled', coChairs, discussions: [expect.objectContaining({ caseId, agreedRiskLevel: 'significant', actionIds, recordedBy: { userId: 'chair-7', agencyId: 'bf-csc' } })] });
    expect(meeting.attendance.map((a: { agencyId: string; attendance: string }) => [a.agencyId, a.attendance])).toEqual([
      ['bf-csc', 'present'],
      ['tvp', 'present'],
      ['bf-school', 'present'],
      ['bf-health', 'apologies'],
    ]);

    // The action tracker, by owning agency.
    const cscActions = await tracker({ agencyId: 'bf-csc' }, plan.body.position);
    expect(cscActions.actions).toEqual([
      expect.objectContaining({ actionId: interviewAction, meetingId, caseId, ownerPerson: 'Robin Leadworker', dueDate: inAWeek, status: 'open', overdue: false }),
    ]);
    expect(cscActions.byAgency).toEqual([{ agencyId: 'bf-csc', agencyName: "Children's Social Care", open: 1, overdue: 0 }]);
    expect((await tracker({ agencyId: 'tvp' }, plan.body.position)).actions).toEqual([
      expect.objectContaining({ actionId: disruptionAction, ownerPerson: 'DC Jules Example', dueDate: inFourWeeks, status: 'open' }),
    ]);

    // Three weeks on, the next meeting's agenda: the interview action overdue by 14 days, the child due for review.
    const later = await http.post('/semrac/meetings').set(chair).send({ scheduledFor: iso(meetingAt + 21 * DAY), venue: 'Time Square, Bracknell: room 2', coChairs }).expect(201);
    laterMeetingId = later.body.meetingId;
    const next = await agenda(laterMeetingId, later.body.position);
    expect(next.newListings).toEqual([]);
    expect(next.overdueActions).toEqual([expect.objectContaining({ actionId: interviewAction, caseId, ownerAgencyId: 'bf-csc', ownerPerson: 'Robin Leadworker', daysOverdue: 14 })]);
    expect(next.dueForReview).toEqual([
      expect.objectContaining({ caseId, lastMeetingId: meetingId, reasons: ['open-actions', 'support-plan-review'], openActionIds: [...actionIds].sort(), reviewDue: dateOf(meetingAt + 21 * DAY) }),
    ]);

    // Children's social care hold the interview: the action is done.
    const done = await http
      .patch(`/semrac/meetings/${meetingId}/actions/${interviewAction}`)
      .set(csc)
      .send({ status: 'done', note: 'Interview held at school; learning shared with police' })
      .expect(200);
    expect(done.body).toMatchObject({ meetingId, changed: true });
    const afterDone = await tracker({ agencyId: 'bf-csc' }, done.body.position);
    expect(afterDone.actions).toEqual([expect.objectContaining({ actionId: interviewAction, status: 'done', overdue: false })]);
    expect(afterDone.byAgency).toEqual([{ agencyId: 'bf-csc', agencyName: "Children's Social Care", open: 0, overdue: 0 }]);
    expect((await tracker({ status: 'open' }, done.body.position)).actions.map((a: { actionId: string }) => a.actionId)).toEqual([disruptionAction]);
    const nextAgain = await agenda(laterMeetingId, done.body.position);
    expect(nextAgain.overdueActions).toEqual([]);
    expect(nextAgain.dueForReview).toEqual([expect.objectContaining({ caseId, openActionIds: [disruptionAction] })]);
    const history = (await http.get(`/semrac/meetings/${meetingId}`).query({ consistentWith: done.body.position }).set(chair).expect(200)).body.actions.find(
      (a: { actionId: string }) => a.actionId === interviewAction,
    ).history;
    expect(history).toEqual([expect.objectContaining({ status: 'open' }), expect.objectContaining({ status: 'done', from: 'open', by: { userId: 'sw-22', agencyId: 'bf-csc' } })]);
  });

  it('6. a reassessment shows the new band, with both assessments in the history', async () => {
    const reassessed = await http
      .post(`/cases/${caseId}/risk-assessments`)
      .set(csc)
      .send({
        assessedAt: new Date().toISOString(),
        assessor: { name: 'Robin Leadworker', role: 'CSE lead social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
        vulnerabilities: ['V-LOW-SELF-ESTEEM'],
        signs: [{ code: 'S-MISSING', severity: 'significant', lastObserved: dateOf(Date.now() - 5 * DAY) }],
        disclosure: false,
        summary: 'Engaging with the plan; no contact with the older males since the disruption visit.',
      })
      .expect(201);
    expect(reassessed.body).toMatchObject({ band: 'mild', score: 6 });

    const body = await view(reassessed.body.position);
    expect(body.risk).toMatchObject({ assessmentId: reassessed.body.assessmentId, band: 'mild', score: 6, nextReviewDue: reassessed.body.nextReviewDue });
    expect(body.risk.history.map((h: { assessmentId: string; band: string; assessorAgencyId: string }) => [h.assessmentId, h.band, h.assessorAgencyId])).toEqual([
      [firstAssessment.assessmentId, 'moderate', 'bf-csc'],
      [reassessed.body.assessmentId, 'mild', 'bf-csc'],
    ]);
    // The latest of assessment and SEMRAC's agreed level is the case's current band.
    expect(await caseList({ riskBand: 'mild' })).toEqual([caseId]);
    expect(await caseList({ riskBand: 'significant' })).toEqual([]);
  });

  it('7. the case is closed with a reason, then reopened with a reason; who did each, and why, is kept', async () => {
    const closed = await http.post(`/cases/${caseId}/close`).set(csc).send({ reason: 'Risk reduced to mild; support plan in place; no missing episodes since' }).expect(200);
    expect((await view(closed.body.position)).status).toBe('closed');
    const reopened = await http.post(`/cases/${caseId}/reopen`).set(police).send({ reason: 'New intelligence: seen again with the same older males' }).expect(200);

    const body = await view(reopened.body.position);
    expect(body.status).toBe('open');
    expect(body.closures).toEqual([
      {
        closedAt: expect.any(String),
        reason: 'Risk reduced to mild; support plan in place; no missing episodes since',
        reopenedAt: expect.any(String),
        reopenReason: 'New intelligence: seen again with the same older males',
      },
    ]);
    expect(body.chronology.slice(-2)).toEqual([
      expect.objectContaining({ type: 'CaseClosed', by: { userId: 'sw-22', agencyId: 'bf-csc' }, reason: 'Risk reduced to mild; support plan in place; no missing episodes since' }),
      expect.objectContaining({ type: 'CaseReopened', by: { userId: 'pc-5120', agencyId: 'tvp' }, reason: 'New intelligence: seen again with the same older males' }),
    ]);

    const stored = await platform.store.readStream(`case-${caseId}`);
    expect(stored.find((e) => e.type === 'CaseClosed')!.metadata).toMatchObject({
      actor: { userId: 'sw-22', agencyId: 'bf-csc' },
      reason: 'Risk reduced to mild; support plan in place; no missing episodes since',
    });
    expect(stored.find((e) => e.type === 'CaseReopened')!.metadata).toMatchObject({
      actor: { userId: 'pc-5120', agencyId: 'tvp' },
      reason: 'New intelligence: seen again with the same older males',
    });
  });

  it('8. the chronology holds every change in order, and the case stream’s hash chain verifies', async () => {
    const body = await view();
    expect(types(body)).toEqual([
      'ReferralReceived',
      'ReferralReceived',
      'LeadProfessionalNamed',
      'LeadProfessionalNamed',
      'CaseFlagSet',
      'MissingEpisodeReported',
      'ChildReturned',
      'ReturnInterviewHeld',
      'MissingEpisodeReported',
      'ChildReturned',
      'ReturnInterviewNotHeld',
      'MissingEpisodeReported',
      'ListedForSemrac',
      'ChildReturned',
      'RiskAssessed',
      'ListedForSemrac',
      'DiscussedAtSemrac',
      'SupportPlanRecorded',
      'RiskAssessed',
      'CaseClosed',
      'CaseReopened',
    ]);
    const at = body.chronology.map((c: { at: string }) => c.at);
    expect(at).toEqual([...at].sort());
    expect(body.chronology.filter((c: Entry) => c.type === 'ListedForSemrac').map((c: Entry) => c.summary)).toEqual([
      expect.stringContaining('3 missing episodes within 90 days'),
      expect.stringContaining('Risk assessed as moderate'),
    ]);
    expect(body.semrac).toMatchObject({ listed: false });
    expect(rules(body)).toEqual(['missing-repeatedly', 'risk-band']);

    // The case stream holds the case's own changes (episodes and the meeting are their own streams).
    const stored = await platform.store.readStream(`case-${caseId}`);
    expect(stored.map((e) => e.type)).toEqual(types(body).filter((t: string) => !['MissingEpisodeReported', 'ChildReturned', 'ReturnInterviewHeld', 'ReturnInterviewNotHeld'].includes(t)));
    expect(body.revision).toBe(stored.length - 1);
    expect(stored.every((e) => typeof (e.metadata as { actor?: { userId?: string } }).actor?.userId === 'string')).toBe(true);

    expect(await verifyStream(platform.store, `case-${caseId}`)).toEqual({ ok: true, streamsChecked: 1, eventsChecked: stored.length });
    for (const streamId of [...episodes.map((id) => `missing-episode-${id}`), `semrac-meeting-${meetingId}`]) {
      expect(await verifyStream(platform.store, streamId)).toMatchObject({ ok: true });
    }
  });
});
