import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { kafkaBrokers } from '../kafka-broker';
import { produceRaw } from '../support/kafka';
import { eventually } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });

interface Board {
  id: string;
  ackTopic: string;
  platform: TestPlatform;
  http: ReturnType<typeof request>;
}

type ConsumerHealth = { name: string; group: string; subscribed: boolean; deadLettered: number };

/**
 * Two boards on one broker, as cross-border sharing has them: each platform consumes its own
 * police unit's acknowledgements topic. Sharing one consumer group, the group's leader would hand
 * out only its own topic and the other board would never read its acknowledgements.
 */
describe('two boards on one Kafka broker, each with its own police acknowledgements topic', () => {
  let brokers: string[];
  const run = randomUUID().slice(0, 8);
  const boards: Board[] = [];

  const consumerOf = async (board: Board): Promise<ConsumerHealth | undefined> =>
    ((await board.http.get('/health')).body.messaging?.consumers as ConsumerHealth[] | undefined)?.find((c) => c.name === 'police-acknowledgements');

  beforeAll(async () => {
    brokers = kafkaBrokers();
    for (const id of [`northmoor-lscb-${run}`, `westmoor-lscb-${run}`]) {
      const ackTopic = `police.intelligence-acknowledgements.${id}`;
      // Both boards keep the default KAFKA_CONSUMER_GROUP_PREFIX: the groups come from the board ids alone.
      const platform = await startPlatform('sqlite', {
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_CLIENT_ID: `safeguard-${id}`,
        SHARING_BOARD_ID: id,
        POLICE_FEED_TOPIC: `police.intelligence-feed.${id}`,
        POLICE_ACKNOWLEDGEMENTS_TOPIC: ackTopic,
        OUTBOX_RELAY_POLL_MS: '50',
      });
      boards.push({ id, ackTopic, platform, http: request(platform.app.getHttpServer()) });
    }
    for (const board of boards) await eventually(async () => (await consumerOf(board))?.subscribed, `${board.id}'s acknowledgements consumer runs`, 60_000);
  }, 180_000);

  afterAll(async () => {
    for (const board of boards) await board.platform.close();
  });

  async function disseminatedItem(board: Board): Promise<string> {
    const { itemId } = (
      await board.http
        .post('/intelligence')
        .set(school)
        .send({ information: 'A man is reported to pick up girls from Riverside Park.', subjects: [{ kind: 'location', text: 'Riverside Park' }], knownAt: '2026-11-27', howKnown: 'told-by-someone-else', source: { name: 'Morgan Quill' } })
        .expect(201)
    ).body as { itemId: string };
    await board.http.post(`/intelligence/${itemId}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);
    await board.http.post(`/intelligence/${itemId}/sanitisation`).set(officer).send({ text: 'A man is reported to pick up girls from a park.' }).expect(200);
    await board.http.post(`/intelligence/${itemId}/dissemination`).set(officer).send({ urgent: false }).expect(200);
    return itemId;
  }

  const acknowledgementsOf = async (board: Board, itemId: string) =>
    ((await board.http.get(`/police-feed/items/${itemId}`).set(officer).expect(200)).body as { acknowledgements: { messageId: string; outcome: string; via: string }[] }[])[0]?.acknowledgements ?? [];

  it('gives each board a consumer group of its own for its topic', async () => {
    const [a, b] = await Promise.all(boards.map(consumerOf));
    expect(a!.group).toContain(boards[0].id);
    expect(b!.group).toContain(boards[1].id);
    expect(a!.group).not.toEqual(b!.group);
  });

  it('records on each board the acknowledgements its own police unit sent, and sets aside each board’s malformed ones', async () => {
    const items = await Promise.all(boards.map(disseminatedItem));
    const deadLetteredBefore = await Promise.all(boards.map(async (board) => (await consumerOf(board))!.deadLettered));
    const acks = items.map((itemId, i) => ({
      messageId: randomUUID(),
      itemId,
      outcome: i === 0 ? 'linked-to-operation' : 'no-further-action',
      ...(i === 0 ? { operationRef: 'OP-KESTREL-2026' } : {}),
      acknowledgedAt: new Date().toISOString(),
      unit: { id: `force-intelligence-bureau-${i}`, officer: 'DC 4471' },
    }));
    for (const [i, board] of boards.entries()) {
      await produceRaw(brokers, board.ackTopic, [
        { key: items[i], value: JSON.stringify(acks[i]), headers: { 'message-type': 'intelligence-acknowledged.v1' } },
        { key: 'broken', value: '{"not": "an acknowledgement"', headers: { 'message-type': 'intelligence-acknowledged.v1' } },
      ]);
    }

    for (const [i, board] of boards.entries()) {
      const recorded = await eventually(async () => {
        const list = await acknowledgementsOf(board, items[i]);
        return list.length > 0 && list;
      }, `${board.id} recorded its police unit's acknowledgement`, 45_000);
      expect(recorded).toEqual([expect.objectContaining({ messageId: acks[i].messageId, outcome: acks[i].outcome, via: 'kafka' })]);
      await eventually(async () => (await consumerOf(board))!.deadLettered >= deadLetteredBefore[i] + 1, `${board.id} set its malformed acknowledgement aside`, 45_000);
    }
  });
});
