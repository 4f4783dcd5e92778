import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer } from '@app/auth-testing';
import { MessagePruner, MessagingService } from '@app/messaging';
import { eventually } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });
const DAY_MS = 86_400_000;

type Delivery = { state: string; publishedAt?: string };

describe.each(['sqlite', 'postgres'] as const)('the police feed once sent messages are pruned from the outbox (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform(database);
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform?.close();
  });

  async function disseminatedItem(): Promise<string> {
    const subjects = [{ kind: 'location', text: 'Riverside Park' }];
    const { itemId } = (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: 'A man is reported to pick up girls from Riverside Park.', subjects, knownAt: '2026-11-27', howKnown: 'told-by-someone-else', source: { name: 'Morgan Quill' } })
        .expect(201)
    ).body as { itemId: string };
    await http.post(`/intelligence/${itemId}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'P' }).expect(200);
    await http.post(`/intelligence/${itemId}/sanitisation`).set(officer).send({ text: 'A man is reported to pick up girls from a park.' }).expect(200);
    await http.post(`/intelligence/${itemId}/dissemination`).set(officer).send({ urgent: false }).expect(200);
    return itemId;
  }

  const delivery = async (itemId: string): Promise<Delivery | undefined> =>
    ((await http.get(`/police-feed/items/${itemId}`).set(officer)).body as { delivery: Delivery }[])[0]?.delivery;

  it('still shows a pruned message as published, and a message still waiting as queued', async () => {
    const relay = platform.app.get(MessagingService).outboxRelay;
    const sent = await disseminatedItem();
    await eventually(async () => (await delivery(sent))?.state === 'published', 'the first message was published');
    expect((await delivery(sent))!.publishedAt).toEqual(expect.any(String));

    // The broker is out of reach (the relay stopped): the next message waits in the outbox.
    await relay.stop();
    const waiting = await disseminatedItem();
    await eventually(async () => (await delivery(waiting))?.state === 'queued', 'the second message is in the feed, queued');

    // Eight days on, past the 7-day default retention.
    const pruner = new MessagePruner(platform.store, platform.app.get(DataSource), {
      outboxRetentionDays: 7,
      processedMessagesRetentionDays: 30,
      clock: () => new Date(Date.now() + 8 * DAY_MS),
    });
    expect((await pruner.pruneOnce()).outbox).toBeGreaterThanOrEqual(1);
    expect(await delivery(sent)).toEqual({ state: 'published' });
    expect(await delivery(waiting)).toEqual({ state: 'queued' });
    const feed = (await http.get('/police-feed').set(officer).expect(200)).body as { items: { message: { itemId: string }; delivery: Delivery }[] };
    expect(feed.items.find((e) => e.message.itemId === sent)?.delivery).toEqual({ state: 'published' });

    relay.start();
    await eventually(async () => (await delivery(waiting))?.state === 'published', 'the waiting message was published once the relay ran again');
  });
});
