import { DataSource } from 'typeorm';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { ERASED, rawEventStore, verifyAll } from '@app/event-store';
import { eventually, referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { watchLog } from '../support/log-watch';

// Fictional people: the test looks for their names wherever they must not be.
const CHILD = { firstName: 'Zorabelle', lastName: 'Quintrell' };
const POI_NAME = 'Castor Wendlebury';
const referral = referralBody('bf-school', {
  child: { ...CHILD, approximateAge: undefined, dateOfBirth: '2012-05-06', school: 'Example Secondary School' },
  narrative: `${CHILD.firstName} is collected from school by an older male in a car.`,
});

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer', 'practitioner'] });
const dpo = bearer({ userId: 'dpo-1', agencyId: 'bf-board', roles: ['admin'] });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer', 'practitioner'] });

describe.each(['sqlite', 'postgres'] as const)("erasing a data subject's personal data (%s)", (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  /** Every row of every read-model table, as text. */
  async function readModelText(): Promise<string> {
    const dataSource = platform.app.get(DataSource);
    const tables = dataSource.entityMetadatas.map((m) => m.tablePath);
    const rows = await Promise.all(tables.map((t) => dataSource.query(`SELECT * FROM ${t.split('.').map((p) => `"${p}"`).join('.')}`)));
    return JSON.stringify(rows);
  }

  it('stores a child’s personal data encrypted, and after erasure shows them as erased everywhere while the history still verifies', async () => {
    const created = (await http.post('/referrals').set(school).send(referral).expect(201)).body as { caseId: string; position: string };
    const { caseId } = created;
    const stored = await rawEventStore(platform.store).readAll();
    expect(JSON.stringify(stored)).not.toMatch(/Zorabelle|Quintrell|2012-05-06/);
    const before = (await http.get(`/cases/${caseId}`).query({ consistentWith: created.position }).set(school).expect(200)).body;
    expect(before.child).toMatchObject(CHILD);

    // Only an admin erases, and only with a reason; nothing is written otherwise.
    const log = watchLog(platform.store);
    await log.mark();
    await http.post(`/cases/${caseId}/erasure`).set(school).send({ reason: 'A request under the DPA 2018' }).expect(403);
    const noReason = await http.post(`/cases/${caseId}/erasure`).set(dpo).send({}).expect(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    expect(await log.written()).toEqual([]);

    const erased = await http.post(`/cases/${caseId}/erasure`).set(dpo).send({ reason: 'Retention review: no further safeguarding purpose' }).expect(200);
    expect(erased.body).toMatchObject({ subject: `child:${caseId}`, erased: true });
    const [erasure] = await platform.store.readStream(`erasure-child:${caseId}`);
    expect(erasure).toMatchObject({ type: 'SubjectErased', metadata: { actor: { userId: 'dpo-1', agencyId: 'bf-board' }, reason: 'Retention review: no further safeguarding purpose' } });

    const after = await eventually(async () => {
      // The embedded SQLite read model may be mid-rebuild for a moment (one connection): ask again.
      const response = await http.get(`/cases/${caseId}`).set(school);
      return response.status === 200 && response.body.child?.firstName === ERASED && response.body;
    }, 'the case view shows the child erased');
    expect(after.child).toMatchObject({ firstName: ERASED, lastName: ERASED, gender: 'female' });
    expect(after.status).toBe('open');
    await eventually(async () => !/Zorabelle|Quintrell/.test(await readModelText()), 'no read model holds the name');
    expect(JSON.stringify((await http.get('/cases').set(school).expect(200)).body)).not.toMatch(/Zorabelle|Quintrell/);

    expect(await verifyAll(platform.store)).toMatchObject({ ok: true });
    // Nothing more can be recorded about an erased child.
    await http.put(`/cases/${caseId}/flags/child-witness`).set(school).send({ note: 'Special measures agreed' }).expect(410);
    // Erasing again changes nothing: the first erasure stands.
    expect((await http.post(`/cases/${caseId}/erasure`).set(dpo).send({ reason: 'Again, by mistake' }).expect(200)).body.erased).toBe(false);
  });

  it('erases a person of interest’s identifiers and keeps the links and disruption record', async () => {
    const poi = (
      await http
        .post('/persons-of-interest')
        .set(officer)
        .send({ identifiers: { names: [{ name: POI_NAME, kind: 'name' }], phoneNumbers: ['07700 900777'] } })
        .expect(201)
    ).body as { poiId: string; position: string };
    await http.post(`/persons-of-interest/${poi.poiId}/erasure`).set(dpo).send({ reason: 'Court order to erase' }).expect(200);
    const profile = await eventually(async () => {
      const response = await http.get(`/persons-of-interest/${poi.poiId}`).set(officer);
      return response.status === 200 && !JSON.stringify(response.body).includes(POI_NAME) && response.body;
    }, 'the POI profile shows the identifiers erased');
    expect(JSON.stringify(profile)).not.toContain('900777');
    expect(await verifyAll(platform.store)).toMatchObject({ ok: true });
    await http.post(`/persons-of-interest/${poi.poiId}/erasure`).set(school).send({ reason: 'Not mine to erase' }).expect(403);
  });
});
