import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { ProjectionsService, RecordedEvent, rawEventStore } from '@app/event-store';
import { CaseViewProjection } from '@app/cases';
import { eventually, referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { buildIfChanged } from '../support/processes';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const police = bearer({ userId: 'pc-4412', agencyId: 'thames-valley-police', roles: 'practitioner' });
const auditor = bearer({ userId: 'aud-1', agencyId: 'bf-lscb', roles: ['auditor'] });

/**
 * Issue 12 item 1: one event that a projection cannot apply stops only that projection, and every
 * place an operator or auditor looks says which projection, which event and what error: readiness,
 * reads waiting on it (503 at once), `npm run projections -- status`, the auditor's check. Once
 * its fold is fixed it resumes from that event, without a rebuild. An event whose personal data
 * cannot be opened is handled the same way: it stops only the projections that read its type.
 */
describe.each(['sqlite', 'postgres'] as const)('a projection that cannot apply an event (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let projections: ProjectionsService;

  // `npm run projections` and `npm run audit` run the compiled commands: built here, not inside a test.
  beforeAll(() => {
    buildIfChanged('projector');
    buildIfChanged('audit-service');
  }, 600_000);

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
    projections = platform.app.get(ProjectionsService);
  });

  afterAll(() => platform.close());

  /** `npm run projections -- status --json` on the platform's databases, as an operator runs it. */
  const statusCommand = () => {
    const run = spawnSync('npm', ['run', '--silent', 'projections', '--', 'status', '--json'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, ...platform.env },
      encoding: 'utf8',
    });
    return { code: run.status, statuses: JSON.parse(run.stdout) as { name: string; behind: number; failure: { event?: { id: string } } | null }[], err: run.stderr };
  };

  it('stops only that projection, names the event everywhere, and resumes from it once the fold is fixed', async () => {
    const first = await http.post('/referrals').set(school).send(referralBody('bf-school')).expect(201);
    await http.get(`/cases/${first.body.caseId}`).query({ consistentWith: first.body.position }).set(school).expect(200);
    // A risk assessment without its assessor, written past the write path (a bad import, an old bug).
    const poison = { id: randomUUID(), position: '' };
    poison.position = (
      await platform.store.append(`case-${first.body.caseId}`, [
        {
          id: poison.id,
          type: 'RiskAssessed',
          data: { caseId: first.body.caseId, assessmentId: 'a-1', band: 'moderate', score: 5, assessedAt: new Date().toISOString() },
          metadata: { actor: { userId: 'dsl-17', agencyId: 'bf-school' } },
        },
      ])
    ).position;
    const named = { projection: 'case-view', event: { id: poison.id, position: poison.position, type: 'RiskAssessed' } };

    // Readiness: down, naming the projection, the event and the error (never the event's data).
    const ready = await eventually(async () => {
      const answer = await http.get('/health/ready');
      return answer.status === 503 && answer.body.error.projections?.failures ? answer.body : undefined;
    }, 'readiness reports the failing case view');
    expect(ready.error.projections).toMatchObject({ status: 'down', failing: ['case-view'], failures: [{ ...named, error: expect.stringMatching(/^TypeError: /) }] });
    expect((await http.get('/health')).body.status).toBe('degraded');

    // A read waiting on it is told at once, with the event.
    const next = await http.post('/referrals').set(school).send(referralBody('bf-school', { narrative: 'Another child, seen at the same flat.' })).expect(201);
    const read = await http.get(`/cases/${next.body.caseId}`).query({ consistentWith: next.body.position }).set(school);
    expect(read.status).toBe(503);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.body).toMatchObject({ statusCode: 503, error: 'read-model-failing', ...named });

    // Every other projection goes on past the poison and the writes after it.
    const poi = await http.post('/persons-of-interest').set(police).send({ identifiers: { names: [{ name: 'Dan Fictional', kind: 'name' }] } }).expect(201);
    await http.get(`/persons-of-interest/${poi.body.poiId}`).query({ consistentWith: poi.body.position }).set(police).expect(200);
    const others = projections.names().filter((name) => name !== 'case-view');
    expect(others.length).toBeGreaterThanOrEqual(11);
    await Promise.all(others.map((name) => projections.waitForProjection(name, poi.body.position, 10_000)));
    expect(projections.status().filter((p) => p.failing).map((p) => p.name)).toEqual(['case-view']);

    // The operator's status command, reading what the runner stored: exit 3, the event named.
    const status = statusCommand();
    expect(status.code).toBe(3);
    expect(status.statuses.find((s) => s.name === 'case-view')).toMatchObject({ failure: { event: named.event, error: expect.stringMatching(/TypeError/) } });
    expect(status.statuses.find((s) => s.name === 'case-view')!.behind).toBeGreaterThanOrEqual(2);
    expect(status.statuses.filter((s) => s.failure).map((s) => s.name)).toEqual(['case-view']);
    expect(status.err).toMatch(/1 projection\(s\) failing: case-view/);

    // The auditor's check: not consistent, behind, the failure named, and the rebuild stops at the same event.
    const check = (await http.post('/audit/projections/case-view/check').set(auditor).expect(200)).body;
    expect(check).toMatchObject({ projection: 'case-view', consistent: false, failure: { event: named.event }, rebuildFailure: { event: named.event } });
    expect(check.behind).toBeGreaterThanOrEqual(2);
    expect((await http.post('/audit/projections/poi-profiles/check').set(auditor).expect(200)).body).toMatchObject({ consistent: true, behind: 0, failure: null });
    // The same from the auditor's command line: exit 1, the failing event named (it said "consistent"
    // and exit 0). Once, on SQLite: it reads the same check, and each run compiles the command anew.
    const cli = database !== 'sqlite' ? undefined : spawnSync('npm', ['run', '--silent', 'audit', '--', 'projections-check', 'case-view'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, ...platform.env, AUDIT_OPERATOR: 'aud-1', AUDIT_OPERATOR_AGENCY: 'bf-lscb' },
      encoding: 'utf8',
    });
    if (cli) expect(cli.status).toBe(1);
    if (cli) expect(cli.stderr).toContain(`case-view: failing at event ${poison.id} (RiskAssessed)`);

    // The fold is fixed (here: it passes over what it cannot use, as a fixed release would): it
    // resumes at the poison event, not from the start of the log.
    const caseView = platform.app.get(CaseViewProjection);
    const broken = caseView.apply.bind(caseView);
    const appliedAfterFix: string[] = [];
    caseView.apply = async (events: readonly RecordedEvent[], manager) => {
      appliedAfterFix.push(...events.map((e) => e.position));
      return broken(events.filter((e) => e.id !== poison.id), manager);
    };
    await eventually(async () => (await http.get('/health/ready')).status === 200, 'the case view resumes');
    await http.get(`/cases/${next.body.caseId}`).query({ consistentWith: next.body.position }).set(school).expect(200);
    await http.get(`/cases/${first.body.caseId}`).set(school).expect(200);
    expect(appliedAfterFix.length).toBeGreaterThan(0);
    expect([...appliedAfterFix].sort()[0]).toBe(poison.position);
    // What the status command prints, read in process (the command ran above; each run compiles it anew).
    expect((await projections.storedStatus()).filter((s) => s.failure !== null)).toEqual([]);
    expect((await http.post('/audit/projections/case-view/check').set(auditor).expect(200)).body).toMatchObject({ consistent: true, behind: 0, failure: null, rebuildFailure: null });
    // Two command lines run as an operator and an auditor would, each compiling the app: allow for them.
  }, 240_000);

  it('an event whose personal data cannot be opened stops only the projections that read its type', async () => {
    const poi = await http.post('/persons-of-interest').set(police).send({ identifiers: { names: [{ name: 'Eve Fictional', kind: 'name' }] } }).expect(201);
    await http.get(`/persons-of-interest/${poi.body.poiId}`).query({ consistentWith: poi.body.position }).set(police).expect(200);
    // The same sealed record, its ciphertext damaged (a bad restore, a key rotated without re-sealing).
    const [recorded] = await rawEventStore(platform.store).readStream(`poi-${poi.body.poiId}`, { limit: 1 });
    const sealed = JSON.parse(JSON.stringify(recorded.data)) as Record<string, { s: string; c: string }>;
    const block = Object.values(sealed).find((value) => value && typeof value === 'object' && 'c' in value)!;
    block.c = `${block.c.slice(0, 40)}${block.c[40] === 'A' ? 'B' : 'A'}${block.c.slice(41)}`;
    const damaged = randomUUID();
    await rawEventStore(platform.store).append(`poi-${randomUUID()}`, [{ id: damaged, type: recorded.type, data: sealed, metadata: recorded.metadata }]);

    const ready = await eventually(async () => {
      const answer = await http.get('/health/ready');
      return answer.status === 503 && answer.body.error.projections?.failures ? answer.body : undefined;
    }, 'readiness reports the projections that cannot open the event');
    const failures = ready.error.projections.failures as { projection: string; event: { id: string }; error: string }[];
    expect(failures.map((f) => f.projection)).toContain('poi-profiles');
    for (const failure of failures) {
      expect(failure.event.id).toBe(damaged);
      expect(failure.error).toMatch(/^UnreadableEventError: The personal data of event .* cannot be opened: Error: Unsupported state or unable to authenticate data$/);
      expect(failure.error).not.toMatch(/Eve Fictional/);
    }
    // Projections that do not read the type go on: the case view shows a new case.
    const referral = await http.post('/referrals').set(school).send(referralBody('bf-school')).expect(201);
    await http.get(`/cases/${referral.body.caseId}`).query({ consistentWith: referral.body.position }).set(school).expect(200);
    expect(failures.map((f) => f.projection)).not.toContain('case-view');
  });
});
