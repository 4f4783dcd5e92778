import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: 'intelligence-officer' });
const sharingOfficer = bearer({ userId: 'so-2', agencyId: 'bf-lscb', roles: 'sharing-officer' });
const PEER = 'westmoor-lscb';
const admin = bearer({ userId: 'dpo-1', agencyId: 'bf-csc', roles: 'admin' });
const chair = bearer({ userId: 'chair-1', agencyId: 'bf-csc', roles: 'practitioner,semrac-chair' });
const HEALTH = { id: 'bf-health', kind: 'health', name: 'Health' };

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** The seven school referrals of 2026-06 and the two from health: ages, genders, ethnicities, signs. */
/** Their areas and schools, free text, against the board's wards and schools (PROFILE_AREAS, PROFILE_SCHOOLS below). */
const PERIOD_REFERRALS: { agency: 'school' | 'health'; child: Record<string, unknown>; signs: string[] }[] = [
  { agency: 'school', child: { approximateAge: 14, gender: 'female', ethnicity: 'White British', area: 'North Ward', school: 'Brightfield Academy' }, signs: ['S-MISSING', 'S-SCHOOL-ABSENCE'] },
  { agency: 'school', child: { approximateAge: 13, gender: 'female', ethnicity: 'white british', area: 'north  ward', school: 'BRIGHTFIELD academy' }, signs: ['S-MISSING', 'S-SCHOOL-ABSENCE'] },
  { agency: 'school', child: { approximateAge: 15, gender: 'female', ethnicity: 'WHITE - IRISH', area: ' North Ward ', school: 'brightfield academy' }, signs: ['S-MISSING', 'S-SCHOOL-ABSENCE'] },
  { agency: 'school', child: { approximateAge: undefined, dateOfBirth: '2012-01-15', gender: 'female', ethnicity: 'Roma', area: 'NORTH WARD', school: 'Brightfield Academy' }, signs: ['S-MISSING'] },
  {
    agency: 'school',
    child: { approximateAge: undefined, dateOfBirth: '2012-01-16', gender: 'female', ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British', area: 'North   Ward', school: 'Brightfield  Academy ' },
    signs: ['S-MISSING'],
  },
  { agency: 'school', child: { approximateAge: undefined, dateOfBirth: '2009-09-01', gender: 'female', ethnicity: 'Pakistani', area: 'South Ward', school: 'Elm Park School' }, signs: ['S-MISSING'] },
  { agency: 'school', child: { approximateAge: 17, gender: 'male', ethnicity: 'Bangladeshi', area: 'Flat 2, Acacia Road' }, signs: ['S-MISSING'] },
  { agency: 'health', child: { approximateAge: 11, gender: 'female', ethnicity: 'prefers not to say', lookedAfter: true, school: 'Brightfield Academy' }, signs: ['S-MISSING'] },
  { agency: 'health', child: { approximateAge: undefined, dateOfBirth: '2015-03-01', gender: 'male', lookedAfter: true, area: '   ', school: 'Hollybush Primary' }, signs: ['S-MISSING'] },
];

/**
 * For the filters: ten referrals of 2024-03 from children's social care (seven looked after, one of
 * them a care leaver too) and two looked-after children referred in 2023-10, the previous period.
 */
const LOOKED_AFTER_PERIOD: Record<string, unknown>[] = [
  { approximateAge: 14, gender: 'female', lookedAfter: true, area: 'South Ward', school: 'Brightfield Academy' },
  { approximateAge: 14, gender: 'female', lookedAfter: true, area: 'south ward' },
  { approximateAge: 17, gender: 'female', lookedAfter: true, careLeaver: true },
  { approximateAge: 13, gender: 'female', lookedAfter: true, ethnicity: 'Black Caribbean' },
  { approximateAge: 14, gender: 'female', lookedAfter: true },
  { approximateAge: 16, gender: 'male', lookedAfter: true },
  { approximateAge: 14, gender: 'female', lookedAfter: true },
  { approximateAge: 14, gender: 'male' },
  { approximateAge: 15, gender: 'female' },
  { approximateAge: 12, gender: 'female', migrantOrUnaccompanied: true },
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
  let keyDir = '';
  /** The cases of LOOKED_AFTER_PERIOD, in order. */
  const lookedAfterCases: string[] = [];

  const track = <T extends { position?: string }>(body: T): T => {
    if (body.position && body.position > lastPosition) lastPosition = body.position;
    return body;
  };
  const rows = async () =>
    (await counts.find({ order: { month: 'ASC', segment: 'ASC', measure: 'ASC', value: 'ASC' } })).map((r) => `${r.month} ${r.segment} ${r.measure}=${r.value}: ${r.count}`);
  /** The read model's counts of a measure in a segment (everyone by default), summed over the months chosen. */
  const raw = async (measure: string, months: (m: string) => boolean, segment = 'all') => {
    const summed: Record<string, number> = {};
    for (const r of (await counts.find({ where: { measure, segment } })).filter((row) => months(row.month))) summed[r.value] = (summed[r.value] ?? 0) + r.count;
    return summed;
  };

  beforeAll(async () => {
    // Episodes are listed for SEMRAC under "missing repeatedly" and "concerning" only: no episode here is long enough for the hours rule.
    // One peer board to share with, on the in-process bus.
    keyDir = mkdtempSync(join(tmpdir(), 'safeguard-profile-keys-'));
    platform = await startPlatform(database, {
      SEMRAC_MISSING_HOURS: '2160',
      // The board's wards and schools: a referral's area or school counts under the one it names.
      PROFILE_AREAS: 'North Ward, South Ward',
      PROFILE_SCHOOLS: 'Brightfield Academy',
      SHARING_BOARD_ID: 'brightfield-lscb',
      SHARING_SIGNING_KEY_FILE: join(keyDir, 'signing-key.pem'),
      SHARING_PEERS: JSON.stringify([
        {
          id: PEER,
          name: 'Westmoor LSCB',
          kind: 'board',
          topic: `safeguard.shares.${PEER}-${randomUUID().slice(0, 8)}`,
          publicKey: generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString(),
          allowedLabels: ['GREEN', 'AMBER'],
        },
      ]),
    });
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

    // For the filters: 2024-03 and, before it, 2023-10.
    for (const [i, child] of LOOKED_AFTER_PERIOD.entries()) {
      const body = track((await http.post('/referrals').set(csc).send(referralBody('bf-csc', { child, referredAt: `2024-03-${String(i + 1).padStart(2, '0')}T10:00:00.000Z` })).expect(201)).body);
      lookedAfterCases.push(body.caseId);
    }
    for (const day of ['05', '06']) {
      track((await http.post('/referrals').set(csc).send(referralBody('bf-csc', { child: { approximateAge: 14, gender: 'female', lookedAfter: true }, referredAt: `2023-10-${day}T10:00:00.000Z` })).expect(201)).body);
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

    // Risk: one child up from none to mild, one down from mild to none, one assessed once (none).
    // Scores 8 (mild) under the default scheme for a child of 14; no signs and one vulnerability score 1 (none).
    const assess = async (onCase: string, band: 'mild' | 'none', assessedAt: string) =>
      track(
        (
          await http
            .post(`/cases/${onCase}/risk-assessments`)
            .set(csc)
            .send({
              assessedAt,
              assessor: { name: 'Alex Assessor', role: 'Social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
              vulnerabilities: band === 'mild' ? ['V-LOW-SELF-ESTEEM', 'V-HOMELESS'] : ['V-HOMELESS'],
              signs:
                band === 'mild'
                  ? [
                      { code: 'S-MISSING', severity: 'significant', lastObserved: ago(72).slice(0, 10) },
                      { code: 'S-UNEXPLAINED-GIFTS', severity: 'moderate', lastObserved: ago(72).slice(0, 10) },
                    ]
                  : [],
              disclosure: false,
              summary: 'Assessed for the profile test.',
            })
            .expect(201)
        ).body,
      );
    expect((await assess(previousCases[1], 'none', ago(48))).band).toBe('none');
    expect((await assess(previousCases[1], 'mild', ago(24))).band).toBe('mild');
    expect((await assess(previousCases[2], 'mild', ago(48))).band).toBe('mild');
    expect((await assess(previousCases[2], 'none', ago(24))).band).toBe('none');
    expect((await assess(previousCases[3], 'none', ago(30))).band).toBe('none');
    // In 2024-04: a looked-after child up from none to mild, another assessed once; a child not looked after assessed once.
    const assessIn2024 = async (onCase: string, band: 'mild' | 'none', day: string) =>
      track(
        (
          await http
            .post(`/cases/${onCase}/risk-assessments`)
            .set(csc)
            .send({
              assessedAt: `2024-04-${day}T10:00:00.000Z`,
              assessor: { name: 'Alex Assessor', role: 'Social worker', agencyId: 'bf-csc', agencyName: "Children's Social Care" },
              vulnerabilities: band === 'mild' ? ['V-LOW-SELF-ESTEEM', 'V-HOMELESS'] : ['V-HOMELESS'],
              signs:
                band === 'mild'
                  ? [
                      { code: 'S-MISSING', severity: 'significant', lastObserved: `2024-04-${String(Number(day) - 3).padStart(2, '0')}` },
                      { code: 'S-UNEXPLAINED-GIFTS', severity: 'moderate', lastObserved: `2024-04-${String(Number(day) - 3).padStart(2, '0')}` },
                    ]
                  : [],
              disclosure: false,
              summary: 'Assessed for the profile test.',
            })
            .expect(201)
        ).body,
      );
    expect((await assessIn2024(lookedAfterCases[0], 'none', '10')).band).toBe('none');
    expect((await assessIn2024(lookedAfterCases[0], 'mild', '20')).band).toBe('mild');
    expect((await assessIn2024(lookedAfterCases[1], 'none', '15')).band).toBe('none');
    expect((await assessIn2024(lookedAfterCases[7], 'mild', '12')).band).toBe('mild');

    // Persons of interest, recorded now: one of 24, one of about 40, one of no known age or gender.
    const recordPoi = async (identifiers: Record<string, unknown>) =>
      track((await http.post('/persons-of-interest').set(csc).send({ identifiers: { names: [{ name: 'Pat Fictional', kind: 'name' }], ...identifiers } }).expect(201)).body)
        .poiId as string;
    const youngAdult = await recordPoi({ approximateAge: 24, gender: 'male' });
    const older = await recordPoi({ dateOfBirth: `${Number(thisMonth.slice(0, 4)) - 41}-01-01`, gender: 'female' });
    await recordPoi({});
    track((await http.post(`/persons-of-interest/${youngAdult}/links`).set(csc).send({ to: 'case', caseId: previousCases[1], nature: 'suspected-exploiter' }).expect(200)).body);
    track((await http.post(`/persons-of-interest/${older}/links`).set(csc).send({ to: 'case', caseId: previousCases[1], nature: 'gave-gifts' }).expect(200)).body);
    track((await http.post(`/persons-of-interest/${youngAdult}/links`).set(csc).send({ to: 'poi', poiId: older, nature: 'associate' }).expect(200)).body);
    track((await http.post(`/persons-of-interest/${youngAdult}/disruptions`).set(officer).send({ kind: 'arrest', on: '2026-03-15' }).expect(200)).body);
    track((await http.post(`/persons-of-interest/${older}/disruptions`).set(officer).send({ kind: 'child-abduction-warning-notice', on: '2026-03-20' }).expect(200)).body);
    // An intervention to disengage is for a person of interest who is a vulnerable young person too.
    track((await http.put(`/persons-of-interest/${youngAdult}/vulnerable-young-person`).set(csc).send({ note: 'Himself exploited by an older group' }).expect(200)).body);
    track(
      (
        await http
          .post(`/persons-of-interest/${youngAdult}/interventions`)
          .set(csc)
          .send({ agency: 'Youth offending service', intervention: 'Weekly mentoring', startedOn: '2026-04-01' })
          .expect(200)
      ).body,
    );

    // Intelligence, submitted now: two items from the school and one from health; two graded, one disseminated and acknowledged.
    const submit = async (who: typeof school) =>
      track(
        (
          await http
            .post('/intelligence')
            .set(who)
            .send({
              information: 'A man is said to wait by the park gates after school.',
              subjects: [{ kind: 'location', text: 'Riverside Park' }],
              knownAt: '2026-11-27',
              howKnown: 'told-by-someone-else',
              source: { name: 'Morgan Quill', otherIdentifiers: [] },
            })
            .expect(201)
        ).body,
      ).itemId as string;
    const disseminatedItem = await submit(school);
    const gradedItem = await submit(school);
    await submit(health);
    track((await http.post(`/intelligence/${disseminatedItem}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'P' }).expect(200)).body);
    track((await http.post(`/intelligence/${gradedItem}/grading`).set(officer).send({ source: 1, assessment: 'A', handling: 'P' }).expect(200)).body);
    track((await http.post(`/intelligence/${disseminatedItem}/sanitisation`).set(officer).send({ text: 'A man is reported to wait by a park after school.' }).expect(200)).body);
    track((await http.post(`/intelligence/${disseminatedItem}/dissemination`).set(officer).send({}).expect(200)).body);
    const ack = { messageId: randomUUID(), itemId: disseminatedItem, outcome: 'actioned', acknowledgedAt: new Date().toISOString(), unit: { id: 'tvp-mash', officer: 'DS 201' } };
    // The feed learns of the item through its own projection: acknowledge once it has.
    await eventually(async () => (await http.post('/police-feed/acknowledgements').set(officer).send(ack)).status === 200, 'the police unit acknowledged the item');
    track((await http.post('/police-feed/acknowledgements').set(officer).send(ack).expect(200)).body);

    // A SEMRAC meeting held four days ago, recorded now: the child assessed once (none) is agreed mild; two actions, one done on time, one late.
    const coChairs = [
      { agencyId: 'bf-csc', agencyName: "Children's Social Care", agencyKind: 'children-social-care', name: 'Chris Chair', role: 'Head of safeguarding' },
      { agencyId: 'tvp', agencyName: 'Thames Valley Police', agencyKind: 'police', name: 'DI Pat Chair', role: 'Detective inspector' },
    ];
    const meeting = track((await http.post('/semrac/meetings').set(chair).send({ scheduledFor: ago(100), venue: 'Time Square, Bracknell', coChairs }).expect(201)).body);
    track(
      (
        await http
          .post(`/semrac/meetings/${meeting.meetingId}/attendance`)
          .set(chair)
          .send({ attendees: coChairs.map(({ agencyKind: _kind, ...person }) => ({ ...person, attendance: 'present' })) })
          .expect(200)
      ).body,
    );
    const action = (dueDate: string) => ({ description: 'Complete the return home interview', ownerAgencyId: 'bf-csc', ownerAgencyName: "Children's Social Care", ownerPerson: 'Alex Worker', dueDate });
    const discussed = track(
      (
        await http
          .post(`/semrac/meetings/${meeting.meetingId}/discussions`)
          .set(chair)
          .send({ caseId: previousCases[3], summary: 'Discussed.', agreedRiskLevel: 'mild', decisions: [], actions: [action(ago(-24).slice(0, 10)), action(ago(80).slice(0, 10))] })
          .expect(201)
      ).body,
    );
    const [onTime, late] = discussed.actionIds as string[];
    for (const actionId of [onTime, late]) track((await http.patch(`/semrac/meetings/${meeting.meetingId}/actions/${actionId}`).set(chair).send({ status: 'done' }).expect(200)).body);
    track((await http.post(`/semrac/meetings/${meeting.meetingId}/close`).set(chair).send({}).expect(200)).body);

    // Sharing, now: one share sent to the peer, one refused by the sharing officer, one decision not to share.
    const terms = (label: string, code: string) => ({
      peerId: PEER,
      label,
      purpose: 'Joint safety planning',
      lawfulBasis: { code },
      subjectInformed: { informed: true },
      content: { caseId: previousCases[1], includeCaseSummary: true },
    });
    const sent = track((await http.post('/shares').set(csc).send(terms('AMBER', 'cda-1998-s115')).expect(201)).body);
    track((await http.post(`/shares/${sent.shareId}/approve`).set(sharingOfficer).expect(200)).body);
    const refused = track((await http.post('/shares').set(csc).send(terms('GREEN', 'dpa-2018-sch1-para18')).expect(201)).body);
    track((await http.post(`/shares/${refused.shareId}/refuse`).set(sharingOfficer).send({ reason: 'Say why the summary is needed.' }).expect(200)).body);
    track(
      (
        await http
          .post('/shares/decisions-not-to-share')
          .set(csc)
          .send({ peerId: PEER, purpose: 'Joint safety planning', content: { caseId: previousCases[1], includeCaseSummary: true }, reason: 'Telling would put the child at risk.' })
          .expect(201)
      ).body,
    );

    // The listing process manager lists the case behind the log: wait for both listings to be counted.
    await platform.app.get(ProjectionsService).waitForProjection(PROFILE_PROJECTION, lastPosition, 10_000);
    await eventually(async () => Object.values(await raw('semrac.listed', () => true)).reduce((a, b) => a + b, 0) === 2, 'both SEMRAC listings are counted');
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
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
    // The child's third episode within 90 days met the rule; the fourth, the same month, counts no more.
    expect(await raw('missing.repeatedly', () => true)).toEqual({ children: 1 });
    expect(await raw('missing.repeatedly', (m) => m === thisMonth)).toEqual({ children: 1 });
  });

  it('counts each assessed child once, in the month of the latest assessment or SEMRAC agreement: first band, latest band and the movement', async () => {
    const recent = (m: string) => m >= addMonths(thisMonth, -1);
    // The child assessed none once was then agreed mild at SEMRAC: the agreement, later, is the band now.
    expect(await raw('risk.firstBand', recent)).toEqual({ none: 2, mild: 1 });
    expect(await raw('risk.latestBand', recent)).toEqual({ mild: 2, none: 1 });
    expect(await raw('risk.movement', recent)).toEqual({ up: 2, down: 1 });
    expect(await raw('risk.movement', recent)).toEqual({ up: 2, down: 1 });

    const { tables } = await profile({ from: addMonths(thisMonth, -1), to: thisMonth });
    expect(shown(tables['risk.movement'])).toEqual({ up: 'fewer than 5', down: 'fewer than 5' });
    expect(tables['risk.latestBand'].total.count).toEqual({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
    expect(tables['risk.firstBand'].rows.map((r) => r.value)).toEqual(['none', 'mild', 'moderate', 'significant']);
    expect(tables['risk.firstBand'].rows.find((r) => r.value === 'significant')!.count).toEqual({ value: 0, shown: '0', suppressed: false });
  });

  it('counts persons of interest by age band and gender, their links to children, disruptions by kind and interventions', async () => {
    expect(await raw('poi.ageBand', (m) => m === thisMonth)).toEqual({ '18-24': 1, '35-plus': 1, 'not-known': 1 });
    expect(await raw('poi.gender', (m) => m === thisMonth)).toEqual({ male: 1, female: 1, 'not-known': 1 });
    // Links to children's cases only: the link between the two persons is not counted.
    expect(await raw('poi.childLinks', (m) => m === thisMonth)).toEqual({ 'suspected-exploiter': 1, 'gave-gifts': 1 });
    // In the month each happened, not the month recorded.
    expect(await raw('poi.disruption', (m) => m === '2026-03')).toEqual({ arrest: 1, 'child-abduction-warning-notice': 1 });
    expect(await raw('poi.intervention', (m) => m === '2026-04')).toEqual({ started: 1 });

    const { tables } = await profile({ from: '2026-01', to: '2026-06' });
    expect(shown(tables['poi.disruption'])).toEqual({ arrest: 'fewer than 5', 'child-abduction-warning-notice': 'fewer than 5' });
    expect(tables['poi.disruption'].total.count).toEqual({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
    expect(shown(tables['poi.intervention'])).toEqual({ started: 'fewer than 5' });
    expect(shown(tables['poi.gender'])).toEqual({});
  });

  it('counts intelligence submitted by agency, gradings, the time to dissemination and police acknowledgements', async () => {
    const now = (m: string) => m === thisMonth;
    expect(await raw('intel.submitted', now)).toEqual({ 'bf-school': 2, 'bf-health': 1 });
    expect(await raw('intel.grading', now)).toEqual({ '2/B': 1, '1/A': 1 });
    expect(await raw('intel.toDissemination', now)).toEqual({ 'under-24h': 1 });
    // Recorded once: the same acknowledgement sent twice.
    expect(await raw('intel.acknowledgement', now)).toEqual({ actioned: 1 });

    const { tables } = await profile({ from: thisMonth, to: thisMonth });
    expect(tables['intel.submitted'].rows.map((r) => [r.value, r.count.shown])).toEqual([
      ['bf-health', 'fewer than 5'],
      ['bf-school', 'fewer than 5'],
    ]);
    expect(tables['intel.grading'].rows).toHaveLength(15);
    expect(shown(tables['intel.grading'])).toEqual({ '1/A': 'fewer than 5', '2/B': 'fewer than 5' });
    expect(shown(tables['intel.toDissemination'])).toEqual({ 'under-24h': 'fewer than 5' });
    expect(shown(tables['intel.acknowledgement'])).toEqual({ actioned: 'fewer than 5' });
  });

  it('counts shares sent by peer, label and lawful basis, the time to approval, refusals and decisions not to share', async () => {
    const now = (m: string) => m === thisMonth;
    expect(await raw('sharing.peer', now)).toEqual({ [PEER]: 1 });
    expect(await raw('sharing.label', now)).toEqual({ AMBER: 1 });
    expect(await raw('sharing.lawfulBasis', now)).toEqual({ 'cda-1998-s115': 1 });
    expect(await raw('sharing.toApproval', now)).toEqual({ 'under-24h': 1 });
    expect(await raw('sharing.notShared', now)).toEqual({ 'refused-by-officer': 1, 'decided-not-to-share': 1 });

    const { tables } = await profile({ from: thisMonth, to: thisMonth });
    expect(tables['sharing.peer'].rows.map((r) => [r.value, r.count.shown])).toEqual([[PEER, 'fewer than 5']]);
    expect(tables['sharing.label'].rows.map((r) => r.value)).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect(shown(tables['sharing.notShared'])).toEqual({ 'refused-by-officer': 'fewer than 5', 'decided-not-to-share': 'fewer than 5' });
    expect(tables['sharing.toApproval'].total.count).toEqual({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
  });

  it('counts SEMRAC meetings held and actions done on time or late', async () => {
    expect(await raw('semrac.meetings', (m) => m === thisMonth)).toEqual({ held: 1 });
    expect(await raw('semrac.actionsDone', (m) => m === thisMonth)).toEqual({ 'on-time': 1, late: 1 });
    const { tables } = await profile({ from: thisMonth, to: thisMonth });
    expect(shown(tables['semrac.meetings'])).toEqual({ held: 'fewer than 5' });
    expect(shown(tables['semrac.actionsDone'])).toEqual({ 'on-time': 'fewer than 5', late: 'fewer than 5' });
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
    expect(tables['missing.repeatedly'].rows).toEqual([
      expect.objectContaining({ value: 'children', count: { value: null, shown: 'fewer than 5', suppressed: 'primary' }, previous: { value: 0, shown: '0', suppressed: false } }),
    ]);
  });

  it('counts areas and schools under the board’s own names, any other text as other and none as not recorded', async () => {
    const period = (m: string) => m >= '2026-05' && m <= '2026-10';
    expect(await raw('referrals.area', period)).toEqual({ 'North Ward': 5, 'South Ward': 1, other: 1, 'not-recorded': 2 });
    expect(await raw('referrals.school', period)).toEqual({ 'Brightfield Academy': 6, other: 2, 'not-recorded': 1 });
    // No referral's own text is a row: only the configured names, other and not-recorded, in every month and segment.
    const places = (await counts.find()).filter((r) => r.measure === 'referrals.area' || r.measure === 'referrals.school');
    expect([...new Set(places.map((r) => r.value))].sort()).toEqual(['Brightfield Academy', 'North Ward', 'South Ward', 'not-recorded', 'other']);

    const { tables } = await profile({ from: '2026-05', to: '2026-10' });
    expect(tables['referrals.area'].rows.map((r) => [r.value, r.count.shown, r.previous.shown])).toEqual([
      ['North Ward', '5', '0'],
      ['South Ward', 'fewer than 5', '0'],
      ['other', 'fewer than 5', '0'],
      ['not-recorded', 'fewer than 5', '6'],
    ]);
    expect(tables['referrals.area'].total.count).toEqual({ value: 9, shown: '9', suppressed: false });
    expect(tables['referrals.school'].rows.map((r) => [r.value, r.count.shown])).toEqual([
      ['Brightfield Academy', '6'],
      ['other', 'fewer than 5'],
      ['not-recorded', 'fewer than 5'],
    ]);
    expect(JSON.stringify(tables)).not.toMatch(/Acacia|Elm Park|Hollybush/);
  });

  it('counts each child’s facts again in the segments of their case: vulnerable group, gender, age band, ethnic group', async () => {
    const in2024 = (m: string) => m >= '2024-01' && m <= '2024-06';
    expect(await raw('referrals.count', in2024)).toEqual({ all: 10 });
    expect(await raw('referrals.count', in2024, 'group:looked-after')).toEqual({ all: 7 });
    expect(await raw('referrals.gender', in2024, 'group:looked-after')).toEqual({ female: 6, male: 1 });
    expect(await raw('referrals.ageBand', in2024, 'group:looked-after')).toEqual({ '13-15': 5, '16-17': 2 });
    expect(await raw('referrals.area', in2024, 'group:looked-after')).toEqual({ 'South Ward': 2, 'not-recorded': 5 });
    expect(await raw('referrals.vulnerableGroup', in2024, 'group:looked-after')).toEqual({ 'looked-after': 7, 'care-leaver': 1 });
    expect(await raw('referrals.count', in2024, 'group:care-leaver')).toEqual({ all: 1 });
    expect(await raw('referrals.count', in2024, 'group:migrant-or-unaccompanied')).toEqual({ all: 1 });
    expect(await raw('referrals.count', in2024, 'gender:male')).toEqual({ all: 2 });
    expect(await raw('referrals.count', in2024, 'ageBand:13-15')).toEqual({ all: 7 });
    expect(await raw('referrals.count', in2024, 'ethnicGroup:black')).toEqual({ all: 1 });
    // Each assessed child once, in the segments of their case's latest referral.
    expect(await raw('risk.movement', in2024)).toEqual({ up: 1, 'assessed-once': 2 });
    expect(await raw('risk.movement', in2024, 'group:looked-after')).toEqual({ up: 1, 'assessed-once': 1 });
    expect(await raw('risk.latestBand', in2024, 'gender:male')).toEqual({ mild: 1 });
    // The episodes, listings and actions of the recent months are of children of 14 referred by children's social care.
    const recent = (m: string) => m >= addMonths(thisMonth, -1);
    for (const measure of ['missing.reported', 'missing.duration', 'missing.returnInterview', 'missing.repeatedly', 'semrac.listed', 'semrac.actionsDone', 'risk.movement']) {
      expect([measure, await raw(measure, recent, 'ageBand:13-15')]).toEqual([measure, await raw(measure, recent)]);
      expect([measure, await raw(measure, recent, 'gender:female')]).toEqual([measure, await raw(measure, recent)]);
      expect([measure, await raw(measure, recent, 'group:looked-after')]).toEqual([measure, {}]);
    }
    // Not about one child: everyone only.
    for (const measure of ['semrac.meetings', 'poi.gender', 'intel.submitted', 'sharing.peer']) {
      expect([measure, (await counts.find({ where: { measure } })).filter((r) => r.segment !== 'all')]).toEqual([measure, []]);
    }
  });

  it('answers a filtered profile: the tables about one child for the children picked, suppressed, naming the filter and the tables left out', async () => {
    const answer = await profile({ from: '2024-01', to: '2024-06', group: 'looked-after' });
    expect(answer).toMatchObject({ period: { from: '2024-01', to: '2024-06' }, previousPeriod: { from: '2023-07', to: '2023-12' }, filter: { group: 'looked-after' } });
    const { tables, tablesLeftOut } = answer as typeof answer & { tablesLeftOut: string[] };
    expect(Object.keys(tables).filter((t) => !/^(referrals|missing|risk)\./.test(t))).toEqual(['semrac.listed', 'semrac.actionsDone']);
    expect(tablesLeftOut).toEqual(expect.arrayContaining(['poi.ageBand', 'poi.childLinks', 'intel.submitted', 'sharing.peer', 'semrac.meetings', 'training.coverage']));
    expect(tablesLeftOut.filter((t) => t in tables)).toEqual([]);

    expect(tables['referrals.count'].total).toMatchObject({ count: { value: 7, shown: '7' }, previous: { value: null, shown: 'fewer than 5' }, change: { value: null } });
    // One boy of seven: hidden, and the girls too, or the total would give him away.
    expect(shown(tables['referrals.gender'])).toEqual({ female: 'not shown', male: 'fewer than 5' });
    expect(tables['referrals.gender'].rows.find((r) => r.value === 'female')!.count).toEqual({ value: null, shown: 'not shown', suppressed: 'complementary' });
    expect(tables['referrals.gender'].total.count).toEqual({ value: 7, shown: '7', suppressed: false });
    expect(shown(tables['referrals.ageBand'])).toEqual({ '13-15': 'not shown', '16-17': 'fewer than 5' });
    expect(shown(tables['referrals.area'])).toEqual({ 'South Ward': 'fewer than 5', 'not-recorded': 'not shown' });
    expect(shown(tables['referrals.vulnerableGroup'])).toEqual({ 'looked-after': '7', 'care-leaver': 'fewer than 5' });
    expect(shown(tables['risk.movement'])).toEqual({ up: 'fewer than 5', 'assessed-once': 'fewer than 5' });
    expect(tables['risk.movement'].total.count).toEqual({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
    expect(JSON.stringify(tables)).not.toMatch(/"value":[1-4],"shown":"fewer/);

    // The unfiltered answer of the same period, for comparison: all ten children.
    const everyone = await profile({ from: '2024-01', to: '2024-06' });
    expect(everyone.tables['referrals.count'].total.count).toMatchObject({ value: 10 });
    expect(everyone).not.toHaveProperty('filter');
    expect(everyone.tables['poi.gender']).toBeDefined();

    const male = await profile({ from: '2024-01', to: '2024-06', gender: 'male' });
    expect(male.tables['referrals.count'].total.count).toEqual({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
    const older = await profile({ from: addMonths(thisMonth, -1), to: thisMonth, ageBand: '13-15' });
    expect(shown(older.tables['missing.duration'])).toEqual({ 'under-24h': 'fewer than 5', '1-3-days': 'fewer than 5', 'over-3-days': 'fewer than 5', 'still-missing': 'fewer than 5' });
    const notCoded = await profile({ from: '2024-01', to: '2024-06', ethnicGroup: 'not-coded' });
    expect(notCoded.tables['referrals.count'].total.count).toMatchObject({ value: 9, shown: '9' });

    // The read is recorded with its filter.
    await http.get('/analysis/profile').query({ from: '2024-01', to: '2024-06', group: 'care-leaver' }).set(analyst).expect(200);
    const trail = await platform.store.readStream('access-list-profile');
    expect(trail.at(-1)).toMatchObject({ data: { list: 'profile', filters: { from: '2024-01', to: '2024-06', group: 'care-leaver' } }, metadata: { actor: { userId: 'analyst-1' } } });
  });

  it.each([
    [{ group: 'foster-care' }, ['query group']],
    [{ gender: 'girls' }, ['query gender']],
    [{ ageBand: '14' }, ['query ageBand']],
    [{ ethnicGroup: 'White British' }, ['query ethnicGroup']],
    [{ group: 'looked-after', gender: 'male' }, ['query gender']],
    [{ gender: 'male', ageBand: '13-15', ethnicGroup: 'white' }, ['query ageBand', 'query ethnicGroup']],
    ['group=looked-after&group=care-leaver', ['query group']],
  ])('refuses the filter %p with 400 naming %p, and records no read', async (query, fields) => {
    const before = (await platform.store.readStream('access-list-profile')).length;
    const answer = await http.get('/analysis/profile').query(query).set(boardMember).expect(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(await platform.store.readStream('access-list-profile')).toHaveLength(before);
  });

  it('is for the board and analysts only, and records every read', async () => {
    const refused = await http.get('/analysis/profile').query({ group: 'looked-after' }).set(police).expect(403);
    expect(refused.body.message).toMatch(/^Only a user with the role board, board-officer, analyst may read the problem profile/);
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
    // Each refusal is recorded too, with what was asked: the police officer's and the auditor's.
    const refusals = trail.filter((e) => e.type === 'ListRefused').map((e) => [(e.metadata.actor as { userId: string }).userId, (e.data as { filters: object }).filters]);
    expect(refusals).toEqual(expect.arrayContaining([['pc-1', { group: 'looked-after' }], ['auditor-1', {}]]));
    expect(trail.filter((e) => (e.metadata.actor as { userId: string }).userId === 'pc-1').map((e) => e.type)).toEqual(['ListRefused']);
  });

  it('gives the board no child’s record', async () => {
    const { caseId, position } = track((await http.post('/referrals').set(csc).send(referralBody('bf-csc', { referredAt: '2026-01-11T10:00:00.000Z' })).expect(201)).body);
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
    // Compared with the counts once they hold every event written so far (the profile's live
    // batches are a quarter second apart: nobody reads them within a moment of a referral).
    await platform.app.get(ProjectionsService).waitForProjection(PROFILE_PROJECTION, lastPosition, 10_000);
    const before = await rows();
    const answerBefore = await profile({ from: '2026-05', to: '2026-10' });
    await platform.app.get(ProjectionsService).rebuild(PROFILE_PROJECTION);
    expect(await rows()).toEqual(before);
    expect(await profile({ from: '2026-05', to: '2026-10' })).toEqual(answerBefore);
  });

  it('counts an erased child’s area and school as not recorded once rebuilt; the groups, gender and approximate age stay', async () => {
    const in2024 = (m: string) => m >= '2024-01' && m <= '2024-06';
    expect(await raw('referrals.school', in2024)).toEqual({ 'Brightfield Academy': 1, 'not-recorded': 9 });
    const erased = (await http.post(`/cases/${lookedAfterCases[0]}/erasure`).set(admin).send({ reason: 'Retention review: no further safeguarding purpose' }).expect(200)).body;
    // The erasure rebuilds the profile: wait until it has, and has caught up with the erasure.
    await eventually(async () => (await raw('referrals.school', in2024))['not-recorded'] === 10, 'the profile rebuilt without the erased child');
    await platform.app.get(ProjectionsService).waitForProjection(PROFILE_PROJECTION, erased.position, 10_000);
    expect(await raw('referrals.school', in2024)).toEqual({ 'not-recorded': 10 });
    expect(await raw('referrals.area', in2024, 'group:looked-after')).toEqual({ 'South Ward': 1, 'not-recorded': 6 });
    expect(await raw('referrals.count', in2024, 'group:looked-after')).toEqual({ all: 7 });
    expect(await raw('referrals.count', in2024, 'ageBand:13-15')).toEqual({ all: 7 });
    expect(await raw('risk.movement', in2024, 'group:looked-after')).toEqual({ up: 1, 'assessed-once': 1 });
  });
});
