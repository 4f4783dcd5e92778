import request from 'supertest';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { bearer } from '@app/auth-testing';
import { ProjectionsService } from '@app/event-store';
import { PROFILE_PROJECTION, ProfileCountEntity, addMonths } from '@app/analysis';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { eventually, referralBody } from '../support/http';

/**
 * The problem profile (issue 14) over a population built through the public API: the exact
 * counts, which cells are hidden and why, who may read it, that the read is recorded, and that
 * a rebuild from the log gives the same answer.
 */
const school = bearer({ userId: 'dsl-1', agencyId: 'bf-school', roles: 'referrer' });
const health = bearer({ userId: 'nurse-1', agencyId: 'bf-health', roles: 'referrer' });
const csc = bearer({ userId: 'sw-1', agencyId: 'bf-csc', roles: ['referrer', 'practitioner'] });
const police = bearer({ userId: 'pc-1', agencyId: 'thames-valley-police', roles: 'practitioner' });
const boardMember = bearer({ userId: 'board-member', agencyId: 'bf-board', roles: 'board' });
const analyst = bearer({ userId: 'analyst-1', agencyId: 'thames-valley-police', roles: 'analyst' });
const HEALTH = { id: 'bf-health', kind: 'health', name: 'Health' };

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** The seven school referrals of 2026-06 and the two from health: ages, genders, ethnicities, signs. */
const PERIOD_REFERRALS: { agency: 'school' | 'health'; child: Record<string, unknown>; signs: string[] }[] = [
  { agency: 'school', child: { approximateAge: 14, gender: 'female', ethnicity: 'White British' }, signs: ['S-MISSING', 'S-SCHOOL-ABSENCE'] },
  { agency: 'school', child: { approximateAge: 13, gender: 'female', ethnicity: 'white british' }, signs: ['S-MISSING', 'S-SCHOOL-ABSENCE'] },
  { agency: 'school', child: { approximateAge: 15, gender: 'female', ethnicity: 'WHITE - IRISH' }, signs: ['S-MISSING', 'S-SCHOOL-ABSENCE'] },
  { agency: 'school', child: { approximateAge: undefined, dateOfBirth: '2012-01-15', gender: 'female', ethnicity: 'Roma' }, signs: ['S-MISSING'] },
  { agency: 'school', child: { approximateAge: undefined, dateOfBirth: '2012-01-16', gender: 'female', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British' }, signs: ['S-MISSING'] },
  { agency: 'school', child: { approximateAge: undefined, dateOfBirth: '2009-09-01', gender: 'female', ethnicity: 'Pakistani' }, signs: ['S-MISSING'] },
  { agency: 'school', child: { approximateAge: 17, gender: 'male', ethnicity: 'Bangladeshi' }, signs: ['S-MISSING'] },
  { agency: 'health', child: { approximateAge: 11, gender: 'female', ethnicity: 'prefers not to say', lookedAfter: true }, signs: ['S-MISSING'] },
  { agency: 'health', child: { approximateAge: undefined, dateOfBirth: '2015-03-01', gender: 'male', lookedAfter: true }, signs: ['S-MISSING'] },
];

interface Cell {
  value: number | null;
  shown: string;
  suppressed: string | false;
}
interface Table {
  rows: { value: string; count: Cell; previous: Cell; change: { value: number | null; shown: string } }[];
  total: { count: Cell; previous: Cell; change: { value: number | null; shown: string } };
}

describe.each(['sqlite', 'postgres'] as const)('GET /analysis/profile (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let counts: Repository<ProfileCountEntity>;
  let thisMonth: string;
  let lastPosition = '';

  const track = <T extends { position?: string }>(body: T): T => {
    if (body.position && body.position > lastPosition) lastPosition = body.position;
    return body;
  };
  const rows = async () =>
    (await counts.find({ order: { month: 'ASC', measure: 'ASC', value: 'ASC' } })).map((r) => `${r.month} ${r.measure}=${r.value}: ${r.count}`);
  /** The read model's counts of a measure, summed over the months chosen. */
  const raw = async (measure: string, months: (m: string) => boolean) => {
    const summed: Record<string, number> = {};
    for (const r of (await counts.find({ where: { measure } })).filter((row) => months(row.month))) summed[r.value] = (summed[r.value] ?? 0) + r.count;
    return summed;
  };

  beforeAll(async () => {
    // Episodes are listed for SEMRAC under "missing repeatedly" and "concerning" only: no episode here is long enough for the hours rule.
    platform = await startPlatform(database, { SEMRAC_MISSING_HOURS: '2160' });
    http = request(platform.app.getHttpServer());
    counts = platform.app.get(getRepositoryToken(ProfileCountEntity));
    thisMonth = new Date().toISOString().slice(0, 7);

    // The previous period (2025-11 to 2026-04): six referrals from children's social care.
    const previousCases: string[] = [];
    for (let i = 0; i < 6; i++) {
      const body = track((await http.post('/referrals').set(csc).send(referralBody('bf-csc', { referredAt: `2026-0${(i % 4) + 1}-10T10:00:00.000Z` })).expect(201)).body);
      previousCases.push(body.caseId);
    }
    // The period (2026-05 to 2026-10): seven from the school and two from health, all in June.
    for (const [i, referral] of PERIOD_REFERRALS.entries()) {
      const body =
        referral.agency === 'school'
          ? referralBody('bf-school', { child: referral.child, signs: referral.signs, referredAt: `2026-06-${String(i + 1).padStart(2, '0')}T10:00:00.000Z` })
          : { ...referralBody('bf-school', { child: referral.child, signs: referral.signs, referredAt: `2026-06-${String(i + 1).padStart(2, '0')}T10:00:00.000Z` }), referringAgency: HEALTH };
      track((await http.post('/referrals').set(referral.agency === 'school' ? school : health).send(body).expect(201)).body);
    }

    // Four missing episodes of one child, reported now, all within a few days.
    const caseId = previousCases[0];
    const episode = (lastSeenAt: string, concerning = false) => ({
      missingFrom: 'care-placement',
      lastSeenAt,
      policeCategory: 'missing',
      riskLevel: 'medium',
      concerning,
      pushFactors: [],
      pullFactors: [],
    });
    const report = async (lastSeenAt: string, concerning = false) =>
      track((await http.post(`/cases/${caseId}/missing-episodes`).set(police).send(episode(lastSeenAt, concerning)).expect(201)).body).episodeId as string;
    const returned = async (episodeId: string, returnedAt: string) =>
      track((await http.post(`/missing-episodes/${episodeId}/return`).set(police).send({ returnedAt, whereFound: 'A friend’s flat' }).expect(200)).body);
    const interviewed = async (episodeId: string, heldAt: string) =>
      track(
        (
          await http
            .post(`/missing-episodes/${episodeId}/return-interview`)
            .set(csc)
            .send({ outcome: 'held', heldAt, heldBy: { name: 'Rae Worker', agencyId: 'bf-csc' }, where: 'At home', learned: 'Spent the night with older friends.' })
            .expect(200)
        ).body,
      );
    // 100 hours missing; interviewed 100 hours after the return (late).
    const longest = await report(ago(300));
    await returned(longest, ago(200));
    await interviewed(longest, ago(100));
    // 60 hours missing; interviewed 39 hours after the return.
    const middle = await report(ago(100));
    await returned(middle, ago(40));
    await interviewed(middle, ago(1));
    // 10 hours missing, concerning; interviewed 10 hours after the return.
    const shortest = await report(ago(30), true);
    await returned(shortest, ago(20));
    await interviewed(shortest, ago(10));
    // Still missing.
    await report(ago(5));

    // The listing process manager lists the case behind the log: wait for both listings to be counted.
    await platform.app.get(ProjectionsService).waitForProjection(PROFILE_PROJECTION, lastPosition, 10_000);
    await eventually(async () => Object.values(await raw('semrac.listed', () => true)).reduce((a, b) => a + b, 0) === 2, 'both SEMRAC listings are counted');
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  const profile = async (query: Record<string, string>, who = boardMember) =>
    (await http.get('/analysis/profile').query({ ...query, consistentWith: lastPosition }).set(who).expect(200)).body as {
      period: { from: string; to: string };
      previousPeriod: { from: string; to: string };
      suppressionThreshold: number;
      tables: Record<string, Table>;
    };
  const shown = (table: Table) => Object.fromEntries(table.rows.filter((r) => r.count.value !== 0).map((r) => [r.value, r.count.shown]));

  it('counts the referrals by month, measure and value, exactly', async () => {
    const period = (m: string) => m >= '2026-05' && m <= '2026-10';
    expect(await raw('referrals.agencyKind', period)).toEqual({ education: 7, health: 2 });
    expect(await raw('referrals.ageBand', period)).toEqual({ '10-12': 2, '13-15': 5, '16-17': 2 });
    expect(await raw('referrals.gender', period)).toEqual({ female: 7, male: 2 });
    expect(await raw('referrals.ethnicGroup', period)).toEqual({ white: 5, asian: 2, 'not-coded': 2 });
    expect(await raw('referrals.sign', period)).toEqual({ 'S-MISSING': 9, 'S-SCHOOL-ABSENCE': 3 });
    expect(await raw('referrals.vulnerableGroup', period)).toEqual({ 'looked-after': 2 });
    expect(await raw('referrals.count', (m) => m >= '2025-11' && m <= '2026-04')).toEqual({ all: 6 });
  });

  it('counts the missing episodes, their durations and return interviews, and the SEMRAC listings', async () => {
    const recent = (m: string) => m >= addMonths(thisMonth, -1);
    expect(await raw('missing.reported', recent)).toEqual({ 'care-placement': 4 });
    expect(await raw('missing.duration', recent)).toEqual({ 'under-24h': 1, '1-3-days': 1, 'over-3-days': 1, 'still-missing': 1 });
    expect(await raw('missing.returnInterview', recent)).toEqual({ 'held-within-72h': 2, 'held-later': 1 });
    expect(await raw('semrac.listed', recent)).toEqual({ 'missing-repeatedly': 1, 'missing-concerning': 1 });
  });

  it('answers the board: counts of 5 or more shown, 1 to 4 as "fewer than 5", and the cells that would give them away hidden', async () => {
    const answer = await profile({ from: '2026-05', to: '2026-10' });
    expect(answer.period).toEqual({ from: '2026-05', to: '2026-10' });
    expect(answer.previousPeriod).toEqual({ from: '2025-11', to: '2026-04' });
    expect(answer.suppressionThreshold).toBe(4);
    const { tables } = answer;

    expect(tables['referrals.count'].total).toMatchObject({ count: { value: 9, shown: '9' }, previous: { value: 6 }, change: { value: 3, shown: '+3' } });
    // 7 and 2 of 9: the 2 is small, and the 7 would give it away from the total.
    expect(shown(tables['referrals.agencyKind'])).toEqual({ education: 'not shown', health: 'fewer than 5' });
    expect(tables['referrals.agencyKind'].rows.find((r) => r.value === 'education')!.count).toEqual({ value: null, shown: 'not shown', suppressed: 'complementary' });
    expect(tables['referrals.agencyKind'].rows.find((r) => r.value === 'children-social-care')).toMatchObject({ count: { value: 0 }, previous: { value: 6, shown: '6' } });
    expect(tables['referrals.agencyKind'].total.count).toMatchObject({ value: 9, suppressed: false });
    expect(shown(tables['referrals.gender'])).toEqual({ female: 'not shown', male: 'fewer than 5' });
    // Two small cells hide each other: the large one stands.
    expect(shown(tables['referrals.ageBand'])).toEqual({ '10-12': 'fewer than 5', '13-15': '5', '16-17': 'fewer than 5' });
    expect(shown(tables['referrals.ethnicGroup'])).toEqual({ white: '5', asian: 'fewer than 5', 'not-coded': 'fewer than 5' });
    // A referral names several signs: each sign stands on its own against the number of referrals.
    expect(shown(tables['referrals.sign'])).toEqual({ 'S-MISSING': '9', 'S-SCHOOL-ABSENCE': 'fewer than 5' });
    expect(tables['referrals.sign'].rows.find((r) => r.value === 'S-MISSING')).toMatchObject({ previous: { value: 6 }, change: { value: 3 } });
    expect(tables['referrals.sign'].total.count.value).toBe(9);
    expect(shown(tables['referrals.vulnerableGroup'])).toEqual({ 'looked-after': 'fewer than 5' });
    expect(tables['referrals.model'].rows.find((r) => r.value === 'M-INAPPROPRIATE-RELATIONSHIP')!.count).toMatchObject({ value: 9, shown: '9' });
    // Nothing hidden is in the answer.
    expect(JSON.stringify(tables)).not.toMatch(/"value":[1-4],"shown":"fewer/);
  });

  it('answers the episodes and listings of the recent months, every small count hidden', async () => {
    const { tables } = await profile({ from: addMonths(thisMonth, -1), to: thisMonth });
    expect(tables['missing.reported'].total.count).toMatchObject({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
    expect(shown(tables['missing.duration'])).toEqual({ 'under-24h': 'fewer than 5', '1-3-days': 'fewer than 5', 'over-3-days': 'fewer than 5', 'still-missing': 'fewer than 5' });
    expect(shown(tables['missing.returnInterview'])).toEqual({ 'held-within-72h': 'fewer than 5', 'held-later': 'fewer than 5' });
    expect(shown(tables['semrac.listed'])).toEqual({ 'missing-repeatedly': 'fewer than 5', 'missing-concerning': 'fewer than 5' });
  });

  it('is for the board and analysts only, and records every read', async () => {
    const refused = await http.get('/analysis/profile').set(police).expect(403);
    expect(refused.body.message).toMatch(/board or analyst/);
    await http.get('/analysis/profile').set(bearer({ userId: 'auditor-1', agencyId: 'bf-board', roles: 'auditor' })).expect(403);
    await http.get('/analysis/profile').set(analyst).expect(200);

    await http.get('/analysis/profile').query({ from: '2026-05', to: '2026-10' }).set(boardMember).set('X-Purpose', 'Board report, spring').expect(200);
    const trail = await platform.store.readStream('access-list-profile');
    expect(trail.at(-1)).toMatchObject({
      type: 'ListAccessed',
      data: { list: 'profile', purpose: 'Board report, spring', filters: { from: '2026-05', to: '2026-10' }, shown: [], roles: ['board'] },
      metadata: { actor: { userId: 'board-member', agencyId: 'bf-board' } },
    });
    expect(trail.map((e) => (e.metadata.actor as { userId: string }).userId)).toEqual(expect.arrayContaining(['analyst-1', 'board-member']));
    expect(trail.some((e) => (e.metadata.actor as { userId: string }).userId === 'pc-1')).toBe(false);
  });

  it('gives the board no child’s record', async () => {
    const { caseId, position } = (await http.post('/referrals').set(csc).send(referralBody('bf-csc', { referredAt: '2026-01-11T10:00:00.000Z' })).expect(201)).body;
    await http.get(`/cases/${caseId}`).query({ consistentWith: position }).set(csc).expect(200);
    const refused = await http.get(`/cases/${caseId}`).set(boardMember).expect(403);
    expect(refused.body.breakGlass).toEqual({ possible: false });
  });

  it.each([
    [{ from: '2026-13', to: '2026-12' }, 'query from'],
    [{ from: '2026-05', to: 'June' }, 'query to'],
    [{ from: '2026-05' }, 'query to'],
    [{ from: '2026-06', to: '2026-05' }, 'query to'],
    [{ from: '2020-01', to: '2025-01' }, 'query to'],
  ])('refuses %p with 400 naming %s', async (query, field) => {
    const answer = await http.get('/analysis/profile').query(query).set(boardMember).expect(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field })]);
  });

  it('gives the same answer after a rebuild from the log', async () => {
    const before = await rows();
    const answerBefore = await profile({ from: '2026-05', to: '2026-10' });
    await platform.app.get(ProjectionsService).rebuild(PROFILE_PROJECTION);
    expect(await rows()).toEqual(before);
    expect(await profile({ from: '2026-05', to: '2026-10' })).toEqual(answerBefore);
  });
});
