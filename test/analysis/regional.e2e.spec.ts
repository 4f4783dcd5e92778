import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import request from 'supertest';
import { Kafka, logLevel } from 'kafkajs';
import { REGIONAL_PICTURE_PROJECTION } from '@app/analysis';
import { bearer } from '@app/auth-testing';
import { ProblemProfileV1 } from '@app/contracts';
import { ProjectionsService } from '@app/event-store';
import { signShareMessage, verifyShareMessage } from '@app/sharing';
import { kafkaBrokers } from '../kafka-broker';
import { TopicRecord, produceRaw } from '../support/kafka';
import { TestPlatform, startPlatform, startPlatformReplicas } from '../support/platform-app';
import { eventually, referralBody } from '../support/http';

/**
 * The regional picture (issue 14 item 5, strategy action 2.4): three boards on one Kafka broker,
 * each with its own database. Brightfield sends its suppressed profile on request, Eastvale (two
 * processes on one database) on a schedule; each board shows its own profile beside the others'
 * latest, with the exact published cells, and refuses what its peers did not sign or what breaks
 * the contract.
 */
const RUN = randomUUID().slice(0, 8);
const A = `brightfield-${RUN}`;
const B = `westmoor-${RUN}`;
const C = `eastvale-${RUN}`;
const NAMES: Record<string, string> = { [A]: 'Brightfield LSCB', [B]: 'Westmoor LSCB', [C]: 'Eastvale LSCB' };
const shareTopic = (id: string) => `safeguard.shares.${id}`;
const profileTopic = (id: string) => `${shareTopic(id)}.profiles`;

function keyPair() {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString() };
}
const KEYS = { [A]: keyPair(), [B]: keyPair(), [C]: keyPair() };

function settings(self: string, more: Record<string, string> = {}): Record<string, string> {
  const peers = [A, B, C].filter((id) => id !== self);
  return {
    KAFKA_BROKERS: kafkaBrokers().join(','),
    KAFKA_CLIENT_ID: `safeguard-${self}`,
    SHARING_BOARD_ID: self,
    SHARING_BOARD_NAME: NAMES[self],
    SHARING_SIGNING_KEY: KEYS[self].privatePem,
    SHARING_PEERS: JSON.stringify(peers.map((id) => ({ id, name: NAMES[id], kind: 'board', topic: shareTopic(id), publicKey: KEYS[id].publicPem, allowedLabels: ['GREEN', 'AMBER'] }))),
    ...more,
  };
}

const school = bearer({ userId: 'dsl-1', agencyId: 'bf-school', roles: 'referrer' });
const boardMember = bearer({ userId: 'board-member', agencyId: 'bf-board', roles: 'board' });
const analyst = bearer({ userId: 'analyst-1', agencyId: 'bf-board', roles: 'analyst' });
const officer = bearer({ userId: 'board-officer-1', agencyId: 'bf-board', roles: 'board-officer' });
const admin = bearer({ userId: 'lscb-admin', agencyId: 'bf-board', roles: 'admin' });
const practitioner = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: 'practitioner' });
const auditor = bearer({ userId: 'dpo-1', agencyId: 'bf-board', roles: 'auditor' });

/** The last whole month: inside the default period (the last six whole months) of every board. */
const lastMonth = (() => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10)).toISOString().slice(0, 7);
})();

/** Fictional children, each with names and a date of birth that must never leave the board. */
const child = (board: string, i: number, gender: 'female' | 'male', dateOfBirth: string) => ({
  firstName: `Zephyrine${board.slice(0, 4)}${i}`,
  lastName: 'Quillfeather',
  approximateAge: undefined,
  dateOfBirth,
  gender,
});
// Brightfield: seven girls and two boys, all 13 to 15 last month.
const A_CHILDREN = [...Array.from({ length: 7 }, (_, i) => child('brig', i, 'female', `2012-03-${String(i + 1).padStart(2, '0')}`)), child('brig', 7, 'male', '2011-12-24'), child('brig', 8, 'male', '2012-02-28')];
// Westmoor: three girls. Eastvale: five girls.
const B_CHILDREN = Array.from({ length: 3 }, (_, i) => child('west', i, 'female', `2011-05-${String(i + 10)}`));
const C_CHILDREN = Array.from({ length: 5 }, (_, i) => child('east', i, 'female', `2010-01-${String(i + 10)}`));

async function refer(http: ReturnType<typeof request>, children: ReturnType<typeof child>[]): Promise<string> {
  let position = '';
  for (const [i, c] of children.entries()) {
    const body = (await http.post('/referrals').set(school).send(referralBody('bf-school', { child: c, referredAt: `${lastMonth}-${String(i + 1).padStart(2, '0')}T10:00:00.000Z` })).expect(201)).body;
    if (body.position > position) position = body.position;
  }
  return position;
}

/** Reads a topic from the beginning, as an outside client, until a record satisfies `found` (waiting for the topic to exist). */
async function findOnTopic(topic: string, found: (record: TopicRecord) => boolean, timeoutMs = 60_000): Promise<TopicRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await readUntil(topic, found, Math.max(1000, until - Date.now()));
    } catch (error) {
      // A dead-letter topic is made when the first letter is set aside: not there yet, look again.
      if (!/does not host this topic-partition/.test(String(error)) || Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function readUntil(topic: string, found: (record: TopicRecord) => boolean, timeoutMs: number): Promise<TopicRecord> {
  const kafka = new Kafka({ clientId: 'outside-reader', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 250 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<TopicRecord>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic}: no such record within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const record: TopicRecord = {
            partition,
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            value: message.value?.toString('utf8') ?? null,
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)])),
          };
          if (found(record)) {
            clearTimeout(timer);
            resolve(record);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

interface Entry {
  source: { id: string; name: string; own: boolean };
  period: { from: string; to: string };
  suppressionThreshold: number;
  sentAt?: string;
  receivedAt?: string;
  tables: Record<string, { rows: { value: string; count: number | string }[]; total: number | string }>;
}
interface Picture {
  period: { from: string; to: string };
  own: Entry;
  peers: Entry[];
  awaiting: { id: string; name: string }[];
}

describe('the regional picture: three boards on one Kafka broker', () => {
  let a: TestPlatform;
  let b: TestPlatform;
  let c: { replicas: TestPlatform[]; close(): Promise<void> };
  let httpA: ReturnType<typeof request>;
  let httpB: ReturnType<typeof request>;
  let httpC: ReturnType<typeof request>;
  let sentByA: { profileId: string; period: { from: string; to: string }; contentHash: string; position: string };

  jest.setTimeout(240_000);

  const picture = async (http: ReturnType<typeof request>, who = boardMember): Promise<Picture> => (await http.get('/analysis/regional').set(who).expect(200)).body;
  const peerIn = (p: Picture, id: string) => p.peers.find((entry) => entry.source.id === id);

  beforeAll(async () => {
    // Brightfield on PostgreSQL, Westmoor on SQLite, Eastvale as two processes on one PostgreSQL database, sending every 3 s.
    a = await startPlatform('postgres', settings(A));
    b = await startPlatform('sqlite', settings(B));
    c = await startPlatformReplicas(2, settings(C, { REGIONAL_PROFILE_EVERY: 'PT3S' }));
    [httpA, httpB, httpC] = [a.app, b.app, c.replicas[0].app].map((app) => request(app.getHttpServer()));

    const [positionA] = await Promise.all([refer(httpA, A_CHILDREN), refer(httpB, B_CHILDREN), refer(httpC, C_CHILDREN)]);
    sentByA = (await httpA.post('/analysis/regional/send').query({ consistentWith: positionA }).set(officer).send({}).expect(201)).body;
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), c?.close()]);
  });

  it('sends Brightfield’s profile on request to both neighbours, and both show its exact published cells, marked with its source', async () => {
    expect(sentByA).toMatchObject({
      period: { from: expect.stringMatching(/^\d{4}-\d{2}$/), to: lastMonth },
      peers: [
        { id: B, name: NAMES[B] },
        { id: C, name: NAMES[C] },
      ],
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      sent: true,
    });
    const own = (await picture(httpA)).own;
    expect(own.source).toEqual({ id: A, name: NAMES[A], own: true });
    // Nine referrals, all 13 to 15: shown. Two boys: "fewer than 5"; the girls' 7 would give them away from the total, so not shown.
    expect(own.tables['referrals.count']).toEqual({ rows: [{ value: 'all', count: 9 }], total: 9 });
    expect(own.tables['referrals.ageBand'].rows).toContainEqual({ value: '13-15', count: 9 });
    expect(own.tables['referrals.gender']).toEqual({
      rows: [
        { value: 'female', count: 'not shown' },
        { value: 'male', count: 'fewer than 5' },
        { value: 'non-binary', count: 0 },
        { value: 'not-known', count: 0 },
      ],
      total: 9,
    });

    for (const http of [httpB, httpC]) {
      const seen = await eventually(async () => peerIn(await picture(http), A), `${A}'s profile shows at a neighbour`, 60_000);
      expect(seen).toEqual({
        source: { id: A, name: NAMES[A], own: false },
        period: sentByA.period,
        suppressionThreshold: 4,
        sentAt: expect.any(String),
        receivedAt: expect.any(String),
        tables: own.tables,
      });
      expect(JSON.stringify(seen.tables)).not.toMatch(/"count":[1-4][,}]/);
    }
    // Each board's own profile beside the others: Westmoor's three girls are "fewer than 5" in its own.
    const atB = await picture(httpB, analyst);
    expect(atB.own.source).toEqual({ id: B, name: NAMES[B], own: true });
    expect(atB.own.tables['referrals.count']).toEqual({ rows: [{ value: 'all', count: 'fewer than 5' }], total: 'fewer than 5' });
  });

  it('puts nothing of a child on the wire: the raw message holds aggregates only, signed by the sender, GREEN', async () => {
    const record = await findOnTopic(profileTopic(B), (r) => r.value !== null && JSON.parse(r.value).profileId === sentByA.profileId);
    expect(record.headers).toMatchObject({ 'message-type': 'problem-profile.v1' });
    expect(record.key).toBe(A);
    const message = JSON.parse(record.value!);
    expect(ProblemProfileV1.validate(message).errors).toEqual([]);
    expect(message).toMatchObject({ type: 'problem-profile.v1', from: A, to: B, label: 'GREEN', suppressionThreshold: 4 });
    expect(verifyShareMessage(message, createPublicKey(KEYS[A].privateKey))).toBe(true);
    for (const c of A_CHILDREN) {
      for (const text of [c.firstName, c.lastName, c.dateOfBirth]) expect(record.value).not.toContain(text);
    }
    expect(record.value).not.toMatch(/Quillfeather|Collected from school|Dee Lead|\d{4}-\d{2}-\d{2}(?!T)/);
  });

  it('sends on the schedule without a request, once per slot however many processes run it', async () => {
    // Each slot sends the profile as it stands then: the five referrals show once a slot after them has gone.
    const withFive = (entry: Entry | undefined) => (entry?.tables['referrals.count'].total === 5 ? entry : undefined);
    const fromC = await eventually(async () => withFive(peerIn(await picture(httpB), C)), `${C}'s scheduled profile shows at Westmoor`, 60_000);
    expect(fromC.source).toEqual({ id: C, name: NAMES[C], own: false });
    expect(fromC.tables['referrals.count']).toEqual({ rows: [{ value: 'all', count: 5 }], total: 5 });
    expect(fromC.tables['referrals.gender'].rows).toContainEqual({ value: 'female', count: 5 });
    const atA = await eventually(async () => withFive(peerIn(await picture(httpA), C)), `${C}'s scheduled profile shows at Brightfield`, 60_000);
    expect(atA.tables).toEqual(fromC.tables);

    // Two processes tick every 3 s: wait for several slots, then count the sends in Eastvale's log.
    const streamId = `regional-sends-${fromC.period.from}-${fromC.period.to}`;
    const sends = await eventually(async () => {
      const events = await c.replicas[0].store.readStream(streamId);
      return events.length >= 3 && events;
    }, 'three scheduled sends', 60_000);
    const slots = sends.map((e) => (e.data as { slot?: string }).slot);
    expect(new Set(slots).size).toBe(sends.length);
    expect(sends.every((e) => (e.data as { trigger: string }).trigger === 'schedule')).toBe(true);
    expect(sends[0].metadata.actor).toMatchObject({ userId: 'system:regional-schedule' });
  });

  it('refuses a profile signed with the wrong key or breaking the contract, and shows neither', async () => {
    const { signature: _s, ...base } = { ...ProblemProfileV1.example, from: A, to: B, sentAt: new Date(Date.now() + 60_000).toISOString(), period: sentByA.period };
    const forgedTables = { 'referrals.count': { rows: [{ value: 'all', count: 999 }], total: 999 } };
    const forged = signShareMessage<ProblemProfileV1>({ ...base, messageId: randomUUID(), profileId: randomUUID(), tables: forgedTables }, generateKeyPairSync('ed25519').privateKey);
    const unsigned = { ...base, messageId: randomUUID(), profileId: randomUUID(), tables: forgedTables };
    // Signed by Brightfield's own key, but it carries a count under the threshold: the contract refuses it.
    const leaky = signShareMessage<ProblemProfileV1>(
      { ...base, messageId: randomUUID(), profileId: randomUUID(), tables: { 'referrals.gender': { rows: [{ value: 'male', count: 2 }], total: 999 } } },
      KEYS[A].privateKey,
    );
    await produceRaw(kafkaBrokers(), profileTopic(B), [forged, unsigned, leaky].map((m) => ({ key: A, value: JSON.stringify(m), headers: { 'message-type': 'problem-profile.v1' } })));

    const refused = await eventually(async () => {
      const body = (await httpB.get('/sharing/refused-messages').set(auditor).expect(200)).body;
      return body.messages.find((m: { messageId: string }) => m.messageId === forged.messageId);
    }, 'Westmoor recorded the forged profile as refused', 60_000);
    expect(refused).toMatchObject({ reason: 'bad-signature', claimedFrom: A, claimedTo: B });
    for (const bad of [unsigned, leaky]) {
      const deadLetter = await findOnTopic(`${profileTopic(B)}.dlq`, (r) => r.value !== null && r.value.includes(bad.messageId));
      expect(deadLetter.headers['dlq-reason']).toBe('invalid-message');
    }
    const forgedLetter = await findOnTopic(`${profileTopic(B)}.dlq`, (r) => r.value !== null && r.value.includes(forged.messageId));
    expect(forgedLetter.headers['dlq-reason']).toBe('rejected');

    // Still Brightfield's genuine profile, though the forgeries claim to be later.
    const shown = peerIn(await picture(httpB), A)!;
    expect(shown.tables['referrals.count']).toEqual({ rows: [{ value: 'all', count: 9 }], total: 9 });
    expect(JSON.stringify(shown)).not.toContain('999');
    expect((await b.store.readStream(`regional-received-${A}`)).map((e) => (e.data as { profileId: string }).profileId)).toEqual([sentByA.profileId]);
  });

  it('shows the same picture after its projection is rebuilt from the received events', async () => {
    const before = await picture(httpB);
    await b.app.get(ProjectionsService).rebuild(REGIONAL_PICTURE_PROJECTION);
    const after = await picture(httpB);
    // Eastvale keeps sending on its schedule meanwhile: Brightfield's entry is the one that cannot change.
    expect(peerIn(after, A)).toEqual(peerIn(before, A));
    expect(peerIn(after, C)?.source).toEqual({ id: C, name: NAMES[C], own: false });
    expect(after.awaiting).toEqual([]);
  });

  it('is read by the board, its officers and analysts only, sent by board officers only, and every read is recorded', async () => {
    const refused = await httpB.get('/analysis/regional').set(practitioner).expect(403);
    expect(refused.body.message).toMatch(/^Only a user with the role board, board-officer, analyst may read the regional picture/);
    await httpA.post('/analysis/regional/send').set(practitioner).send({}).expect(403);
    await httpA.post('/analysis/regional/send').set(boardMember).send({}).expect(403);
    await httpA.post('/analysis/regional/send').set(admin).send({}).expect(403);
    const bad = await httpA.post('/analysis/regional/send').set(officer).send({ from: '2026-13' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
    const oneEnd = await httpA.post('/analysis/regional/send').set(officer).send({ from: '2026-01' }).expect(400);
    expect(oneEnd.body.errors.map((e: { field: string }) => e.field)).toEqual(['to']);

    await httpB.get('/analysis/regional').query({ from: '2026-01', to: '2026-06' }).set(boardMember).set('X-Purpose', 'Pan Berkshire CSE Leads Forum').expect(200);
    const trail = await b.store.readStream('access-list-regional-picture');
    expect(trail.at(-1)).toMatchObject({
      type: 'ListAccessed',
      data: { list: 'regional-picture', purpose: 'Pan Berkshire CSE Leads Forum', filters: { from: '2026-01', to: '2026-06' }, shown: [], roles: ['board'] },
      metadata: { actor: { userId: 'board-member', agencyId: 'bf-board' } },
    });
    // The practitioner's refusal is recorded too, before any answer.
    expect(trail.filter((e) => (e.metadata.actor as { userId: string }).userId === 'sw-9').map((e) => e.type)).toEqual(['ListRefused']);
  });
});
