import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { ProjectionsService } from '@app/event-store';
import { TRAINING_COVERAGE_PROJECTION } from '@app/analysis';
import { startPlatform, TestPlatform } from '../support/platform-app';

/**
 * CSE training (strategy actions 1.3 and 3.3) recorded through the API by each agency's admin,
 * and the profile's `training.coverage` table over it: the exact figures, what is hidden and why,
 * who may record, and a bad field named.
 */
const schoolAdmin = bearer({ userId: 'school-admin', agencyId: 'bf-school', roles: 'admin' });
const healthAdmin = bearer({ userId: 'health-admin', agencyId: 'bf-health', roles: 'admin' });
const cscAdmin = bearer({ userId: 'csc-admin', agencyId: 'bf-csc', roles: 'admin' });
const practitioner = bearer({ userId: 'sw-1', agencyId: 'bf-csc', roles: 'practitioner' });
const boardMember = bearer({ userId: 'board-member', agencyId: 'bf-board', roles: 'board' });

interface Cell {
  value: number | null;
  shown: string;
  suppressed: string | false;
}
interface Figures {
  courses: Record<string, Cell>;
  coursesTotal: Cell;
  staffInPost: Cell;
  staffTrained: Cell;
  coverage: Cell;
  previousCoverage: Cell;
  change: { value: number | null; shown: string };
}
interface Coverage {
  rows: (Figures & { agencyId: string })[];
  total: Figures;
}

describe('training records and coverage (sqlite)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let lastPosition = '';

  const record = async (who: ReturnType<typeof bearer>, body: Record<string, unknown>, key?: string) => {
    const call = http.post('/training/records').set(who);
    if (key) call.set('Idempotency-Key', key);
    const answer = (await call.send(body).expect(201)).body as { position?: string; created: boolean; agencyId: string };
    if (answer.position && answer.position > lastPosition) lastPosition = answer.position;
    return answer;
  };
  const coverage = async (from: string, to: string): Promise<Coverage> =>
    (await http.get('/analysis/profile').query({ from, to, consistentWith: lastPosition }).set(boardMember).expect(200)).body.tables['training.coverage'];

  beforeAll(async () => {
    platform = await startPlatform('sqlite');
    http = request(platform.app.getHttpServer());
    // The previous period (2025-11 to 2026-04): the school alone, 40 of 100.
    await record(schoolAdmin, { course: 'cse-awareness', heldOn: '2026-02-01', staffInPost: 100, staffTrained: 40 });
    // The period (2026-05 to 2026-10).
    await record(schoolAdmin, { course: 'cse-awareness', heldOn: '2026-06-10', staffInPost: 120, staffTrained: 50, note: 'Whole-school INSET day' });
    const first = await record(schoolAdmin, { course: 'cse-practitioner', heldOn: '2026-09-01', staffInPost: 125, staffTrained: 30 }, 'school-2026-09-01');
    expect(first).toMatchObject({ agencyId: 'bf-school', created: true });
    // A retry with the same key writes nothing more.
    expect(await record(schoolAdmin, { course: 'cse-practitioner', heldOn: '2026-09-01', staffInPost: 125, staffTrained: 30 }, 'school-2026-09-01')).toMatchObject({ created: false });
    await record(healthAdmin, { course: 'cse-awareness', heldOn: '2026-07-01', staffInPost: 40, staffTrained: 3 });
    await record(cscAdmin, { course: 'cse-advanced', heldOn: '2026-08-15', staffInPost: 60, staffTrained: 45 });
    // After the period: not counted in it.
    await record(cscAdmin, { course: 'cse-awareness', heldOn: '2026-11-02', staffInPost: 61, staffTrained: 20 });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  it("gives each agency's coverage, the latest staff in post and trained summed, beside the previous period", async () => {
    const table = await coverage('2026-05', '2026-10');
    expect(table.rows.map((r) => r.agencyId)).toEqual(['bf-csc', 'bf-health', 'bf-school']);
    const [csc, health, school] = table.rows;
    expect([csc.staffInPost.value, health.staffInPost.value, school.staffInPost.value, table.total.staffInPost.value]).toEqual([60, 40, 125, 225]);
    // 80 of 125, against 40 of 100 before.
    expect(school.staffTrained).toEqual({ value: 80, shown: '80', suppressed: false });
    expect(school.coverage).toEqual({ value: 64, shown: '64%', suppressed: false });
    expect(school.previousCoverage).toEqual({ value: 40, shown: '40%', suppressed: false });
    expect(school.change).toMatchObject({ value: 24, shown: '+24' });
    // 128 of 225 in all, against 40 of 100.
    expect(table.total.staffTrained.value).toBe(128);
    expect(table.total.coverage).toEqual({ value: 57, shown: '57%', suppressed: false });
    expect(table.total.previousCoverage.value).toBe(40);
  });

  it('hides small counts, the cells that would give them away, and rates over them', async () => {
    const [csc, health, school] = (await coverage('2026-05', '2026-10')).rows;
    // Health trained 3: hidden; so that the total cannot give it away, the smallest other is hidden too (children's social care's 45).
    expect(health.staffTrained).toEqual({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
    expect(csc.staffTrained).toEqual({ value: null, shown: 'not shown', suppressed: 'complementary' });
    expect(health.coverage).toEqual({ value: null, shown: 'not shown: too few', suppressed: 'too-few' });
    expect(csc.coverage.value).toBeNull();
    // One or two courses each: every course count is fewer than 5.
    expect(school.courses['cse-awareness']).toEqual({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
    expect(school.courses['cse-advanced']).toEqual({ value: 0, shown: '0', suppressed: false });
    expect(JSON.stringify((await coverage('2026-05', '2026-10')).rows)).not.toContain('"value":45');
  });

  it('is rebuilt from the log to the same table', async () => {
    const before = await coverage('2026-05', '2026-10');
    await platform.app.get(ProjectionsService).rebuild(TRAINING_COVERAGE_PROJECTION);
    expect(await coverage('2026-05', '2026-10')).toEqual(before);
  });

  it('lets only admins record: a practitioner and a board member are refused and nothing is written', async () => {
    const body = { course: 'cse-awareness', heldOn: '2026-06-01', staffInPost: 10, staffTrained: 10 };
    await http.post('/training/records').set(practitioner).send(body).expect(403);
    await http.post('/training/records').set(boardMember).send(body).expect(403);
    const table = await coverage('2026-05', '2026-10');
    expect(table.rows.find((r) => r.agencyId === 'bf-csc')!.staffInPost.value).toBe(60);
  });

  it('names a bad field with 400', async () => {
    const tooMany = await http.post('/training/records').set(schoolAdmin).send({ course: 'cse-awareness', heldOn: '2026-06-01', staffInPost: 10, staffTrained: 11 }).expect(400);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toEqual(['staffTrained']);
    const badCourse = await http.post('/training/records').set(schoolAdmin).send({ course: 'first-aid', heldOn: '2026-13-01', staffInPost: 10, staffTrained: 1 }).expect(400);
    expect(badCourse.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['course', 'heldOn']);
  });
});
