import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { referralBody } from '../support/http';
import { pdfText } from '../support/pdf-text';
import { watchLog } from '../support/log-watch';

/**
 * The board's biannual report (issue 14 item 4) over a population built through the public API:
 * drafted, written and issued by a board officer; its PDF, HTML and CSV hold the figures, a hidden
 * cell as "fewer than 5"; after more events and an erasure it downloads byte for byte the same,
 * while a report issued later holds the new figures. Who may do what, bad input, and every read
 * recorded.
 */
const school = bearer({ userId: 'dsl-1', agencyId: 'bf-school', roles: 'referrer' });
const health = bearer({ userId: 'nurse-1', agencyId: 'bf-health', roles: 'referrer' });
const csc = bearer({ userId: 'sw-1', agencyId: 'bf-csc', roles: ['referrer', 'practitioner'] });
const schoolAdmin = bearer({ userId: 'school-admin', agencyId: 'bf-school', roles: 'admin' });
const dpo = bearer({ userId: 'dpo-1', agencyId: 'bf-board', roles: 'admin' });
const practitioner = bearer({ userId: 'pc-1', agencyId: 'thames-valley-police', roles: 'practitioner' });
const boardMember = bearer({ userId: 'board-member', agencyId: 'bf-board', roles: 'board' });
const analyst = bearer({ userId: 'analyst-1', agencyId: 'thames-valley-police', roles: 'analyst' });
const officer = bearer({ userId: 'board-officer', agencyId: 'bf-board', roles: 'board-officer' });
const HEALTH = { id: 'bf-health', kind: 'health', name: 'Health' };
const PERIOD = { from: '2026-05', to: '2026-10' };

describe.each(['sqlite', 'postgres'] as const)('the board report (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let lastPosition = '';
  let reportId = '';
  let periodCases: string[] = [];
  let first: { pdf: Buffer; html: string; csv: string; hash: string; position: string };

  const track = <T extends { position?: string }>(body: T): T => {
    if (body.position && body.position > lastPosition) lastPosition = body.position;
    return body;
  };
  const refer = async (who: ReturnType<typeof bearer>, body: object) => track((await http.post('/referrals').set(who).send(body).expect(201)).body) as { caseId: string };
  const download = async (id: string, file: string, who = boardMember) => {
    const answer = await http.get(`/analysis/reports/${id}/${file}`).set(who).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(answer.status).toBe(200);
    return answer.body as Buffer;
  };
  const csvLines = (csv: string) => csv.split('\r\n');

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
    // The previous period (2025-11 to 2026-04): six referrals from children's social care.
    for (let i = 0; i < 6; i++) await refer(csc, referralBody('bf-csc', { referredAt: `2026-0${(i % 4) + 1}-10T10:00:00.000Z` }));
    // The period (2026-05 to 2026-10): seven from the school, two from health, in June.
    for (let i = 0; i < 7; i++) periodCases.push((await refer(school, referralBody('bf-school', { referredAt: `2026-06-0${i + 1}T10:00:00.000Z` }))).caseId);
    for (let i = 0; i < 2; i++) await refer(health, { ...referralBody('bf-school', { referredAt: `2026-06-1${i}T10:00:00.000Z` }), referringAgency: HEALTH });
    // Training (1.3, 3.3): the school trained 84 of its 120 staff.
    track((await http.post('/training/records').set(schoolAdmin).send({ course: 'cse-awareness', heldOn: '2026-06-10', staffInPost: 120, staffTrained: 84 }).expect(201)).body);
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('lets only a board officer draft, and names a bad field with nothing written', async () => {
    const body = { ...PERIOD, title: 'CSE action plan: report to the LSCB, winter 2026' };
    const log = watchLog(platform.store);
    await log.mark();
    await http.post('/analysis/reports').set(practitioner).send(body).expect(403);
    const refused = await http.post('/analysis/reports').set(boardMember).send(body).expect(403);
    expect(refused.body.message).toMatch(/board-officer/);
    await http.post('/analysis/reports').set(analyst).send(body).expect(403);
    for (const [bad, field] of [
      [{ ...body, from: '2026-13' }, 'from'],
      [{ ...body, to: 'October' }, 'to'],
      [{ ...body, from: '2026-11' }, 'to'],
      [{ ...body, title: '   ' }, 'title'],
      [{ ...body, title: undefined }, 'title'],
      [{ ...body, title: 'x'.repeat(201) }, 'title'],
    ] as const) {
      const answer = await http.post('/analysis/reports').set(officer).send(bad).expect(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    expect(await log.written()).toEqual([]);

    const drafted = await http.post('/analysis/reports').set(officer).send(body).expect(201);
    expect(drafted.body).toMatchObject({ revision: 0, created: true });
    reportId = track(drafted.body).reportId;
    const [event] = await platform.store.readStream(`board-report-${reportId}`);
    expect(event).toMatchObject({
      type: 'BoardReportDrafted',
      data: { reportId, period: PERIOD, title: body.title, draftedBy: { userId: 'board-officer', agencyId: 'bf-board' } },
      metadata: { actor: { userId: 'board-officer', agencyId: 'bf-board' } },
    });
  });

  it('takes narratives from a board officer only, naming a bad action or text', async () => {
    const text = 'Referrals from schools rose after the spring assemblies.';
    await http.put(`/analysis/reports/${reportId}/narratives/2.1`).set(boardMember).send({ text }).expect(403);
    await http.put(`/analysis/reports/${reportId}/narratives/2.1`).set(practitioner).send({ text }).expect(403);
    const badAction = await http.put(`/analysis/reports/${reportId}/narratives/9.9`).set(officer).send({ text }).expect(400);
    expect(badAction.body.errors.map((e: { field: string }) => e.field)).toEqual(['path action']);
    const tooLong = await http.put(`/analysis/reports/${reportId}/narratives/2.1`).set(officer).send({ text: 'x'.repeat(10_001) }).expect(400);
    expect(tooLong.body.errors.map((e: { field: string }) => e.field)).toEqual(['text']);
    const badId = await http.put('/analysis/reports/not-a-report/narratives/2.1').set(officer).send({ text }).expect(400);
    expect(badId.body.errors.map((e: { field: string }) => e.field)).toEqual(['path id']);
    await http.put('/analysis/reports/3f6c2a9e-0d4b-4e1a-9c57-2b8d1e7f4a60/narratives/2.1').set(officer).send({ text }).expect(404);

    track((await http.put(`/analysis/reports/${reportId}/narratives/2.1`).set(officer).send({ text }).expect(200)).body);
    track((await http.put(`/analysis/reports/${reportId}/narratives/1.3`).set(officer).send({ text: 'Awareness training reached the school\'s staff.\n\nHealth is next.' }).expect(200)).body);
    const [, written] = await platform.store.readStream(`board-report-${reportId}`);
    expect(written).toMatchObject({ type: 'ReportNarrativeWritten', data: { action: '2.1', text, writtenBy: { userId: 'board-officer', agencyId: 'bf-board' } } });
  });

  it('shows a draft with a preview of its figures now', async () => {
    const view = (await http.get(`/analysis/reports/${reportId}`).set(analyst).expect(200)).body;
    expect(view).toMatchObject({ reportId, status: 'draft', period: PERIOD, narratives: { '2.1': expect.any(String) }, preview: { period: PERIOD, suppressionThreshold: 4 } });
    expect(view.position).toBeUndefined();
    // The downloads of a draft are a preview, marked as one.
    expect((await download(reportId, 'report.html')).toString('utf8')).toContain('<p class="draft" role="note">DRAFT: not issued.');
    expect(await pdfText(await download(reportId, 'report.pdf'))).toMatch(/^DRAFT: not issued\./);
    const csv = await http.get(`/analysis/reports/${reportId}/tables.csv`).set(boardMember).expect(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="board-report-${reportId}-DRAFT.csv"`);
    expect(csvLines(csv.text)).toContain('referrals.count,all,9,6,+3');
  });

  it('issues the report with the profile’s checkpoint and a content hash, once', async () => {
    await http.post(`/analysis/reports/${reportId}/issue`).set(boardMember).expect(403);
    const issued = await http.post(`/analysis/reports/${reportId}/issue`).query({ consistentWith: lastPosition }).set(officer).expect(200);
    expect(issued.body).toMatchObject({ reportId, status: 'issued', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), position: expect.stringMatching(/^\d{20}:\d{20}$/) });
    const stored = (await platform.store.readStream(`board-report-${reportId}`)).at(-1)!;
    expect(stored).toMatchObject({ type: 'BoardReportIssued', data: { position: issued.body.position, contentHash: issued.body.contentHash, issuedBy: { userId: 'board-officer', agencyId: 'bf-board' } } });

    const late = await http.put(`/analysis/reports/${reportId}/narratives/2.1`).set(officer).send({ text: 'A late thought.' }).expect(409);
    expect(late.body.message).toMatch(/issued/);
    await http.post(`/analysis/reports/${reportId}/issue`).set(officer).expect(409);

    const view = (await http.get(`/analysis/reports/${reportId}`).set(boardMember).expect(200)).body;
    expect(view).toMatchObject({ status: 'issued', position: issued.body.position, contentHash: issued.body.contentHash, issuedBy: { userId: 'board-officer' } });
    expect(view.preview).toBeUndefined();
    first = { pdf: Buffer.alloc(0), html: '', csv: '', hash: issued.body.contentHash, position: issued.body.position };
  });

  it('downloads a PDF, HTML and CSV holding the figures, a hidden cell as "fewer than 5"', async () => {
    first.pdf = await download(reportId, 'report.pdf');
    first.html = (await download(reportId, 'report.html')).toString('utf8');
    first.csv = (await download(reportId, 'tables.csv', officer)).toString('utf8');

    const text = await pdfText(first.pdf);
    expect(text).toContain('CSE action plan: report to the LSCB, winter 2026');
    expect(text).toContain('Referrals from schools rose after the spring assemblies.');
    expect(text).toContain(`Content sha256 ${first.hash}`);
    expect(text).toMatch(/Total 9 6 \+3/);
    expect(text).toMatch(/health fewer than 5 0/);
    expect(text).toMatch(/bf-school 70% 0% \+70|bf-school 70%/);
    expect(text).toContain('4.6 Cross-border intelligence with neighbouring forces and boards');

    expect(first.html).toContain('<caption>Referrals received');
    expect(first.html).toMatch(/<th scope="row">health<\/th><td class="hidden">fewer than 5<\/td>/);
    expect(first.html).toMatch(/<tfoot><tr><th scope="row">Total<\/th><td>9<\/td><td>6<\/td><td>\+3<\/td>/);
    expect(first.html).toContain('<p>Awareness training reached the school&#39;s staff.</p><p>Health is next.</p>');
    expect(first.html).toContain('<svg role="img"');

    const lines = csvLines(first.csv);
    expect(lines[0]).toBe('table,value,count,previous,change');
    expect(lines).toEqual(expect.arrayContaining(['referrals.count,all,9,6,+3', 'referrals.count,total,9,6,+3', 'referrals.agencyKind,health,fewer than 5,0,not shown']));
    expect(lines.filter((l) => l.startsWith('referrals.agencyKind,'))).toEqual(CSV_AGENCY_KIND);
    expect(lines.filter((l) => l.startsWith('training.coverage,'))).toEqual(['training.coverage,bf-school,70%,not shown: too few,not shown', 'training.coverage,total,70%,not shown: too few,not shown']);
    expect(first.csv.endsWith('\r\n')).toBe(true);
  });

  it('gives the same bytes after more events and an erasure, and a later report the new figures', async () => {
    for (let i = 0; i < 3; i++) await refer(school, referralBody('bf-school', { referredAt: `2026-07-0${i + 1}T10:00:00.000Z` }));
    const erased = await http.post(`/cases/${periodCases[0]}/erasure`).set(dpo).send({ reason: 'A request under the DPA 2018' }).expect(200);
    expect(erased.body).toMatchObject({ erased: true });
    const live = (await http.get('/analysis/profile').query({ ...PERIOD, consistentWith: lastPosition }).set(boardMember).expect(200)).body;

    expect((await download(reportId, 'report.pdf')).equals(first.pdf)).toBe(true);
    expect((await download(reportId, 'report.html')).toString('utf8')).toBe(first.html);
    expect((await download(reportId, 'tables.csv')).toString('utf8')).toBe(first.csv);
    expect((await http.get(`/analysis/reports/${reportId}`).set(boardMember).expect(200)).body).toMatchObject({ contentHash: first.hash, position: first.position });

    const second = track((await http.post('/analysis/reports').set(officer).send({ ...PERIOD, title: 'Winter report, reissued' }).expect(201)).body).reportId as string;
    const issued = (await http.post(`/analysis/reports/${second}/issue`).query({ consistentWith: lastPosition }).set(officer).expect(200)).body;
    // The listing below reads as of the issue event (logPosition): the report's own position is
    // the profile's checkpoint its figures were cut at, always before the issue event.
    expect(issued.logPosition > issued.position).toBe(true);
    track({ position: issued.logPosition });
    expect(issued.contentHash).not.toBe(first.hash);
    expect(issued.position > first.position).toBe(true);
    const csv = csvLines((await download(second, 'tables.csv')).toString('utf8'));
    expect(csv).toContain(`referrals.count,all,${live.tables['referrals.count'].total.count.shown},6,${live.tables['referrals.count'].total.change.shown}`);
    expect(live.tables['referrals.count'].total.count.value).toBeGreaterThan(9);
  });

  it('lists the reports a page at a time, newest first', async () => {
    await http.get('/analysis/reports').set(practitioner).expect(403);
    const page1 = (await http.get('/analysis/reports').query({ limit: 1, consistentWith: lastPosition }).set(boardMember).expect(200)).body;
    expect(page1.reports).toHaveLength(1);
    expect(page1.reports[0]).toMatchObject({ title: 'Winter report, reissued', status: 'issued' });
    const page2 = (await http.get('/analysis/reports').query({ limit: 1, after: page1.next }).set(boardMember).expect(200)).body;
    expect(page2.reports).toEqual([expect.objectContaining({ reportId, status: 'issued', narratives: ['1.3', '2.1'], contentHash: first.hash, position: first.position })]);
    expect(page2.next).toBeNull();
    const offset = await http.get('/analysis/reports').query({ offset: 1 }).set(boardMember).expect(400);
    expect(offset.body.errors.map((e: { field: string }) => e.field)).toEqual(['query offset']);
    const after = await http.get('/analysis/reports').query({ after: 'nonsense!' }).set(boardMember).expect(400);
    expect(after.body.errors.map((e: { field: string }) => e.field)).toEqual(['query after']);
  });

  it('exports the live profile as CSV to its readers, naming a bad period', async () => {
    await http.get('/analysis/profile.csv').query(PERIOD).set(practitioner).expect(403);
    const bad = await http.get('/analysis/profile.csv').query({ from: '2026-5', to: '2026-10' }).set(analyst).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['query from']);
    const answer = await http.get('/analysis/profile.csv').query({ ...PERIOD, consistentWith: lastPosition }).set(analyst).expect(200);
    expect(answer.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csvLines(answer.text);
    expect(lines[0]).toBe('table,value,count,previous,change');
    expect(lines.filter((l) => l.startsWith('training.coverage,'))).toEqual(['training.coverage,bf-school,70%,not shown: too few,not shown', 'training.coverage,total,70%,not shown: too few,not shown']);
  });

  it('refuses the downloads to other roles, and records every read', async () => {
    await http.get(`/analysis/reports/${reportId}/report.pdf`).set(practitioner).expect(403);
    await http.get(`/analysis/reports/${reportId}`).set(bearer({ userId: 'auditor-1', agencyId: 'bf-board', roles: 'auditor' })).expect(403);
    await http.get(`/analysis/reports/${reportId}/tables.csv`).set(boardMember).set('X-Purpose', 'Board meeting, January').expect(200);

    const trail = await platform.store.readStream('access-list-board-report');
    const reads = trail.filter((e) => e.type === 'ListAccessed').map((e) => e.data as { filters: { reportId: string; format: string }; purpose: string; roles: string[] });
    const formats = reads.filter((r) => r.filters.reportId === reportId).map((r) => r.filters.format);
    expect(formats).toEqual(['json', 'html', 'pdf', 'csv', 'json', 'pdf', 'html', 'csv', 'pdf', 'html', 'csv', 'json', 'csv']);
    expect(reads.at(-1)).toMatchObject({ purpose: 'Board meeting, January', roles: ['board'] });
    expect((await platform.store.readStream('access-list-board-reports')).length).toBeGreaterThanOrEqual(2);
    const exports = (await platform.store.readStream('access-list-profile')).map((e) => e.data as { filters: Record<string, string> });
    expect(exports).toEqual(expect.arrayContaining([expect.objectContaining({ filters: { ...PERIOD, format: 'csv' } })]));
    // A refused read is recorded too: who, their roles, why; nothing of the report was shown.
    const refusals = trail.filter((e) => e.type === 'ListRefused');
    expect(refusals.map((e) => [(e.metadata.actor as { userId: string }).userId, (e.data as { roles: string[] }).roles, (e.data as { filters: { format: string } }).filters.format])).toEqual(
      expect.arrayContaining([
        ['pc-1', ['practitioner'], 'pdf'],
        ['auditor-1', ['auditor'], 'json'],
      ]),
    );
    expect(refusals.every((e) => (e.data as { reason: string }).reason.startsWith('Only a user with the role board, board-officer, analyst'))).toBe(true);
  });
});

/** The referring agencies of the period: health's two hidden, and with it the school's seven so that the total cannot give them away. */
const CSV_AGENCY_KIND = [
  'referrals.agencyKind,children-social-care,0,6,-6',
  'referrals.agencyKind,police,0,0,no change',
  'referrals.agencyKind,health,fewer than 5,0,not shown',
  'referrals.agencyKind,education,not shown,0,not shown',
  'referrals.agencyKind,yos,0,0,no change',
  'referrals.agencyKind,probation,0,0,no change',
  'referrals.agencyKind,voluntary,0,0,no change',
  'referrals.agencyKind,housing,0,0,no change',
  'referrals.agencyKind,total,9,6,+3',
];
