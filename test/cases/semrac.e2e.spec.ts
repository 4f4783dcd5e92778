import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { watchLog } from '../support/log-watch';
import { startPlatform, TestPlatform } from '../support/platform-app';

const csc = bearer({ userId: 'chair-1', agencyId: 'bf-csc', roles: 'practitioner,semrac-chair' });
const police = bearer({ userId: 'di-2', agencyId: 'tvp', roles: 'semrac-chair' });

const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const day = (days: number) => at(days).slice(0, 10);

const SCHOOL = 'Example Secondary School';
const referral = (child: Record<string, unknown> = {}) => ({
  referringAgency: { id: 'bf-school-nurse', kind: 'health', name: 'School nursing service' },
  referrer: { name: 'Sam Nurse', role: 'School nurse' },
  child: { firstName: 'Testa', lastName: 'Fictional', approximateAge: 14, gender: 'female', lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false, ...child },
  vulnerabilities: ['V-LOW-SELF-ESTEEM'],
  signs: ['S-MISSING'],
  suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
  narrative: 'Seen being collected from school by an older male.',
  immediateDanger: false,
  referredAt: at(-40),
});

const coChairs = [
  { agencyId: 'bf-csc', agencyName: "Children's Social Care", agencyKind: 'children-social-care', name: 'Chris Chair', role: 'Head of safeguarding' },
  { agencyId: 'tvp', agencyName: 'Thames Valley Police', agencyKind: 'police', name: 'DI Pat Chair', role: 'Detective inspector' },
];
const present = [
  { agencyId: 'bf-csc', agencyName: "Children's Social Care", attendance: 'present', name: 'Chris Chair', role: 'Head of safeguarding' },
  { agencyId: 'tvp', agencyName: 'Thames Valley Police', attendance: 'present', name: 'DI Pat Chair', role: 'Detective inspector' },
  { agencyId: 'bf-health', agencyName: 'Health', attendance: 'apologies', name: 'Dr Sam Example', role: 'Named nurse' },
];

describe.each(['sqlite', 'postgres'] as const)('SEMRAC meetings, plans, the action tracker, the agenda and the case list over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const open = async (child?: Record<string, unknown>) => (await http.post('/referrals').set(csc).send(referral(child)).expect(201)).body as { caseId: string; position: string };
  const schedule = async (days: number) => (await http.post('/semrac/meetings').set(csc).send({ scheduledFor: at(days), venue: 'Time Square, Bracknell', coChairs }).expect(201)).body;
  const cases = async (query: Record<string, string>, position?: string) =>
    (await http.get('/cases').query({ ...query, ...(position ? { consistentWith: position } : {}) }).set(csc).expect(200)).body as {
      total: number;
      cases: { caseId: string; riskBand: string | null; listedForSemrac: boolean; flags: string[]; agencies: string[] }[];
    };

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('runs a meeting end to end: discussion, actions, plans, tracker, a later agenda and the case list', async () => {
    // Two children at the same school (a theme), and a looked-after child elsewhere.
    const a = await open({ school: SCHOOL, area: 'Great Hollands' });
    const b = await open({ school: ' example secondary  school', area: 'Crowthorne' });
    const c = await open({ school: 'Other Academy', lookedAfter: true });

    // SEMRAC is co-chaired by children's social care and the police.
    const refused = await http.post('/semrac/meetings').set(csc).send({ scheduledFor: at(-20), venue: 'Room 2', coChairs: [coChairs[0], coChairs[0]] }).expect(422);
    expect(refused.body.error).toBe('co-chairs-required');

    // A meeting held 20 days ago, recorded now.
    const december = await schedule(-20);
    expect(december).toMatchObject({ revision: 0, created: true });
    const attended = await http.post(`/semrac/meetings/${december.meetingId}/attendance`).set(csc).set('If-Match', '0').send({ attendees: present }).expect(200);
    expect(attended.body).toMatchObject({ revision: 1, changed: true });
    // A stale revision is refused and nothing is written.
    const log = watchLog(platform.store);
    await log.mark();
    const stale = await http.post(`/semrac/meetings/${december.meetingId}/attendance`).set(csc).set('If-Match', '0').send({ attendees: present }).expect(409);
    expect(stale.body.error).toBe('concurrent-change');
    expect(await log.written()).toEqual([]);

    // Discuss child A: two actions, one already overdue (due 15 days ago), one due next month.
    const discussion = {
      caseId: a.caseId,
      summary: 'Three missing episodes; an older male seen collecting the child from school.',
      agreedRiskLevel: 'moderate',
      decisions: ['Police to consider a child abduction warning notice', 'Support plan agreed'],
      actions: [
        { description: 'Complete the return home interview', ownerAgencyId: 'bf-csc', ownerAgencyName: "Children's Social Care", ownerPerson: 'Alex Worker', dueDate: day(-15) },
        { description: 'Disruption visit to the address of concern', ownerAgencyId: 'tvp', ownerAgencyName: 'Thames Valley Police', ownerPerson: 'PC Example', dueDate: day(30) },
      ],
    };
    const discussed = await http.post(`/semrac/meetings/${december.meetingId}/discussions`).set(csc).set('Idempotency-Key', 'discuss-a-0001').send(discussion).expect(201);
    expect(discussed.body).toMatchObject({ meetingId: december.meetingId, caseId: a.caseId, changed: true });
    const [rhiAction, disruptionAction] = discussed.body.actionIds as string[];
    expect(discussed.body.actionIds).toHaveLength(2);

    // A retry with the same key answers the same and writes nothing more, on the meeting or the case.
    await log.mark();
    const retried = await http.post(`/semrac/meetings/${december.meetingId}/discussions`).set(csc).set('Idempotency-Key', 'discuss-a-0001').send(discussion).expect(201);
    expect(retried.body).toEqual({ ...discussed.body, changed: false });
    expect(await log.written()).toEqual([]);
    // Without the key, discussing the same child again at the same meeting is refused.
    expect((await http.post(`/semrac/meetings/${december.meetingId}/discussions`).set(csc).send(discussion).expect(409)).body.error).toBe('case-already-discussed');
    // An unknown case is refused and nothing is written.
    await http.post(`/semrac/meetings/${december.meetingId}/discussions`).set(csc).send({ ...discussion, caseId: '3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f' }).expect(404);
    expect(await log.written()).toEqual([]);

    // The multi-agency support plan agreed at the meeting, then revised; a safety plan during the investigation.
    const plan = {
      objectives: ['Attends school full time', 'No further missing episodes'],
      interventions: [
        { agencyId: 'bf-csc', description: 'Direct work with the child and family', frequency: 'weekly' },
        { agencyId: 'tvp', description: 'Disruption visits', frequency: 'fortnightly' },
      ],
      reviewDate: day(5),
      meetingId: december.meetingId,
    };
    const created = await http.post(`/cases/${a.caseId}/support-plans`).set(csc).send(plan).expect(201);
    expect(created.body).toMatchObject({ caseId: a.caseId, planRevision: 1, changed: true });
    const revised = await http.post(`/cases/${a.caseId}/support-plans`).set(csc).set('If-Match', String(created.body.revision)).send({ ...plan, reviewDate: day(9) }).expect(201);
    expect(revised.body.planRevision).toBe(2);
    // A plan naming a meeting that did not discuss the child is refused.
    expect((await http.post(`/cases/${b.caseId}/support-plans`).set(csc).send(plan).expect(422)).body.error).toBe('case-not-discussed-at-meeting');
    const safety = await http
      .post(`/cases/${a.caseId}/safety-plans`)
      .set(police)
      .send({ investigationRef: 'TVP-43210001234', measures: ['Collected from school by a named adult'], contacts: [{ role: 'Officer in case', agencyId: 'tvp' }], reviewDate: day(14) })
      .expect(201);

    // The case shows the discussion, every plan revision and the safety plan, in its chronology too.
    const view = (await http.get(`/cases/${a.caseId}`).query({ consistentWith: safety.body.position }).set(csc).expect(200)).body;
    expect(view.semracDiscussions).toEqual([expect.objectContaining({ meetingId: december.meetingId, agreedRiskLevel: 'moderate', actionIds: [rhiAction, disruptionAction] })]);
    expect(view.supportPlans.map((p: { planRevision: number; reviewDate: string }) => [p.planRevision, p.reviewDate])).toEqual([
      [1, day(5)],
      [2, day(9)],
    ]);
    expect(view.safetyPlans).toEqual([expect.objectContaining({ investigationRef: 'TVP-43210001234' })]);
    expect(view.chronology.map((e: { type: string }) => e.type)).toEqual(['ReferralReceived', 'DiscussedAtSemrac', 'SupportPlanRecorded', 'SupportPlanRecorded', 'SafetyPlanRecorded']);

    // The action tracker, by agency: the interview is overdue, the disruption visit is not.
    const tracker = (query: Record<string, string>) => http.get('/semrac/actions').query({ ...query, consistentWith: safety.body.position }).set(csc).expect(200);
    const cscActions = (await tracker({ agencyId: 'bf-csc' })).body;
    expect(cscActions.actions).toEqual([expect.objectContaining({ actionId: rhiAction, ownerPerson: 'Alex Worker', status: 'open', overdue: true, caseId: a.caseId })]);
    expect(cscActions.byAgency).toEqual([{ agencyId: 'bf-csc', agencyName: "Children's Social Care", open: 1, overdue: 1 }]);
    const overdue = (await tracker({ overdue: 'true' })).body;
    expect(overdue.actions.map((x: { actionId: string }) => x.actionId)).toEqual([rhiAction]);
    const all = (await tracker({})).body;
    expect(all.byAgency).toEqual([
      { agencyId: 'bf-csc', agencyName: "Children's Social Care", open: 1, overdue: 1 },
      { agencyId: 'tvp', agencyName: 'Thames Valley Police', open: 1, overdue: 0 },
    ]);
    // A page at a time, in due-date order, following `next`.
    const first = (await tracker({ limit: '1' })).body;
    const second = (await tracker({ limit: '1', after: first.next })).body;
    expect([...first.actions, ...second.actions].map((x: { actionId: string }) => x.actionId)).toEqual(all.actions.map((x: { actionId: string }) => x.actionId));
    expect([first.total, second.total, second.next]).toEqual([2, 2, null]);
    await http.get('/semrac/actions').query({ status: 'finished' }).set(csc).expect(400);

    // The police start their action; cancelling needs a reason.
    const started = await http.patch(`/semrac/meetings/${december.meetingId}/actions/${disruptionAction}`).set(police).send({ status: 'in-progress' }).expect(200);
    expect((await http.patch(`/semrac/meetings/${december.meetingId}/actions/${disruptionAction}`).set(police).send({ status: 'cancelled' }).expect(422)).body.error).toBe('reason-required');
    const closed = await http.post(`/semrac/meetings/${december.meetingId}/close`).set(csc).send({ note: 'Next meeting in a month' }).expect(200);
    // Read as of the close (after the start): the tracker's projection may not have taken the start in yet otherwise.
    const afterStart = (await http.get('/semrac/actions').query({ agencyId: 'tvp', consistentWith: closed.body.position }).set(csc).expect(200)).body;
    expect(afterStart.actions).toEqual([expect.objectContaining({ actionId: disruptionAction, status: 'in-progress', overdue: false })]);

    const meeting = (await http.get(`/semrac/meetings/${december.meetingId}`).query({ consistentWith: closed.body.position }).set(csc).expect(200)).body;
    expect(meeting).toMatchObject({ status: 'closed', closingNote: 'Next meeting in a month', coChairs });
    expect(meeting.attendance.map((x: { agencyId: string; attendance: string }) => [x.agencyId, x.attendance])).toEqual([
      ['bf-csc', 'present'],
      ['tvp', 'present'],
      ['bf-health', 'apologies'],
    ]);
    expect(meeting.discussions).toEqual([expect.objectContaining({ caseId: a.caseId, agreedRiskLevel: 'moderate', actionIds: [rhiAction, disruptionAction] })]);
    expect(meeting.actions.find((x: { actionId: string }) => x.actionId === disruptionAction).history).toEqual([
      expect.objectContaining({ status: 'open' }),
      expect.objectContaining({ status: 'in-progress', from: 'open', by: { userId: 'di-2', agencyId: 'tvp' } }),
    ]);
    expect(started.body.changed).toBe(true);

    // Child B discloses: the risk tool sets the top band and the listing process manager lists the child for SEMRAC.
    await http
      .post(`/cases/${b.caseId}/risk-assessments`)
      .set(csc)
      .send({
        assessedAt: at(-1),
        assessor: { name: 'Alex Assessor', role: 'Social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
        vulnerabilities: ['V-LOW-SELF-ESTEEM'],
        signs: [],
        disclosure: true,
        disclosureDetails: 'Disclosed exploitation by an adult male to the school nurse.',
        summary: 'Disclosure made at school.',
      })
      .expect(201);
    let listed: Awaited<ReturnType<typeof cases>> | undefined;
    for (let i = 0; i < 100 && !listed?.total; i++) {
      listed = await cases({ listedForSemrac: 'true' });
      if (!listed.total) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(listed!.cases.map((x) => x.caseId)).toEqual([b.caseId]);

    // The next meeting's agenda: the new listing, child A due for review, the overdue action, and the school theme.
    const january = await schedule(10);
    const agenda = (await http.get(`/semrac/meetings/${january.meetingId}/agenda`).query({ consistentWith: january.position }).set(csc).expect(200)).body;
    expect(agenda.newListings).toEqual([{ caseId: b.caseId, listings: [expect.objectContaining({ rule: 'risk-band' })] }]);
    expect(agenda.dueForReview).toEqual([
      expect.objectContaining({ caseId: a.caseId, lastMeetingId: december.meetingId, reasons: ['open-actions', 'support-plan-review'], openActionIds: [rhiAction, disruptionAction].sort(), reviewDue: day(9) }),
    ]);
    expect(agenda.overdueActions).toEqual([expect.objectContaining({ actionId: rhiAction, ownerAgencyId: 'bf-csc', daysOverdue: 25 })]);
    expect(agenda.themes).toEqual([{ kind: 'school', label: SCHOOL, caseIds: [a.caseId, b.caseId].sort() }]);
    await http.get('/semrac/meetings/3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f/agenda').set(csc).expect(404);

    // The case list filters.
    const ids = (body: Awaited<ReturnType<typeof cases>>) => body.cases.map((x) => x.caseId).sort();
    expect(ids(await cases({ riskBand: 'moderate' }))).toEqual([a.caseId]);
    expect(ids(await cases({ riskBand: 'significant' }))).toEqual([b.caseId]);
    expect(ids(await cases({ flag: 'looked-after' }))).toEqual([c.caseId]);
    expect(ids(await cases({ agencyId: 'tvp' }))).toEqual([a.caseId]);
    expect(ids(await cases({ listedForSemrac: 'false', status: 'open' }))).toEqual([a.caseId, b.caseId, c.caseId].filter((id) => id !== b.caseId).sort());
    const summary = (await cases({ agencyId: 'tvp' })).cases[0];
    expect(summary).toEqual({
      caseId: a.caseId,
      status: 'open',
      riskBand: 'moderate',
      listedForSemrac: false,
      flags: [],
      agencies: ['bf-csc', 'bf-school-nurse', 'tvp'],
      updatedAt: expect.any(String),
    });
    const page = await http.get('/cases').query({ limit: 2 }).set(csc).expect(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, next: expect.any(String) });
    expect(page.body.cases).toHaveLength(2);
    const last = await http.get('/cases').query({ limit: 2, after: page.body.next }).set(csc).expect(200);
    expect(last.body).toMatchObject({ total: 3, limit: 2, next: null });
    expect([...page.body.cases, ...last.body.cases].map((c: { caseId: string }) => c.caseId).sort()).toEqual([a.caseId, b.caseId, c.caseId].sort());
    const bad = await http.get('/cases').query({ riskBand: 'high', limit: 0 }).set(csc).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'riskBand']);
  });

  it('documents every SEMRAC, plan and case list endpoint in the OpenAPI document, with examples', async () => {
    const docs = (await http.get('/api/docs/openapi.json').expect(200)).body;
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/semrac/meetings',
        '/semrac/meetings/{meetingId}',
        '/semrac/meetings/{meetingId}/attendance',
        '/semrac/meetings/{meetingId}/discussions',
        '/semrac/meetings/{meetingId}/actions/{actionId}',
        '/semrac/meetings/{meetingId}/close',
        '/semrac/meetings/{meetingId}/agenda',
        '/semrac/actions',
        '/cases',
        '/cases/{caseId}/support-plans',
        '/cases/{caseId}/safety-plans',
      ]),
    );
    expect(docs.components.schemas.ScheduleMeetingDto.properties.coChairs.example).toHaveLength(2);
    expect(docs.components.schemas.RecordSupportPlanDto.properties.reviewDate.example).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(docs.paths['/semrac/meetings/{meetingId}/agenda'].get.responses['200'].content['application/json'].schema.example.themes).toBeDefined();
    expect(docs.paths['/cases'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'riskBand', 'agencyId', 'flag', 'listedForSemrac', 'limit', 'after']),
    );
    expect(docs.paths['/cases'].get.parameters.map((p: { name: string }) => p.name)).not.toContain('offset');
  });

  it('refuses a discussion before the meeting, and an action status change on an unknown action', async () => {
    const { caseId } = await open();
    const later = await schedule(3);
    await http.post(`/semrac/meetings/${later.meetingId}/attendance`).set(csc).send({ attendees: [present[2]] }).expect(200);
    expect((await http.post(`/semrac/meetings/${later.meetingId}/attendance`).set(csc).send({ attendees: present }).expect(422)).body.error).toBe('meeting-not-yet-held');
    const early = await http
      .post(`/semrac/meetings/${later.meetingId}/discussions`)
      .set(csc)
      .send({ caseId, summary: 'Too early', agreedRiskLevel: 'mild', decisions: [], actions: [] })
      .expect(422);
    expect(early.body.error).toBe('meeting-not-yet-held');
    await http.patch(`/semrac/meetings/${later.meetingId}/actions/3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f`).set(csc).send({ status: 'done' }).expect(404);
    const bad = await http.post(`/semrac/meetings/${later.meetingId}/discussions`).set(csc).send({ caseId: 'x', summary: '', agreedRiskLevel: 'high', decisions: 'no', actions: [{}] }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['caseId', 'summary', 'agreedRiskLevel', 'decisions', 'actions.0.description', 'actions.0.dueDate']),
    );
    await http.get('/semrac/meetings/3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f').set(csc).expect(404);
  });
});
