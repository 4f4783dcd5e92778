import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { IntelligenceAcknowledgedV1, IntelligenceDisseminatedV1 } from '@app/contracts';
import { kafkaBrokers } from '../kafka-broker';
import { TopicRecord, kcatRead, produceRaw, readTopic } from '../support/kafka';
import { disclosureAssessmentBody, eventually, referralBody } from '../support/http';
import { watchLog } from '../support/log-watch';
import { startPlatform, TestPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });
const SOURCE = { name: 'Morgan Quill', otherIdentifiers: ['07700 900456'] };
const SANITISED = 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback.';
const CONDITIONS = 'Not to be disclosed to the subject. Consult the originating officer before any action.';

/** The steps every scenario shares: a partner's submission taken by an officer to the feed. */
function feedSteps(get: () => { platform: TestPlatform; http: ReturnType<typeof request> }) {
  return {
    async disseminatedItem(options: { urgent?: boolean; caseId?: string } = {}) {
      const { http } = get();
      const subjects = [{ kind: 'location', text: 'Riverside Park' }, ...(options.caseId ? [{ kind: 'child-case', ref: options.caseId }] : [])];
      const item = (
        await http.post('/intelligence').set(school).send({ information: `Morgan Quill says: ${SANITISED}`, subjects, knownAt: '2026-11-27', howKnown: 'told-by-someone-else', source: SOURCE }).expect(201)
      ).body as { itemId: string };
      await http.post(`/intelligence/${item.itemId}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'C', conditions: CONDITIONS }).expect(200);
      await http.post(`/intelligence/${item.itemId}/sanitisation`).set(officer).send({ text: SANITISED }).expect(200);
      const disseminated = await http.post(`/intelligence/${item.itemId}/dissemination`).set(officer).send({ urgent: options.urgent ?? false }).expect(200);
      return { itemId: item.itemId, position: disseminated.body.position as string };
    },
    async feedItem(itemId: string, position?: string) {
      const { http } = get();
      return (await http.get(`/police-feed/items/${itemId}`).query(position ? { consistentWith: position } : {}).set(officer).expect(200)).body as {
        position: string;
        message: IntelligenceDisseminatedV1;
        delivery: { state: string; publishedAt?: string };
        acknowledgements: { messageId: string; outcome: string; operationRef?: string; via: string }[];
      }[];
    },
  };
}

describe('the police feed over Kafka, from a partner’s submission to the police unit’s acknowledgement (postgres)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let brokers: string[];
  const run = randomUUID().slice(0, 8);
  const feedTopic = `police.intelligence-feed.${run}`;
  const ackTopic = `police.intelligence-acknowledgements.${run}`;
  const steps = feedSteps(() => ({ platform, http }));

  beforeAll(async () => {
    brokers = kafkaBrokers();
    platform = await startPlatform('postgres', {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_CLIENT_ID: `safeguard-e2e-${run}`,
      POLICE_FEED_TOPIC: feedTopic,
      POLICE_ACKNOWLEDGEMENTS_TOPIC: ackTopic,
      OUTBOX_RELAY_POLL_MS: '50',
    });
    http = request(platform.app.getHttpServer());
    // The acknowledgements consumer is in its group before the police send anything.
    await eventually(async () => {
      const consumers = (await http.get('/health')).body.messaging?.consumers as { name: string; subscribed: boolean }[] | undefined;
      return consumers?.some((c) => c.name === 'police-acknowledgements' && c.subscribed);
    }, 'the acknowledgements consumer runs', 60_000);
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  const ackFor = (itemId: string, overrides: Partial<IntelligenceAcknowledgedV1> = {}): IntelligenceAcknowledgedV1 => ({
    messageId: randomUUID(),
    itemId,
    outcome: 'linked-to-operation',
    operationRef: 'OP-KESTREL-2026',
    acknowledgedAt: new Date().toISOString(),
    unit: { id: 'tvp-force-intelligence-bureau', officer: 'DC 4471' },
    ...overrides,
  });
  const send = (ack: object, key: string) => produceRaw(brokers, ackTopic, [{ key, value: JSON.stringify(ack), headers: { 'message-type': 'intelligence-acknowledged.v1' } }]);

  it('delivers a disseminated item to a plain kafkajs consumer exactly as documented, and records the unit’s outcome once', async () => {
    const { itemId, position } = await steps.disseminatedItem();
    // The pull API shows when the relay has put it on the topic.
    await eventually(async () => (await steps.feedItem(itemId, position))[0].delivery.state === 'published', 'the feed shows the item published');

    // The police unit, a plain kafkajs consumer in a group of its own.
    const [record] = (await readTopic(brokers, feedTopic, 1)).filter((r: TopicRecord) => r.key === itemId);
    // The correlation id is the dissemination request's (X-Correlation-Id, else its X-Request-Id).
    expect(record.headers).toEqual({ 'message-id': expect.any(String), 'message-type': 'intelligence-disseminated.v1', 'content-type': 'application/json', 'correlation-id': expect.any(String) });
    const document = JSON.parse(record.value!);
    expect(IntelligenceDisseminatedV1.validate(document)).toMatchObject({ ok: true });
    expect(document).toEqual({
      messageId: record.headers['message-id'],
      kind: 'intelligence',
      itemId,
      sequence: 1,
      disseminatedAt: expect.any(String),
      grading: { source: 2, assessment: 'B', handling: 'C', conditions: CONDITIONS },
      sanitisedText: SANITISED,
      subjects: [{ kind: 'location', text: 'Riverside Park' }],
      urgent: false,
    });
    expect(record.value).not.toMatch(/Morgan|Quill|900456/);

    // The pull API serves the same document.
    const [entry] = await steps.feedItem(itemId, position);
    expect(entry.message).toEqual(document);
    expect(Date.parse(entry.delivery.publishedAt!)).toBeGreaterThanOrEqual(Date.parse(document.disseminatedAt));

    // The unit acknowledges on its topic; a redelivery of the same message changes nothing.
    const ack = ackFor(itemId);
    await send(ack, itemId);
    await send(ack, itemId);
    const view = await eventually(async () => {
      const body = (await http.get(`/intelligence/${itemId}`).set(officer).expect(200)).body;
      return body.status === 'acknowledged' && body;
    }, 'the register shows the item acknowledged');
    expect(view.policeOutcome).toEqual({ outcome: 'linked-to-operation', operationRef: 'OP-KESTREL-2026', acknowledgedAt: ack.acknowledgedAt, unitId: ack.unit.id });
    const [acknowledged] = await eventually(async () => {
      const entries = await steps.feedItem(itemId);
      return entries[0].acknowledgements.length > 0 && entries;
    }, 'the feed shows the acknowledgement');
    expect(acknowledged.acknowledgements).toEqual([
      { messageId: ack.messageId, outcome: 'linked-to-operation', operationRef: 'OP-KESTREL-2026', unit: ack.unit, acknowledgedAt: ack.acknowledgedAt, via: 'kafka' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stream = await platform.store.readStream(`intel-${itemId}`);
    expect(stream.filter((e) => e.type === 'PoliceAcknowledgementRecorded')).toHaveLength(1);
    expect(stream.at(-1)!.metadata).toMatchObject({ actor: { agencyId: 'tvp-force-intelligence-bureau' } });
  });

  it('sets a malformed acknowledgement and one for an unknown item aside on the dead-letter topic, and goes on with the next', async () => {
    const { itemId } = await steps.disseminatedItem();
    const { operationRef: _, ...withoutOperation } = ackFor(itemId);
    const unknownItem = ackFor(randomUUID(), { outcome: 'actioned', operationRef: undefined });
    delete unknownItem.operationRef;
    const good = ackFor(itemId, { outcome: 'no-further-action' });
    delete good.operationRef;
    await produceRaw(brokers, ackTopic, [
      { key: itemId, value: '{not json' },
      { key: itemId, value: JSON.stringify(withoutOperation) },
      { key: unknownItem.itemId, value: JSON.stringify(unknownItem) },
      { key: itemId, value: JSON.stringify(good) },
    ]);

    const deadLettered = async () =>
      ((await http.get('/health')).body.messaging.consumers as { name: string; deadLettered: number }[]).find((c) => c.name === 'police-acknowledgements')!.deadLettered;
    const before = await deadLettered();
    await eventually(async () => (await deadLettered()) >= before + 3, 'three acknowledgements were set aside', 60_000);
    const dead = (await readTopic(brokers, `${ackTopic}.dlq`, before + 3, { timeoutMs: 60_000 })).slice(before);
    const reasons = dead.map((r) => [r.headers['dlq-reason'], r.headers['dlq-errors']]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['invalid-json', expect.any(String)],
        ['invalid-message', 'operationRef: is required'],
        ['rejected', expect.stringContaining('No intelligence item')],
      ]),
    );
    // The rejected one names an item never sent: it is set aside, not retried for ever.
    await eventually(async () => (await steps.feedItem(itemId))[0].acknowledgements.length === 1, 'the good acknowledgement after the bad ones is recorded');
    expect((await steps.feedItem(itemId))[0].acknowledgements[0]).toMatchObject({ messageId: good.messageId, outcome: 'no-further-action' });
  });

  it('sends a regraded item again in order, and a disclosure as an urgent item; kcat reads the topic as an outside client', async () => {
    const caseId = (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body.caseId as string;
    const { itemId } = await steps.disseminatedItem({ caseId });
    const regraded = await http
      .post(`/intelligence/${itemId}/regrading`)
      .set(officer)
      .send({ source: 3, assessment: 'C', handling: 'P', reason: 'The source has since proved unreliable' })
      .expect(200);
    const assessed = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(disclosureAssessmentBody()).expect(201);

    const mine = await eventually(async () => {
      const records = (await kcatRead(brokers[0], feedTopic)).filter((r) => r.key === itemId);
      return records.length >= 2 && records.map((r) => JSON.parse(r.payload!) as IntelligenceDisseminatedV1);
    }, 'kcat reads both disseminations');
    expect(mine.map((m) => [m.sequence, m.grading])).toEqual([
      [1, { source: 2, assessment: 'B', handling: 'C', conditions: CONDITIONS }],
      [2, { source: 3, assessment: 'C', handling: 'P' }],
    ]);
    const disclosureItem = `disclosure-${assessed.body.assessmentId}`;
    const disclosure = await eventually(async () => {
      const found = (await kcatRead(brokers[0], feedTopic)).find((r) => r.key === disclosureItem);
      return found && (JSON.parse(found.payload!) as IntelligenceDisseminatedV1);
    }, 'the disclosure reached the topic');
    expect(disclosure).toMatchObject({ kind: 'disclosure', urgent: true, subjects: [{ kind: 'child-case', ref: caseId }], grading: { handling: 'C' } });
    expect(JSON.stringify(disclosure)).not.toMatch(/alcohol|Testa|Fictional/);

    const urgent = (await http.get('/police-feed').query({ urgent: 'true', consistentWith: regraded.body.position }).set(officer).expect(200)).body;
    await eventually(async () => {
      const page = (await http.get('/police-feed').query({ urgent: 'true' }).set(officer).expect(200)).body;
      return page.items.some((i: { message: { itemId: string } }) => i.message.itemId === disclosureItem);
    }, 'the pull API lists the disclosure as urgent');
    expect(urgent.items.every((i: { message: { urgent: boolean } }) => i.message.urgent)).toBe(true);
  });
});

describe('the police feed pulled over HTTP (sqlite, embedded default: in-process bus)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const steps = feedSteps(() => ({ platform, http }));

  beforeAll(async () => {
    platform = await startPlatform('sqlite');
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('pages the feed from a position, with the handling code and conditions on every item', async () => {
    const first = await steps.disseminatedItem();
    const second = await steps.disseminatedItem({ urgent: true });
    const all = (await http.get('/police-feed').query({ consistentWith: second.position }).set(officer).expect(200)).body;
    const ids = all.items.map((i: { message: { itemId: string } }) => i.message.itemId);
    expect(ids).toEqual(expect.arrayContaining([first.itemId, second.itemId]));
    for (const entry of all.items) expect(entry.message.grading).toMatchObject({ handling: 'C', conditions: CONDITIONS });

    const page1 = (await http.get('/police-feed').query({ limit: 1 }).set(officer).expect(200)).body;
    const rest = (await http.get('/police-feed').query({ after: page1.next }).set(officer).expect(200)).body;
    expect([...page1.items, ...rest.items].map((i: { position: string }) => i.position)).toEqual(all.items.map((i: { position: string }) => i.position));
    const nothingNew = (await http.get('/police-feed').query({ after: all.next }).set(officer).expect(200)).body;
    expect(nothingNew).toEqual({ items: [], next: all.next });
    await eventually(async () => (await steps.feedItem(second.itemId))[0].delivery.state === 'published', 'the in-process bus took the message');
  });

  it('records an acknowledgement posted by a unit that does not use Kafka, once, and a disclosure’s too', async () => {
    const { itemId } = await steps.disseminatedItem();
    const ack = { ...IntelligenceAcknowledgedV1.example, messageId: randomUUID(), itemId, acknowledgedAt: new Date().toISOString() };
    const answer = await http.post('/police-feed/acknowledgements').set(officer).send(ack).expect(200);
    expect(answer.body).toMatchObject({ itemId, kind: 'intelligence', recorded: true });
    expect((await http.post('/police-feed/acknowledgements').set(officer).send(ack).expect(200)).body).toMatchObject({ recorded: false });
    const [entry] = await steps.feedItem(itemId, answer.body.position);
    expect(entry.acknowledgements).toEqual([expect.objectContaining({ messageId: ack.messageId, outcome: 'linked-to-operation', via: 'http' })]);

    const caseId = (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body.caseId as string;
    const assessed = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).send(disclosureAssessmentBody()).expect(201);
    const disclosureItem = `disclosure-${assessed.body.assessmentId}`;
    const [notice] = await steps.feedItem(disclosureItem, assessed.body.position);
    expect(notice.message).toMatchObject({ kind: 'disclosure', urgent: true, subjects: [{ kind: 'child-case', ref: caseId }] });
    const disclosureAck = { messageId: randomUUID(), itemId: disclosureItem, outcome: 'actioned', acknowledgedAt: new Date().toISOString(), unit: { id: 'tvp-mash', officer: 'DS 201' } };
    const recorded = await http.post('/police-feed/acknowledgements').set(officer).send(disclosureAck).expect(200);
    expect(recorded.body).toMatchObject({ kind: 'disclosure', recorded: true });
    expect((await platform.store.readStream(`disclosure-notice-${assessed.body.assessmentId}`)).map((e) => e.type)).toEqual(['PoliceAcknowledgementRecorded']);
  });

  it('refuses the feed to anyone but an intelligence officer, and bad acknowledgements naming the field, writing nothing', async () => {
    await http.get('/police-feed').set(csc).expect(403);
    await http.post('/police-feed/acknowledgements').set(csc).send(IntelligenceAcknowledgedV1.example).expect(403);
    const log = watchLog(platform.store);
    await log.mark();
    const { itemId } = await steps.disseminatedItem();
    expect(await log.written()).not.toEqual([]);
    const bad = await http
      .post('/police-feed/acknowledgements')
      .set(officer)
      .send({ messageId: 'x', itemId, outcome: 'linked-to-operation', acknowledgedAt: 'today', unit: { id: 'tvp' }, extra: 'Morgan Quill' })
      .expect(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'extra', problems: ['is not a field of this message version'] },
        { field: 'messageId', problems: ['must be a UUID'] },
        { field: 'operationRef', problems: ['is required'] },
        { field: 'unit.officer', problems: ['is required'] },
      ]),
    );
    expect(JSON.stringify(bad.body)).not.toContain('Morgan');
    const unknown = { ...IntelligenceAcknowledgedV1.example, messageId: randomUUID(), itemId: `disclosure-${randomUUID()}` };
    await http.post('/police-feed/acknowledgements').set(officer).send(unknown).expect(404);
    await http.get('/police-feed').query({ after: 'yesterday', limit: '0' }).set(officer).expect(400);
    expect(await log.written()).toEqual([]);
  });
});
