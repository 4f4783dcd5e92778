import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { bearer } from '@app/auth-testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startPlatform, TestPlatform } from '../support/platform-app';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: 'practitioner' });

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const dateDaysAgo = (days: number) => daysAgo(days).slice(0, 10);
/** A date of birth giving this age in whole years today (the last birthday a month ago). */
const bornYearsAgo = (years: number) => {
  const d = new Date(Date.now() - 30 * DAY);
  return `${d.getUTCFullYear() - years}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d.getUTCDate(), 28)).padStart(2, '0')}`;
};

const referral = (age = 15) => ({
  referringAgency: { id: 'bf-csc', kind: 'children-social-care', name: "Children's Social Care" },
  referrer: { name: 'Sam Worker', role: 'Social worker' },
  child: { firstName: 'Testa', lastName: 'Fictional', dateOfBirth: bornYearsAgo(age), gender: 'female', lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false },
  vulnerabilities: ['V-LOW-SELF-ESTEEM'],
  signs: ['S-MISSING'],
  suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
  narrative: 'Seen being collected from school by an older male.',
  immediateDanger: false,
  referredAt: daysAgo(2),
});

/** Scores 8 under the default scheme: 2 vulnerabilities, a significant sign (5) and a moderate one (1), all recent. */
const assessment = (overrides: Record<string, unknown> = {}) => ({
  assessedAt: daysAgo(1),
  assessor: { name: 'Alex Assessor', role: 'Social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
  vulnerabilities: ['V-LOW-SELF-ESTEEM', 'V-HOMELESS'],
  signs: [
    { code: 'S-MISSING', severity: 'significant', lastObserved: dateDaysAgo(10) },
    { code: 'S-UNEXPLAINED-GIFTS', severity: 'moderate', lastObserved: dateDaysAgo(40) },
  ],
  disclosure: false,
  summary: 'Missing overnight twice this month; new phone.',
  ...overrides,
});

const riskEntries = (view: { chronology: { type: string }[] }) =>
  view.chronology.map((c) => c.type).filter((type) => ['ReferralReceived', 'RiskAssessed', 'DisclosureRecorded'].includes(type));

describe.each(['sqlite', 'postgres'] as const)('risk assessment over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const open = async (age?: number) => (await http.post('/referrals').set(csc).send(referral(age)).expect(201)).body as { caseId: string; position: string };
  // Other processes (the SEMRAC listing) write to the store meanwhile: count this case's events.
  const written = async (caseId: string) => (await platform.store.readStream(`case-${caseId}`)).length;
  const view = async (caseId: string, position?: string) =>
    (await http.get(`/cases/${caseId}`).query(position ? { consistentWith: position } : {}).set(csc).expect(200)).body;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('assesses a child, answers the band, why and when to reassess, and shows it with its history on the case', async () => {
    const { caseId } = await open();
    const first = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(assessment()).expect(201);
    expect(first.body).toMatchObject({
      caseId,
      scheme: { name: 'SERAF-style default (Safeguard built-in), configurable', version: '1' },
      band: 'mild',
      score: 8,
      reasons: [{ rule: 'score', band: 'mild', effect: 'sets', explanation: 'Score 8 is in the band 6-10: Mild' }],
      revision: 1,
      created: true,
    });
    expect(first.body.nextReviewDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.body.notify).toBeUndefined();

    const second = await http
      .post(`/cases/${caseId}/risk-assessments`)
      .set(csc)
      .set('If-Match', '1')
      .send(assessment({ assessedAt: daysAgo(0.1), vulnerabilities: ['V-HOMELESS'], signs: [] }))
      .expect(201);
    expect(second.body).toMatchObject({ band: 'none', score: 1, revision: 2 });

    const body = await view(caseId, second.body.position);
    expect(body.risk).toMatchObject({ assessmentId: second.body.assessmentId, band: 'none', score: 1, disclosure: false, nextReviewDue: second.body.nextReviewDue });
    expect(body.risk.history.map((h: { band: string; assessorAgencyId: string }) => [h.band, h.assessorAgencyId])).toEqual([
      ['mild', 'bf-csc'],
      ['none', 'bf-csc'],
    ]);
    expect(body.riskReviewOverdue).toBe(false);
    expect(riskEntries(body)).toEqual(['ReferralReceived', 'RiskAssessed', 'RiskAssessed']);
    expect(body.chronology[1].summary).toMatch(/^Risk assessed by Children's Social Care: Mild \(score 8; SERAF-style default/);
  });

  it('raises a child of 13 with a significant sign to moderate', async () => {
    const { caseId } = await open(13);
    const answer = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(assessment()).expect(201);
    expect(answer.body).toMatchObject({ band: 'moderate', score: 8 });
    expect(answer.body.reasons[1]).toMatchObject({ rule: 'young-child-significant-sign', effect: 'raised' });
  });

  it("records a disclosure at the highest band and tells police and children's social care, by ids only", async () => {
    const { caseId } = await open();
    const details = 'Told the school nurse an older man gives her alcohol.';
    const answer = await http
      .post(`/cases/${caseId}/risk-assessments`)
      .set(csc)
      .send(assessment({ vulnerabilities: [], signs: [], disclosure: true, disclosureDetails: details }))
      .expect(201);
    expect(answer.body).toMatchObject({ band: 'significant', score: 0, notify: ['police', 'children-social-care'] });
    expect(answer.body.reasons.map((r: { rule: string }) => r.rule)).toEqual(['score', 'disclosure']);

    const events = await platform.store.readStream(`case-${caseId}`);
    const disclosure = events.find((e) => e.type === 'DisclosureRecorded')!;
    expect(disclosure.data).toEqual({
      caseId,
      assessmentId: answer.body.assessmentId,
      notify: ['police', 'children-social-care'],
      urgent: true,
      recordedAt: expect.any(String),
    });
    expect(disclosure.metadata).toMatchObject({ actor: { userId: 'sw-9', agencyId: 'bf-csc' } });

    const body = await view(caseId, answer.body.position);
    expect(body.risk).toMatchObject({ band: 'significant', disclosure: true });
    // (A SEMRAC listing may follow in the chronology: the listing process reacts to the band.)
    expect(riskEntries(body)).toEqual(['ReferralReceived', 'RiskAssessed', 'DisclosureRecorded']);
    expect(JSON.stringify(body)).not.toContain(details);
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const { caseId } = await open();
    const before = await written(caseId);
    const bad = await http
      .post(`/cases/${caseId}/risk-assessments`)
      .set(csc)
      .send(
        assessment({
          vulnerabilities: ['V-NOT-A-CODE'],
          signs: [{ code: 'S-MISSING', severity: 'high', lastObserved: '2026-02-30' }],
          disclosure: true,
          assessor: { name: 'Alex', role: 'Social worker', agencyId: 'bf-csc' },
        }),
      )
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'assessor.agencyName',
      'disclosureDetails',
      'signs.0.lastObserved',
      'signs.0.severity',
      'vulnerabilities',
    ]);
    await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(assessment({ assessedAt: new Date(Date.now() + DAY).toISOString() })).expect(422);
    await http.post(`/cases/${caseId}/risk-assessments`).set(csc).set('If-Match', 'abc').send(assessment()).expect(400);
    expect(await written(caseId)).toBe(before);
    await http.post('/cases/3f0b8c1e-1111-4c2d-8e9f-0a1b2c3d4e5f/risk-assessments').set(csc).send(assessment()).expect(404);
  });

  it('refuses an assessment on a closed case and writes nothing', async () => {
    const { caseId } = await open();
    await http.post(`/cases/${caseId}/close`).set(csc).send({ reason: 'Risk reduced; plan complete' }).expect(200);
    const before = await written(caseId);
    const refused = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(assessment()).expect(409);
    expect(refused.body.error).toBe('case-closed');
    expect(await written(caseId)).toBe(before);
  });

  it('answers a retry with the same Idempotency-Key as the first time, and a stale If-Match with 409', async () => {
    const { caseId } = await open();
    const body = assessment();
    const first = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).set('Idempotency-Key', 'assess-0001').send(body).expect(201);
    const before = await written(caseId);
    const again = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).set('Idempotency-Key', 'assess-0001').send(body).expect(201);
    expect(again.body).toEqual({ ...first.body, created: false });
    expect(await written(caseId)).toBe(before);
    await http.post(`/cases/${caseId}/risk-assessments`).set(csc).set('Idempotency-Key', 'assess-0001').send({ ...body, summary: 'other' }).expect(409);
    const stale = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).set('If-Match', '0').send(assessment()).expect(409);
    expect(stale.body.error).toBe('concurrent-change');
    expect(await written(caseId)).toBe(before);
  });

  it('shows a reassessment as overdue once the review date has passed', async () => {
    const { caseId } = await open();
    const old = await http
      .post(`/cases/${caseId}/risk-assessments`)
      .set(csc)
      .send(assessment({ assessedAt: daysAgo(130), signs: [{ code: 'S-MISSING', severity: 'significant', lastObserved: dateDaysAgo(140) }] }))
      .expect(201);
    expect(old.body.nextReviewDue < new Date().toISOString().slice(0, 10)).toBe(true);
    expect(await view(caseId, old.body.position)).toMatchObject({ riskReviewOverdue: true, risk: { nextReviewDue: old.body.nextReviewDue } });
  });

  it('says which scheme is in force, with its weights, bands and rules', async () => {
    const scheme = (await http.get('/reference/risk-scheme').set(csc).expect(200)).body;
    expect(scheme).toMatchObject({
      name: 'SERAF-style default (Safeguard built-in), configurable',
      version: '1',
      builtIn: true,
      recency: { recentMonths: 6, earlierMonths: 12 },
      weights: { vulnerability: 1, moderate: { recent: 1, earlier: 0 }, significant: { recent: 5, earlier: 1 } },
      bands: [
        { band: 'none', label: 'No current risk', minScore: 0, maxScore: 5 },
        { band: 'mild', label: 'Mild', minScore: 6, maxScore: 10 },
        { band: 'moderate', label: 'Moderate', minScore: 11, maxScore: 15 },
        { band: 'significant', label: 'Significant', minScore: 16 },
      ],
      reassessEveryMonths: 3,
    });
    expect(scheme.rules.map((r: { rule: string }) => r.rule)).toEqual(['young-child-significant-sign', 'disclosure']);
  });
});

describe("a board's own risk scheme over HTTP (sqlite)", () => {
  let platform: TestPlatform;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'risk-scheme-e2e-'));
    const file = join(dir, 'scheme.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'Example board scheme',
        version: '2026-1',
        recency: { recentMonths: 6, earlierMonths: 12 },
        weights: { vulnerability: 3, moderate: { recent: 1, earlier: 0 }, significant: { recent: 5, earlier: 1 } },
        bands: [
          { band: 'none', label: 'No current risk', minScore: 0 },
          { band: 'mild', label: 'Low', minScore: 4 },
          { band: 'moderate', label: 'Medium', minScore: 10 },
          { band: 'significant', label: 'High', minScore: 20 },
        ],
      }),
    );
    platform = await startPlatform('sqlite', { RISK_SCHEME_FILE: file, RISK_REASSESS_MONTHS: '1' });
  });

  afterAll(async () => {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores with the board\'s scheme, names it in the answer and in the reference', async () => {
    const http = request(platform.app.getHttpServer());
    const { caseId } = (await http.post('/referrals').set(csc).send(referral()).expect(201)).body;
    const answer = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(assessment()).expect(201);
    expect(answer.body).toMatchObject({ scheme: { name: 'Example board scheme', version: '2026-1' }, score: 12, band: 'moderate' });
    expect(answer.body.reasons[0].explanation).toBe('Score 12 is in the band 10-19: Medium');
    expect((await http.get('/reference/risk-scheme').set(csc).expect(200)).body).toMatchObject({ name: 'Example board scheme', builtIn: false, reassessEveryMonths: 1 });
  });
});
