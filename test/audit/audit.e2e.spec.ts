import { referralBody } from '../support/http';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { bearer } from '@app/auth-testing';
import { startPlatform, TestPlatform } from '../support/platform-app';

const referral = () => referralBody('bf-csc');
const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const auditor = bearer({ userId: 'aud-1', agencyId: 'bf-lscb', roles: ['auditor'] });


/** Recorded times have millisecond precision: step past the moment just captured. */
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each(['sqlite', 'postgres'] as const)('audit over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  /** What GET /cases/:id showed, without the fields computed at read time. */
  const caseView = async (caseId: string, position: string) => {
    const { riskReviewOverdue: _computed, ...view } = (await http.get(`/cases/${caseId}`).query({ consistentWith: position }).set(csc).expect(200)).body;
    return view;
  };

  beforeAll(async () => {
    // The embedded default (SQLite) generates a development signing key next to its files; elsewhere it is configured.
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    platform = await startPlatform(database, database === 'postgres' ? { AUDIT_SIGNING_KEY: key } : {});
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('replays a case as of any moment to exactly what the case view showed then, and says what changed, by whom and why', async () => {
    const opened = (await http.post('/referrals').set(csc).send(referral()).expect(201)).body as { caseId: string; position: string };
    const { caseId } = opened;
    const shown0 = await caseView(caseId, opened.position);
    const t0 = new Date().toISOString();
    await nextMillisecond();

    const flagged = await http.put(`/cases/${caseId}/flags/child-witness`).set(csc).send({ note: 'Registered intermediary in place' }).expect(200);
    const shown1 = await caseView(caseId, flagged.body.position);
    const t1 = new Date().toISOString();
    await nextMillisecond();

    const closed = await http.post(`/cases/${caseId}/close`).set(bearer({ userId: 'sw-12', agencyId: 'bf-csc', roles: ['practitioner'] })).send({ reason: 'Risk reduced; plan complete' }).expect(200);
    const shown2 = await caseView(caseId, closed.body.position);
    const t2 = new Date().toISOString();

    const at = async (asOf: string) => (await http.get(`/audit/records/case/${caseId}`).query({ asOf }).set(auditor).expect(200)).body;
    const [then0, then1, then2] = [await at(t0), await at(t1), await at(t2)];
    expect(then0.view).toEqual(shown0);
    expect(then1.view).toEqual(shown1);
    expect(then2.view).toEqual(shown2);
    // The write side's own state, replayed through its evolve, agrees with what was shown.
    expect(then0.state).toMatchObject({ exists: true, status: 'open', flags: [] });
    expect(then1.state).toMatchObject({ status: 'open', flags: ['child-witness'] });
    expect(then2.state).toMatchObject({ status: 'closed', flags: ['child-witness'] });
    expect(then2).toMatchObject({ existed: true, revision: 2, eventsApplied: 3, lastEvent: { type: 'CaseClosed', actor: 'sw-12', agency: 'bf-csc', reason: 'Risk reduced; plan complete' } });
    const stateOnly = (await http.get(`/audit/records/case/${caseId}`).query({ asOf: t1, view: 'false' }).set(auditor).expect(200)).body;
    expect(stateOnly).not.toHaveProperty('view');
    expect(stateOnly.state).toEqual(then1.state);
    // Before the first event the case did not exist.
    expect((await at('2000-01-01T00:00:00Z')).existed).toBe(false);

    const diff = (await http.get(`/audit/records/case/${caseId}/diff`).query({ from: t0, to: t2 }).set(auditor).expect(200)).body;
    expect(diff.events).toEqual([
      expect.objectContaining({ type: 'CaseFlagSet', actor: 'sw-9', agency: 'bf-csc', revision: 1 }),
      expect.objectContaining({ type: 'CaseClosed', actor: 'sw-12', agency: 'bf-csc', reason: 'Risk reduced; plan complete', revision: 2 }),
    ]);
    expect(diff.stateChanges).toEqual(
      expect.arrayContaining([
        { path: 'status', change: 'changed', before: 'open', after: 'closed' },
        { path: 'flags[0]', change: 'added', after: 'child-witness' },
      ]),
    );
    expect(diff.viewChanges).toEqual(expect.arrayContaining([{ path: 'status', change: 'changed', before: 'open', after: 'closed' }]));

    const trail = (await http.get(`/audit/records/case/${caseId}/trail`).query({ entry: 'change' }).set(auditor).expect(200)).body;
    expect(trail.entries.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ['ReferralReceived', 'sw-9'],
      ['CaseFlagSet', 'sw-9'],
      ['CaseClosed', 'sw-12'],
    ]);
    const byUser = (await http.get(`/audit/records/case/${caseId}/trail`).query({ actor: 'sw-12', entry: 'change' }).set(auditor).expect(200)).body;
    expect(byUser.entries).toEqual([expect.objectContaining({ entry: 'change', type: 'CaseClosed', reason: 'Risk reduced; plan complete', agency: 'bf-csc' })]);
    // Reads are in the trail too: each GET of the case view above was recorded.
    const reads = (await http.get(`/audit/records/case/${caseId}/trail`).query({ entry: 'access' }).set(auditor).expect(200)).body.entries;
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads[0]).toMatchObject({ entry: 'access', actor: 'sw-9', agency: 'bf-csc' });
    // And so are the auditor's own replays.
    expect(reads).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'aud-1', agency: 'bf-lscb', purpose: 'audit: replay as of a moment' })]));
    const window = (await http.get(`/audit/records/case/${caseId}/trail`).query({ from: t0, to: t1, entry: 'change' }).set(auditor).expect(200)).body;
    expect(window.entries.map((e: { type: string }) => e.type)).toEqual(['CaseFlagSet']);
  });

  it('shows nothing to anyone but an auditor, and names the bad field in a bad request', async () => {
    const { caseId } = (await http.post('/referrals').set(csc).send(referral()).expect(201)).body;
    const refused = await http.get(`/audit/records/case/${caseId}`).set(csc).expect(403);
    expect(refused.body.message).toMatch(/auditor/);
    expect(JSON.stringify(refused.body)).not.toMatch(/Testa/);
    await http.get('/audit/verify').set(csc).expect(403);
    await http.post('/audit/checkpoints').set(csc).send({}).expect(403);

    const badMoment = await http.get(`/audit/records/case/${caseId}`).query({ asOf: 'yesterday' }).set(auditor).expect(400);
    expect(badMoment.body.errors).toEqual([{ field: 'query asOf', problems: [expect.stringMatching(/ISO 8601/)] }]);
    const badKind = await http.get(`/audit/records/child/${caseId}`).set(auditor).expect(400);
    expect(badKind.body.errors).toEqual([{ field: 'path kind', problems: ['must be one of case, inbound-share, intel, poi, share'] }]);
    const noFrom = await http.get(`/audit/records/case/${caseId}/diff`).set(auditor).expect(400);
    expect(noFrom.body.errors[0].field).toBe('query from');
    const unknownField = await http.post('/audit/checkpoints').set(auditor).send({ reason: 'x', extra: 1 }).expect(400);
    expect(unknownField.body.errors[0].field).toBe('extra');
  });

  it('verifies the chain, publishes signed checkpoints on demand and proves the later one only appended to the earlier', async () => {
    await http.post('/referrals').set(csc).send(referral()).expect(201);
    const verified = (await http.get('/audit/verify').set(auditor).expect(200)).body;
    expect(verified).toMatchObject({ ok: true });
    expect(verified.eventsChecked).toBeGreaterThan(0);

    const first = (await http.post('/audit/checkpoints').set(auditor).send({ reason: 'Quarterly audit' }).expect(201)).body.checkpoint;
    expect(first).toMatchObject({ format: 'safeguard-audit-checkpoint/1', treeSize: verified.eventsChecked });
    await http.post('/referrals').set(csc).send(referral()).expect(201);
    const second = (await http.post('/audit/checkpoints').set(auditor).send({}).expect(201)).body.checkpoint;
    expect(second.treeSize).toBe(first.treeSize + 2);

    const listed = (await http.get('/audit/checkpoints').set(auditor).expect(200)).body.checkpoints;
    expect(listed.slice(-2)).toEqual([first, second]);
    const [stored] = await platform.store.readStream('audit-checkpoints', { limit: 1 });
    expect(stored.metadata).toMatchObject({ actor: { userId: 'aud-1', agencyId: 'bf-lscb' }, reason: 'Quarterly audit' });

    const proof = (await http.post('/audit/checkpoints/consistency').set(auditor).send({ from: first }).expect(200)).body;
    expect(proof).toMatchObject({ ok: true, problems: [], to: second });
    const forged = (await http.post('/audit/checkpoints/consistency').set(auditor).send({ from: { ...first, treeSize: first.treeSize - 1 } }).expect(422)).body;
    expect(forged.message).toMatch(/signature/);
  });

  it('rebuilds a projection into a scratch database, finds it equal to the live one, and names the row someone changed', async () => {
    const opened = (await http.post('/referrals').set(csc).send(referral()).expect(201)).body;
    await caseView(opened.caseId, opened.position);
    expect((await http.get('/audit/projections').set(auditor).expect(200)).body.projections).toContain('case-view');

    const clean = (await http.post('/audit/projections/case-view/check').set(auditor).expect(200)).body;
    expect(clean).toMatchObject({ projection: 'case-view', consistent: true, differenceCount: 0 });
    expect(clean.rowsCompared).toBeGreaterThan(0);

    const readModels: DataSource = platform.app.get(getDataSourceToken());
    const table = readModels.getMetadata('CaseViewEntity').tablePath;
    await readModels.query(`UPDATE ${table} SET status = 'closed' WHERE ${database === 'postgres' ? '"caseId"' : 'caseId'} = '${opened.caseId}'`);
    const dirty = (await http.post('/audit/projections/case-view/check').set(auditor).expect(200)).body;
    expect(dirty).toMatchObject({ consistent: false, differenceCount: 1 });
    expect(dirty.differences).toEqual([{ table: 'case_view', key: { caseId: opened.caseId }, problem: 'differs', columns: ['status'] }]);

    const unknown = await http.post('/audit/projections/nothing/check').set(auditor).expect(400);
    expect(unknown.body.errors[0].field).toBe('path name');
    await http.post('/audit/projections/case-view/check').set(csc).expect(403);
  });

  it('replays a person of interest and an intelligence item as of a moment through their deciders', async () => {
    const practitioner = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner', 'semrac-member'] });
    const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
    const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });
    const { caseId } = (await http.post('/referrals').set(csc).send(referral()).expect(201)).body;

    const recorded = (await http.post('/persons-of-interest').set(practitioner).send({ identifiers: { names: [{ name: 'Dan Fictional', kind: 'name' }], approximateAge: 24 } }).expect(201)).body;
    const profile0 = (await http.get(`/persons-of-interest/${recorded.poiId}`).query({ consistentWith: recorded.position }).set(practitioner).expect(200)).body;
    const t0 = new Date().toISOString();
    await nextMillisecond();
    await http.post(`/persons-of-interest/${recorded.poiId}/links`).set(practitioner).send({ to: 'case', caseId, nature: 'suspected-exploiter', detail: 'Collects her from school' }).expect(200);

    const poiThen = (await http.get(`/audit/records/poi/${recorded.poiId}`).query({ asOf: t0 }).set(auditor).expect(200)).body;
    const poiNow = (await http.get(`/audit/records/poi/${recorded.poiId}`).set(auditor).expect(200)).body;
    expect(poiThen).toMatchObject({ existed: true, revision: 0, state: { exists: true, links: [] } });
    expect(poiThen.view).toMatchObject({ poiId: recorded.poiId, revision: profile0.revision, status: profile0.status });
    expect(poiNow.state.links).toHaveLength(1);
    expect(poiNow.lastEvent).toMatchObject({ actor: 'sw-9', agency: 'bf-csc' });

    const item = (
      await http
        .post('/intelligence')
        .set(school)
        .send({
          information: 'A man called Danny picks girls up from Riverside Park.',
          subjects: [{ kind: 'poi', ref: recorded.poiId }],
          knownAt: '2026-11-27',
          howKnown: 'told-by-someone-else',
          source: { name: 'Morgan Quill', relationship: 'Friend of the child' },
        })
        .expect(201)
    ).body;
    const t1 = new Date().toISOString();
    await nextMillisecond();
    await http.post(`/intelligence/${item.itemId}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);

    const intelThen = (await http.get(`/audit/records/intel/${item.itemId}`).query({ asOf: t1 }).set(auditor).expect(200)).body;
    const intelNow = (await http.get(`/audit/records/intel/${item.itemId}`).set(auditor).expect(200)).body;
    expect(intelThen.state.status).toBe('submitted');
    expect(intelNow.state.status).not.toBe('submitted');
    expect(intelNow.lastEvent).toMatchObject({ actor: 'dc-301', agency: 'thames-valley-police' });
    const diff = (await http.get(`/audit/records/intel/${item.itemId}/diff`).query({ from: t1 }).set(auditor).expect(200)).body;
    expect(diff.events).toEqual([expect.objectContaining({ actor: 'dc-301', agency: 'thames-valley-police' })]);
    expect(diff.stateChanges).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'status', before: 'submitted' })]));
  });

  it("lists everything one user did or read, every break-glass access, and shows none of it to non-auditors", async () => {
    const started = new Date().toISOString();
    const opened = (await http.post('/referrals').set(csc).send(referral()).expect(201)).body;
    await caseView(opened.caseId, opened.position);
    const police = bearer({ userId: 'dc-77', agencyId: 'thames-valley-police', roles: ['practitioner'] });
    await http.get(`/cases/${opened.caseId}`).set(police).set('X-Break-Glass-Reason', 'Child found at a party flat tonight').expect(200);

    const activity = (await http.get('/audit/users/dc-77/activity').query({ from: started }).set(auditor).expect(200)).body.entries;
    expect(activity).toEqual([
      expect.objectContaining({ entry: 'access', type: 'RecordAccessed', actor: 'dc-77', agency: 'thames-valley-police', record: { kind: 'case', id: opened.caseId }, breakGlass: true }),
    ]);
    const worker = (await http.get('/audit/users/sw-9/activity').query({ from: started }).set(auditor).expect(200)).body.entries;
    expect(worker.map((e: { entry: string; type: string }) => [e.entry, e.type])).toEqual(expect.arrayContaining([['change', 'ReferralReceived'], ['access', 'RecordAccessed']]));
    expect(worker.every((e: { actor: string }) => e.actor === 'sw-9')).toBe(true);

    const glass = (await http.get('/audit/break-glass').query({ from: started }).set(auditor).expect(200)).body.entries;
    expect(glass).toEqual([expect.objectContaining({ actor: 'dc-77', reason: 'Child found at a party flat tonight', record: { kind: 'case', id: opened.caseId } })]);
    expect((await http.get('/audit/break-glass').query({ from: new Date(Date.now() + 60_000).toISOString() }).set(auditor).expect(200)).body.entries).toEqual([]);
    expect((await http.get('/audit/disclosures').set(auditor).expect(200)).body.entries).toEqual([]);

    await http.get('/audit/break-glass').set(police).expect(403);
    await http.get('/audit/users/dc-77/activity').set(csc).expect(403);
    const bad = await http.get('/audit/break-glass').query({ from: 'soon' }).set(auditor).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'query from', problems: [expect.stringMatching(/ISO 8601/)] }]);
  });
});
