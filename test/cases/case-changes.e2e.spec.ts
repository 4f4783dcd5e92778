import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { watchLog } from '../support/log-watch';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: 'practitioner' });

const referral = (overrides: Record<string, unknown> = {}) => ({
  referringAgency: { id: 'bf-csc', kind: 'children-social-care', name: "Children's Social Care" },
  referrer: { name: 'Sam Worker', role: 'Social worker' },
  child: { firstName: 'Testa', lastName: 'Fictional', approximateAge: 15, gender: 'male', lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false },
  vulnerabilities: ['V-LOW-SELF-ESTEEM'],
  signs: ['S-SCHOOL-ABSENCE'],
  suspectedModel: 'M-ONLINE',
  narrative: 'Online contact with an adult posing as a peer.',
  immediateDanger: false,
  referredAt: '2026-11-21T10:00:00.000Z',
  ...overrides,
});

describe.each(['sqlite', 'postgres'] as const)('changing a case over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const open = async () => (await http.post('/referrals').set(csc).send(referral()).expect(201)).body as { caseId: string; position: string };
  const view = async (caseId: string, position?: string) =>
    (await http.get(`/cases/${caseId}`).query(position ? { consistentWith: position } : {}).set(csc).expect(200)).body;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('flags a child witness with the support in place, names lead professionals, and shows them', async () => {
    const { caseId } = await open();
    await http.put(`/cases/${caseId}/flags/child-witness`).set(csc).send({}).expect(422);
    const flagged = await http
      .put(`/cases/${caseId}/flags/child-witness`)
      .set(csc)
      .send({ note: 'Registered intermediary; special measures agreed' })
      .expect(200);
    expect(flagged.body).toMatchObject({ caseId, revision: 1, changed: true });
    const lead = await http
      .put(`/cases/${caseId}/lead-professionals`)
      .set(csc)
      .send({ agencyId: 'tvp', agencyName: 'Thames Valley Police', name: 'DC Example', role: 'CSE lead' })
      .expect(200);

    const body = await view(caseId, lead.body.position);
    expect(body.flags).toEqual([expect.objectContaining({ code: 'child-witness', note: 'Registered intermediary; special measures agreed' })]);
    expect(body.leadProfessionals).toEqual([expect.objectContaining({ agencyId: 'tvp', name: 'DC Example' })]);
    expect(body.chronology.map((c: { type: string }) => c.type)).toEqual(['ReferralReceived', 'CaseFlagSet', 'LeadProfessionalNamed']);
  });

  it('links two children and shows the link on both cases', async () => {
    const a = await open();
    const b = await open();
    const linked = await http.post(`/cases/${a.caseId}/links`).set(csc).send({ linkedCaseId: b.caseId, kind: 'same-school' }).expect(200);
    expect((await view(a.caseId, linked.body.position)).links).toEqual([expect.objectContaining({ caseId: b.caseId, kind: 'same-school' })]);
    expect((await view(b.caseId, linked.body.position)).links).toEqual([expect.objectContaining({ caseId: a.caseId, kind: 'same-school' })]);
  });

  it('closes with a reason, refuses to close twice, and reopens with a reason', async () => {
    const { caseId } = await open();
    await http.post(`/cases/${caseId}/close`).set(csc).send({}).expect(400);
    const closed = await http.post(`/cases/${caseId}/close`).set(csc).send({ reason: 'Risk reduced; plan complete' }).expect(200);
    expect((await view(caseId, closed.body.position)).status).toBe('closed');
    expect((await http.post(`/cases/${caseId}/close`).set(csc).send({ reason: 'again' }).expect(409)).body.error).toBe('case-already-closed');
    const reopened = await http.post(`/cases/${caseId}/reopen`).set(csc).send({ reason: 'Missing again overnight' }).expect(200);
    const body = await view(caseId, reopened.body.position);
    expect(body.status).toBe('open');
    expect(body.closures).toEqual([expect.objectContaining({ reason: 'Risk reduced; plan complete', reopenReason: 'Missing again overnight' })]);
    const [closedEvent] = (await platform.store.readStream(`case-${caseId}`)).filter((e) => e.type === 'CaseClosed');
    expect(closedEvent.metadata).toMatchObject({ actor: { userId: 'sw-9', agencyId: 'bf-csc' }, reason: 'Risk reduced; plan complete' });
  });

  it('answers 409 and writes nothing when the case changed since the revision the client saw', async () => {
    const { caseId } = await open();
    await http.put(`/cases/${caseId}/flags/care-leaver`).set(csc).set('If-Match', '0').send({}).expect(200);
    const log = watchLog(platform.store);
    await log.mark();
    const stale = await http.post(`/cases/${caseId}/close`).set(csc).set('If-Match', '0').send({ reason: 'stale view' }).expect(409);
    expect(stale.body).toMatchObject({ error: 'concurrent-change', currentRevision: 1 });
    expect(await log.written()).toEqual([]);
  });

  it('lets one of two concurrent conflicting changes win; the other answers 409 and writes nothing', async () => {
    const { caseId } = await open();
    const log = watchLog(platform.store);
    await log.mark();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => http.post(`/cases/${caseId}/close`).set(csc).set('If-Match', '0').send({ reason: `closing ${i}` })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
    expect(await log.written()).toEqual([`CaseClosed on case-${caseId}`]);
  });

  it('answers a retried change with the same Idempotency-Key as the first time', async () => {
    const { caseId } = await open();
    const first = await http.post(`/cases/${caseId}/close`).set(csc).set('Idempotency-Key', 'close-0001').send({ reason: 'done' }).expect(200);
    const again = await http.post(`/cases/${caseId}/close`).set(csc).set('Idempotency-Key', 'close-0001').send({ reason: 'done' }).expect(200);
    expect(again.body).toEqual({ ...first.body, changed: false });
    await http.post(`/cases/${caseId}/close`).set(csc).set('Idempotency-Key', 'close-0001').send({ reason: 'other' }).expect(409);
  });

  it('refuses bad input naming the field, and unknown cases', async () => {
    const { caseId } = await open();
    const bad = await http.post(`/cases/${caseId}/links`).set(csc).send({ linkedCaseId: 'x', kind: 'cousin' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'linkedCaseId']);
    await http.put(`/cases/${caseId}/flags/not-a-flag`).set(csc).send({}).expect(400);
    await http.put(`/cases/${caseId}/flags/care-leaver`).set(csc).set('If-Match', 'abc').send({}).expect(400);
    await http.post('/cases/3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f/close').set(csc).send({ reason: 'x' }).expect(404);
  });
});
