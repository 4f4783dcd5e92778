import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { CaseViewProjection } from '@app/cases';
import { RecordedEvent } from '@app/event-store';
import { InProcessMessageBus, MESSAGE_BUS, MessagingService } from '@app/messaging';
import { eventually, referralBody } from '../support/http';
import { startPlatform, startProjectorApp, TestPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const health = bearer({ userId: 'hv-4', agencyId: 'bf-health', roles: 'practitioner' });
const officer = bearer({ userId: 'dc-301', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] });
const REASON = 'Child seen at A&E tonight; checking for a safeguarding plan';
const SANITISED = 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback.';
// Fictional names: looked for where they must never appear (a label).
const CHILD = { firstName: 'Zorabelle', lastName: 'Metricsworth' };
const USER_LIMIT = 20;
const UNAUTHENTICATED_LIMIT = 3;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labels = '', value] = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line)!;
      return { name, labels: Object.fromEntries([...labels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]])), value: Number(value) };
    });
}

/** The value of the one sample of `name` with these labels (among others), undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/**
 * Issue 13 item 1: no process had metrics. After a journey, GET /metrics (public, never limited)
 * shows requests by route template and status, appends, a projection's lag that returns to 0 once
 * it recovers, the outbox and consumers, rate-limit and access refusals; no label names a case or a child.
 */
describe('metrics on the platform (sqlite)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform('sqlite', { RATE_LIMIT_PER_MINUTE: String(USER_LIMIT), RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: String(UNAUTHENTICATED_LIMIT) });
    http = request(platform.app.getHttpServer());
  });

  afterAll(() => platform.close());

  const scrape = async () => {
    const answer = await http.get('/metrics').expect(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return { text: answer.text, samples: parse(answer.text) };
  };

  it('exposes the journey’s series, a projection lag that returns to 0, and no case id or name in any label', async () => {
    // A referral and a read; another agency refused, then opening it by break-glass.
    const referral = (await http.post('/referrals').set(school).send(referralBody('bf-school', { child: CHILD })).expect(201)).body as { caseId: string; position: string };
    await http.get(`/cases/${referral.caseId}`).query({ consistentWith: referral.position }).set(school).expect(200);
    await http.get(`/cases/${referral.caseId}`).set(health).expect(403);
    await http.get(`/cases/${referral.caseId}`).set(health).set('X-Break-Glass-Reason', REASON).expect(200);

    // An intelligence item disseminated to the police: a message through the outbox.
    const item = (
      await http
        .post('/intelligence')
        .set(school)
        .send({ information: `Morgan Quill says: ${SANITISED}`, subjects: [{ kind: 'location', text: 'Riverside Park' }], knownAt: '2026-11-27', howKnown: 'told-by-someone-else', source: { name: 'Morgan Quill' } })
        .expect(201)
    ).body as { itemId: string };
    await http.post(`/intelligence/${item.itemId}/grading`).set(officer).send({ source: 2, assessment: 'B', handling: 'C', conditions: 'Consult the originating officer before any action.' }).expect(200);
    await http.post(`/intelligence/${item.itemId}/sanitisation`).set(officer).send({ text: SANITISED }).expect(200);
    await http.post(`/intelligence/${item.itemId}/dissemination`).set(officer).send({ urgent: false }).expect(200);
    await platform.app.get(MessagingService).outboxRelay.idle();

    // A message the police's acknowledgements consumer cannot read: set aside on its dead-letter topic.
    const consumers = (await http.get('/health')).body.messaging.consumers as { name: string; topic: string }[];
    const acknowledgements = consumers.find((c) => c.name === 'police-acknowledgements')!;
    await platform.app.get<InProcessMessageBus>(MESSAGE_BUS).publishRaw(acknowledgements.topic, { key: 'k', value: 'not json' });

    // Rate limits: guessed tokens from one address, then one user past their budget.
    for (let i = 0; i < UNAUTHENTICATED_LIMIT; i++) await http.get('/reference/indicators').set('Authorization', `Bearer guess-${i}`).expect(401);
    await http.get('/reference/indicators').set('Authorization', 'Bearer one-more-guess').expect(429);
    const busy = bearer({ userId: 'busy-1', agencyId: 'bf-csc', roles: 'practitioner' });
    for (let i = 0; i < USER_LIMIT; i++) await http.get('/reference/indicators').set(busy).expect(200);
    await http.get('/reference/indicators').set(busy).expect(429);

    const journey = await eventually(async () => {
      const scraped = await scrape();
      return valueOf(scraped.samples, 'safeguard_consumer_dead_letters_total', { consumer: 'police-acknowledgements' }) === 1 && scraped;
    }, 'the dead letter is counted');
    const { samples } = journey;

    // HTTP: by route template, method and status, with a latency histogram.
    expect(valueOf(samples, 'safeguard_http_requests_total', { method: 'POST', route: '/referrals', status: '201' })).toBe(1);
    expect(valueOf(samples, 'safeguard_http_request_duration_seconds_count', { method: 'POST', route: '/referrals', status: '201' })).toBe(1);
    expect(valueOf(samples, 'safeguard_http_request_duration_seconds_bucket', { method: 'POST', route: '/referrals', status: '201', le: '+Inf' })).toBe(1);
    expect(valueOf(samples, 'safeguard_http_requests_total', { method: 'GET', route: '/cases/:caseId', status: '200' })).toBe(2);
    expect(valueOf(samples, 'safeguard_http_requests_total', { method: 'GET', route: '/cases/:caseId', status: '403' })).toBe(1);

    // Appends, by stream kind and outcome, with their latency.
    const written = samples.filter((s) => s.name === 'safeguard_appends_total' && s.labels.outcome === 'written');
    expect(written.reduce((sum, s) => sum + s.value, 0)).toBeGreaterThanOrEqual(5);
    expect(samples.find((s) => s.name === 'safeguard_append_duration_seconds_count' && s.labels.outcome === 'written')?.value).toBeGreaterThan(0);

    // Access: the refusal and the break-glass read, by record kind.
    expect(valueOf(samples, 'safeguard_access_refusals_total', { kind: 'case', action: 'read' })).toBe(1);
    expect(valueOf(samples, 'safeguard_break_glass_reads_total', { kind: 'case' })).toBe(1);

    // Rate limits, by the limit that refused.
    expect(valueOf(samples, 'safeguard_rate_limit_refusals_total', { limit: 'unauthenticated' })).toBe(1);
    expect(valueOf(samples, 'safeguard_rate_limit_refusals_total', { limit: 'per-user' })).toBe(1);

    // The outbox and the consumers.
    expect(valueOf(samples, 'safeguard_outbox_published_messages_total', { bus: 'in-process' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'safeguard_outbox_publish_duration_seconds_count', { bus: 'in-process' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'safeguard_outbox_pending_messages')).toBe(0);
    expect(valueOf(samples, 'safeguard_outbox_oldest_pending_seconds')).toBe(0);
    expect(valueOf(samples, 'safeguard_consumer_lag_messages', { consumer: 'police-acknowledgements', topic: acknowledgements.topic })).toBe(0);

    // Process metrics, and every projection caught up.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'safeguard_projection_events_behind', { projection: 'case-view' })).toBe(0);
    expect(valueOf(samples, 'safeguard_projection_failing', { projection: 'case-view' })).toBe(0);

    // A risk assessment without its assessor, written past the write path: the case view cannot apply it.
    const poison = randomUUID();
    await platform.store.append(`case-${referral.caseId}`, [
      {
        id: poison,
        type: 'RiskAssessed',
        data: { caseId: referral.caseId, assessmentId: 'a-1', band: 'moderate', score: 5, assessedAt: new Date().toISOString() },
        metadata: { actor: { userId: 'dsl-17', agencyId: 'bf-school' } },
      },
    ]);
    const stalled = await eventually(async () => {
      const { samples: now } = await scrape();
      // Lag is computed at most once a second: it may show a scrape after the failure does.
      return valueOf(now, 'safeguard_projection_failing', { projection: 'case-view' }) === 1 && valueOf(now, 'safeguard_projection_events_behind', { projection: 'case-view' })! >= 1 && now;
    }, 'the case view is reported failing and behind');
    expect(valueOf(stalled, 'safeguard_projection_seconds_behind', { projection: 'case-view' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(stalled, 'safeguard_projection_failures_total', { projection: 'case-view' })).toBeGreaterThanOrEqual(1);
    // Only that projection.
    expect(valueOf(stalled, 'safeguard_projection_failing', { projection: 'poi-profiles' })).toBe(0);

    // Its fold fixed (it passes over what it cannot use): it catches up, and its lag returns to 0.
    const caseView = platform.app.get(CaseViewProjection);
    const broken = caseView.apply.bind(caseView);
    caseView.apply = async (events: readonly RecordedEvent[], manager) => broken(events.filter((e) => e.id !== poison), manager);
    const recovered = await eventually(async () => {
      const { samples: now } = await scrape();
      return valueOf(now, 'safeguard_projection_failing', { projection: 'case-view' }) === 0 && valueOf(now, 'safeguard_projection_events_behind', { projection: 'case-view' }) === 0 && now;
    }, 'the case view catches up');
    expect(valueOf(recovered, 'safeguard_projection_seconds_behind', { projection: 'case-view' })).toBe(0);

    // No label names the case, the item or the child.
    const { text } = await scrape();
    const labelValues = parse(text).flatMap((s) => Object.values(s.labels));
    for (const secret of [referral.caseId, item.itemId, CHILD.firstName, CHILD.lastName]) {
      expect(labelValues.filter((v) => v.includes(secret))).toEqual([]);
      expect(text).not.toContain(secret);
    }
  });

  it('answers /metrics without a token, never with 429, and leaves it out of the OpenAPI document', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < USER_LIMIT * 2; i++) statuses.add((await http.get('/metrics')).status);
    expect([...statuses]).toEqual([200]);
    const document = (await http.get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).not.toContain('/metrics');
  });
});

describe('metrics on the projector', () => {
  let projector: Awaited<ReturnType<typeof startProjectorApp>>;
  let app: INestApplication;

  beforeAll(async () => {
    projector = await startProjectorApp();
    app = projector.app;
  });

  afterAll(() => projector.close());

  it('answers /metrics with the lag of the projections it holds and the outbox', async () => {
    const http = request(app.getHttpServer());
    await eventually(async () => {
      const now = parse((await http.get('/metrics').expect(200)).text);
      return valueOf(now, 'safeguard_projection_events_behind', { projection: 'case-view' }) === 0;
    }, 'the projector reports the case view caught up');
    // A request is counted once answered: the scrapes above show in this one.
    const samples = parse((await http.get('/metrics').expect(200)).text);
    expect(valueOf(samples, 'safeguard_outbox_pending_messages')).toBe(0);
    expect(valueOf(samples, 'safeguard_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
