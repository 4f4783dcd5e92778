import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { eventually, referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { watchLog } from '../support/log-watch';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer', 'practitioner'] });
const health = bearer({ userId: 'sn-4', agencyId: 'bf-health', roles: ['practitioner'] });
const auditor = bearer({ userId: 'aud-1', agencyId: 'bf-board', roles: ['auditor'] });

describe.each(['sqlite', 'postgres'] as const)('who may change a case (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  it('refuses changes from an agency not on the case, lets it join by naming its lead professional, and never lets an auditor write', async () => {
    const { caseId } = (await http.post('/referrals').set(school).send(referralBody()).expect(201)).body;
    const written = async () => (await platform.store.readStream(`case-${caseId}`)).length;
    const before = await written();

    const refused = await http.put(`/cases/${caseId}/flags/looked-after`).set(health).send({}).expect(403);
    expect(refused.body.message).toContain('not on case');
    await http.post(`/cases/${caseId}/close`).set(auditor).send({ reason: 'Auditors change nothing' }).expect(403);
    expect(await written()).toBe(before);

    // The school nurse's service joins the case by naming its lead professional, then may change it.
    await http.put(`/cases/${caseId}/lead-professionals`).set(health).send({ agencyId: 'bf-health', agencyName: 'School nursing', name: 'Nurse Example', role: 'School nurse' }).expect(200);
    await http.put(`/cases/${caseId}/flags/looked-after`).set(health).send({}).expect(200);
    // Naming another agency's lead professional does not let an outsider in.
    const outsider = bearer({ userId: 'yo-1', agencyId: 'bf-yos', roles: ['practitioner'] });
    await http.put(`/cases/${caseId}/lead-professionals`).set(outsider).send({ agencyId: 'bf-school', agencyName: 'School', name: 'Someone', role: 'Teacher' }).expect(403);
    expect(await written()).toBe(before + 2);
  });

  it('lets the police and the agencies on the case record a missing episode, and no one else', async () => {
    const { caseId } = (await http.post('/referrals').set(school).send(referralBody()).expect(201)).body;
    const episode = { missingFrom: 'home', lastSeenAt: new Date(Date.now() - 3_600_000).toISOString(), policeCategory: 'missing', riskLevel: 'medium', concerning: false };
    const episodes = async () => (await platform.store.readAll({ limit: 10_000 })).filter((e) => e.type === 'MissingEpisodeReported' && e.data.caseId === caseId).length;
    await http.post(`/cases/${caseId}/missing-episodes`).set(health).send(episode).expect(403);
    expect(await episodes()).toBe(0);
    const police = bearer({ userId: 'pc-1', agencyId: 'thames-valley-police', roles: ['practitioner'] });
    const reported = await http.post(`/cases/${caseId}/missing-episodes`).set(police).send(episode).expect(201);
    await http.post(`/cases/${caseId}/missing-episodes`).set(school).send(episode).expect(201);
    // The global log shows an append once no transaction begun before it is still open (PostgreSQL).
    await eventually(async () => (await episodes()) === 2, 'both episodes are in the log');
    expect(await episodes()).toBe(2);
    // Changing the episode follows the same rule.
    await http.post(`/missing-episodes/${reported.body.episodeId}/return`).set(health).send({ returnedAt: new Date().toISOString(), whereFound: 'A friend’s house' }).expect(403);
  });

  it('lets only a SEMRAC chair run a meeting', async () => {
    const coChairs = [
      { agencyId: 'bf-csc', agencyName: "Children's Social Care", agencyKind: 'children-social-care', name: 'Chris Chair', role: 'Head of safeguarding' },
      { agencyId: 'tvp', agencyName: 'Thames Valley Police', agencyKind: 'police', name: 'DI Pat Chair', role: 'Detective inspector' },
    ];
    const meeting = { scheduledFor: new Date(Date.now() + 86_400_000).toISOString(), venue: 'Room 2', coChairs };
    const log = watchLog(platform.store);
    await log.mark();
    await http.post('/semrac/meetings').set(school).send(meeting).expect(403);
    const member = bearer({ userId: 'm-1', agencyId: 'bf-csc', roles: ['semrac-member'] });
    await http.post('/semrac/meetings').set(member).send(meeting).expect(403);
    expect(await log.written()).toEqual([]);
    const chair = bearer({ userId: 'chair-1', agencyId: 'bf-csc', roles: ['semrac-chair'] });
    await http.post('/semrac/meetings').set(chair).send(meeting).expect(201);
  });
});
