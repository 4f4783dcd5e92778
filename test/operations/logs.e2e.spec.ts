import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { MESSAGE_BUS, MessageBus, MessageSubscription, ReceivedMessage } from '@app/messaging';
import { disclosureAssessmentBody, eventually, referralBody } from '../support/http';
import { TestPlatform, startPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });
const FEED_TOPIC = 'police.intelligence-feed';
const ACK_TOPIC = 'police.intelligence-acknowledgements';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type LogLine = { level: string; msg: string; aborted?: boolean; path?: string; requestId?: string; correlationId?: string; route?: string; status?: number; method?: string; context?: string };

describe('structured logs, request and correlation ids (platform, postgres, JSON lines)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const written: string[] = [];
  const lines = () => written.map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    platform = await startPlatform('postgres', { LOG_FORMAT: 'json', LOG_LEVEL: 'info' }, { logs: { write: (line) => void written.push(line) } });
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('echoes a well-formed X-Request-Id, replaces a malformed one, and logs one JSON line per request with its id, route and status', async () => {
    const requestId = `client-${randomUUID()}.retry:1_a`;
    const created = await http.post('/referrals').set(school).set('X-Request-Id', requestId).send(referralBody()).expect(201);
    expect(created.headers['x-request-id']).toBe(requestId);
    // Without a correlation id of its own, the request's is the work's.
    expect(created.headers['x-correlation-id']).toBe(requestId);

    for (const bad of ['has spaces', 'x'.repeat(101), 'semi;colon', '']) {
      const answer = await http.get(`/cases/${created.body.caseId}`).query({ consistentWith: created.body.position }).set(school).set('X-Request-Id', bad).expect(200);
      expect(answer.headers['x-request-id']).toMatch(UUID);
    }
    // Every answer, a refusal too, even one the body parser gives before any route is found.
    const refused = await http.get('/cases/anything').set('X-Request-Id', 'refused-1').expect(401);
    expect(refused.headers['x-request-id']).toBe('refused-1');
    const tooLarge = await http.post('/referrals').set(school).set('X-Request-Id', 'too-large-1').send(referralBody('bf-school', { narrative: 'x'.repeat(300 * 1024) })).expect(413);
    expect(tooLarge.headers['x-request-id']).toBe('too-large-1');

    const line = await eventually(() => lines().find((l) => l.requestId === requestId && l.status !== undefined), 'the request line is written');
    expect(line).toMatchObject({ level: 'info', requestId, correlationId: requestId, method: 'POST', route: '/referrals', status: 201 });
    expect(line.msg).toBe(`POST /referrals 201 ${(line as { durationMs?: number }).durationMs}ms`);
    const refusedLine = await eventually(() => lines().find((l) => l.requestId === 'refused-1' && l.status !== undefined), 'the refusal is logged');
    expect(refusedLine).toMatchObject({ level: 'warn', status: 401, route: '/cases/:caseId' });
    const tooLargeLine = await eventually(() => lines().find((l) => l.requestId === 'too-large-1' && l.status !== undefined), 'the 413 is logged');
    expect(tooLargeLine).toMatchObject({ level: 'warn', status: 413, method: 'POST', path: '/referrals' });
    // Nest's route mapping is debug, below LOG_LEVEL=info.
    expect(lines().some((l) => l.context === 'RouterExplorer' || l.context === 'RoutesResolver')).toBe(false);
  });

  it('logs a request whose sender hung up before the answer as aborted, at warn, not as an answer', async () => {
    const server = platform.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Half a body, then the connection dropped: no answer is ever sent.
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    // Dropped once the server has the request (its headers read), not before.
    const received = new Promise<void>((resolve) => server.once('request', () => resolve()));
    socket.write(
      ['POST /referrals HTTP/1.1', 'Host: localhost', `Authorization: ${school.Authorization}`, 'Content-Type: application/json', 'Content-Length: 1000', 'X-Request-Id: hung-up-1', '', '{"child":'].join('\r\n'),
    );
    await received;
    socket.destroy();
    const line = await eventually(() => lines().find((l) => l.requestId === 'hung-up-1'), 'the aborted request is logged');
    // The body parser's 400 for the cut body went nowhere: the line says so.
    expect(line).toMatchObject({ level: 'warn', method: 'POST', path: '/referrals', aborted: true });
    expect(line.msg).toMatch(/^POST \/referrals aborted after \d+ms$/);
    expect(lines().filter((l) => l.requestId === 'hung-up-1')).toHaveLength(1);
    // Counted too, though it never reached its route (nor did the first test's 413).
    const metrics = (await http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^safeguard_http_requests_total\{method="POST",route="unmatched",status="aborted"\} 1$/m);
    expect(metrics).toMatch(/^safeguard_http_requests_total\{method="POST",route="unmatched",status="413"\} 1$/m);
  });

  it('carries X-Correlation-Id from a referral into its events, the police feed message and the police’s acknowledgement, and logs no child’s name', async () => {
    const correlationId = `referral-${randomUUID()}`;
    const child = { firstName: 'Zephyrine', lastName: 'Quillfeather' };
    const bus = platform.app.get<MessageBus>(MESSAGE_BUS);
    const feed: ReceivedMessage[] = [];
    const subscriptions: MessageSubscription[] = [await bus.consume({ topic: FEED_TOPIC, group: `logs-e2e-${randomUUID()}` }, async (m) => void feed.push(m))];
    try {
      const referral = await http.post('/referrals').set(csc).set('X-Correlation-Id', correlationId).send(referralBody('bf-csc', { child })).expect(201);
      expect(referral.headers['x-correlation-id']).toBe(correlationId);
      expect(referral.headers['x-request-id']).toMatch(UUID);
      const caseId = referral.body.caseId as string;
      const referralEvents = await platform.store.readStream(`case-${caseId}`);
      expect(referralEvents.length).toBeGreaterThan(0);
      expect(referralEvents.map((e) => e.metadata.correlationId)).toEqual(referralEvents.map(() => correlationId));

      // The child disclosed: an urgent notice on the police feed, in the same piece of work.
      const assessed = await http.post(`/cases/${caseId}/risk-assessments`).set(csc).set('X-Correlation-Id', correlationId).send(disclosureAssessmentBody()).expect(201);
      const itemId = `disclosure-${assessed.body.assessmentId}`;
      const sent = await eventually(() => feed.find((m) => m.key === itemId), 'the disclosure notice reached the police feed');
      expect(sent.headers).toMatchObject({ 'correlation-id': correlationId, 'message-type': 'intelligence-disseminated.v1' });

      // The police unit acknowledges, echoing the header; the consumer's log line and event carry it.
      await eventually(async () => (await http.get(`/police-feed/items/${itemId}`).set(officer)).status === 200, 'the feed shows the notice');
      const ackId = randomUUID();
      await bus.publish([
        {
          id: ackId,
          topic: ACK_TOPIC,
          key: itemId,
          type: 'intelligence-acknowledged.v1',
          payload: { messageId: ackId, itemId, outcome: 'linked-to-operation', operationRef: 'OP-KESTREL-2026', acknowledgedAt: new Date().toISOString(), unit: { id: 'tvp-force-intelligence-bureau', officer: 'DC 4471' } },
          headers: { 'correlation-id': correlationId },
        },
      ]);
      const handled = await eventually(() => lines().find((l) => l.msg.startsWith('police-acknowledgements: handled') && l.msg.includes(ackId)), 'the consumer logged the acknowledgement');
      expect(handled).toMatchObject({ level: 'info', correlationId, context: 'Messaging' });
      const [acknowledged] = await platform.store.readStream(`disclosure-notice-${assessed.body.assessmentId}`);
      expect(acknowledged).toMatchObject({ type: 'PoliceAcknowledgementRecorded', metadata: { correlationId } });

      const everything = (await platform.store.readAll({ limit: 10_000 })).filter((e) => e.metadata.correlationId === correlationId);
      expect(new Set(everything.map((e) => e.streamId))).toEqual(new Set([`case-${caseId}`, `disclosure-notice-${assessed.body.assessmentId}`]));
    } finally {
      await Promise.all(subscriptions.map((s) => s.stop()));
    }
    const logged = lines().filter((l) => l.correlationId === correlationId);
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(written.join('\n')).not.toMatch(/Zephyrine|Quillfeather|Bearer |authorization/i);
  });
});
