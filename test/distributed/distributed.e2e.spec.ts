import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { anotherKey, bearer, jwksOf, TEST_AUDIENCE, TEST_ISSUER } from '@app/auth-testing';
import { scratchPostgres } from '@app/event-store-testing';
import { kafkaBrokers } from '../kafka-broker';
import { eventually, referralBody } from '../support/http';
import { produceRaw, readTopic } from '../support/kafka';
import { freePort, postgresEnv } from '../support/platform-app';
import { AppProcess, buildIfChanged, runScript, startApp, whenReady } from '../support/processes';

/**
 * Issue 13 item 5: the distributed deployment, as compose runs it, tested as separate Node
 * processes in production mode: PostgreSQL for the events, the subjects' keys and the read models,
 * the local Kafka broker, an OpenID Connect provider's keys served over HTTP (the services verify
 * tokens against them, as against Entra ID or Keycloak), two cases-service replicas, the
 * intelligence, analysis, sharing and audit services, and two projectors. `npm run migrate` runs first:
 * in production the services only check that nothing is pending.
 */
const key = anotherKey();
const as = (userId: string, agencyId: string, roles: string[]) => bearer({ userId, agencyId, roles }, { key });
const school = as('dsl-17', 'bf-school', ['referrer']);
const officer = as('dc-301', 'thames-valley-police', ['intelligence-officer']);
const auditor = as('aud-1', 'bf-lscb', ['auditor']);
const boardMember = as('board-1', 'bf-board', ['board']);
const PROJECTIONS = 12;
const LEASE_MS = 3000;

const ed25519 = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

async function call(base: string, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any }> {
  const answer = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, body: text ? JSON.parse(text) : undefined };
}

describe('the distributed deployment: separate processes in production mode', () => {
  let issuer: Server;
  let drops: (() => Promise<void>)[] = [];
  let leases: DataSource;
  let readModelsSchema: string;
  const processes: Record<string, AppProcess> = {};
  let env: Record<string, string>;
  const run = randomUUID().slice(0, 8);
  /** The item the journey took to the police feed: acknowledged again after the failover. */
  let disseminated: string | undefined;

  beforeAll(async () => {
    const brokers = kafkaBrokers();
    // The identity provider's published keys.
    issuer = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(jwksOf(key)));
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    const jwks = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}/.well-known/jwks.json`;

    const events = await scratchPostgres();
    const keys = await scratchPostgres();
    const readModels = await scratchPostgres();
    drops = [events.drop, keys.drop, readModels.drop];
    readModelsSchema = readModels.schema;
    leases = await readModels.dataSource();
    env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...postgresEnv(events, readModels),
      PERSONAL_DATA_KEYS_POSTGRES_URL: (keys.options as { url: string }).url,
      PERSONAL_DATA_KEYS_POSTGRES_SCHEMA: keys.schema,
      PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'),
      AUTH_ISSUER: TEST_ISSUER,
      AUTH_AUDIENCE: TEST_AUDIENCE,
      AUTH_JWKS_URL: jwks,
      AUTH_DEV_ISSUER: 'false',
      POLICE_AGENCY_IDS: 'thames-valley-police',
      SHARING_BOARD_ID: `board-${run}`,
      SHARING_BOARD_NAME: 'Example Safeguarding Board',
      SHARING_SIGNING_KEY: ed25519(),
      AUDIT_SIGNING_KEY: ed25519(),
      KAFKA_BROKERS: brokers.join(','),
      POLICE_FEED_TOPIC: `dist.feed.${run}`,
      POLICE_ACKNOWLEDGEMENTS_TOPIC: `dist.acks.${run}`,
      SHARING_TOPIC: `dist.shares.${run}`,
      KAFKA_SESSION_TIMEOUT_MS: String(LEASE_MS),
      FAILOVER_LEASE_MS: String(LEASE_MS),
      PROJECTIONS_POLL_MS: '100',
      OUTBOX_RELAY_POLL_MS: '100',
    };

    // Production: nothing is created at boot; the migrations run first, as compose's one-shot service does.
    buildIfChanged('projector');
    const migrated = await runScript('migrate', [], env);
    expect(migrated).toMatchObject({ code: 0 });

    const api = { ...env, PROJECTIONS_RUN: 'false' };
    // One projector first, so that it holds everything; the other then stands by.
    processes.projectorA = startApp('projector', await freePort(), { ...env, LOG_LEVEL: 'info' });
    await whenReady(processes.projectorA);
    const starting = {
      casesA: startApp('cases-service', await freePort(), api),
      casesB: startApp('cases-service', await freePort(), api),
      intelligence: startApp('intelligence-service', await freePort(), api),
      analysis: startApp('analysis-service', await freePort(), api),
      sharing: startApp('sharing-service', await freePort(), api),
      audit: startApp('audit-service', await freePort(), api),
      projectorB: startApp('projector', await freePort(), { ...env, LOG_LEVEL: 'info' }),
    };
    Object.assign(processes, starting);
    await Promise.all(Object.values(starting).map((p) => whenReady(p)));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(Object.values(processes).map((p) => p.stop().catch(() => undefined)));
    await leases?.destroy();
    for (const drop of drops) await drop();
    await new Promise((resolve) => issuer?.close(resolve));
  }, 120_000);

  const owners = async (): Promise<Map<string, string>> => {
    const rows: { name: string; owner: string | null }[] = await leases.query(`SELECT name, owner FROM "${readModelsSchema}".projection_checkpoints`);
    return new Map(rows.map((r) => [r.name, r.owner ?? '']));
  };

  it('serves a journey across the services: read-your-writes on the other replica, the police feed on Kafka and back, the auditor', async () => {
    const { casesA, casesB, intelligence, analysis, audit } = processes;
    // Refused without a token from the provider: production trusts nothing else.
    expect((await call(casesA.url, 'GET', '/cases', {})).status).toBe(401);

    const referral = await call(casesA.url, 'POST', '/referrals', school, referralBody('bf-school'));
    expect(referral.status).toBe(201);
    // The other replica reads the write once the projector (another process) has it.
    const shown = await call(casesB.url, 'GET', `/cases/${referral.body.caseId}?consistentWith=${referral.body.position}`, school);
    expect(shown).toMatchObject({ status: 200, body: { caseId: referral.body.caseId, status: 'open' } });
    // The board's problem profile on the analysis service counts it (the month of referralBody's referredAt), suppressed.
    expect((await fetch(`${analysis.url}/health/ready`)).status).toBe(200);
    const profile = await call(analysis.url, 'GET', `/analysis/profile?from=2026-11&to=2026-11&consistentWith=${referral.body.position}`, boardMember);
    expect(profile).toMatchObject({ status: 200, body: { period: { from: '2026-11', to: '2026-11' }, tables: { 'referrals.count': { total: { count: { shown: 'fewer than 5', suppressed: 'primary' } } } } } });

    // Intelligence to the police feed topic, and the unit's acknowledgement back through the projector's consumer.
    const item = await call(intelligence.url, 'POST', '/intelligence', school, {
      information: 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback.',
      subjects: [{ kind: 'location', text: 'Riverside Park' }],
      knownAt: '2026-11-27',
      howKnown: 'told-by-someone-else',
      source: { name: 'Morgan Quill' },
    });
    expect(item.status).toBe(201);
    const itemId = item.body.itemId as string;
    disseminated = itemId;
    expect((await call(intelligence.url, 'POST', `/intelligence/${itemId}/grading`, officer, { source: 2, assessment: 'B', handling: 'C', conditions: 'Consult the originating officer.' })).status).toBe(200);
    expect((await call(intelligence.url, 'POST', `/intelligence/${itemId}/sanitisation`, officer, { text: 'A man is reported to pick up girls from a park.' })).status).toBe(200);
    expect((await call(intelligence.url, 'POST', `/intelligence/${itemId}/dissemination`, officer, { urgent: false })).status).toBe(200);
    // The projector's relay puts it on the topic (the pull API says when).
    await eventually(async () => (await call(intelligence.url, 'GET', `/police-feed/items/${itemId}`, officer)).body?.[0]?.delivery?.state === 'published', 'the relay publishes the item', 60_000);
    const [published] = (await readTopic(env.KAFKA_BROKERS.split(','), env.POLICE_FEED_TOPIC, 1, { timeoutMs: 60_000 })).filter((r) => r.key === itemId);
    expect(published.headers['message-type']).toBe('intelligence-disseminated.v1');
    await produceRaw(env.KAFKA_BROKERS.split(','), env.POLICE_ACKNOWLEDGEMENTS_TOPIC, [
      {
        key: itemId,
        value: JSON.stringify({ messageId: randomUUID(), itemId, outcome: 'no-further-action', acknowledgedAt: new Date().toISOString(), unit: { id: 'tvp-fib', officer: 'DC 4471' } }),
        headers: { 'message-type': 'intelligence-acknowledged.v1' },
      },
    ]);
    await eventually(async () => (await call(intelligence.url, 'GET', `/intelligence/${itemId}`, officer)).body?.status === 'acknowledged', 'the acknowledgement is recorded', 60_000);

    // The auditor replays the case on the audit service.
    const replayed = await call(audit.url, 'GET', `/audit/records/case/${referral.body.caseId}`, auditor);
    expect(replayed).toMatchObject({ status: 200, body: { state: { exists: true, status: 'open' } } });
  });

  it('survives kill -9 of the active projector under load: the standby takes every projection and the relay, nothing lost or doubled', async () => {
    const { casesA, casesB, audit } = processes;
    const held = await owners();
    const active = [processes.projectorA, processes.projectorB].find((p) => held.get('case-view')?.startsWith(p.owner))!;
    const standby = active === processes.projectorA ? processes.projectorB : processes.projectorA;
    // Every projection and the relay, each a row of the checkpoint table.
    expect(held.size).toBeGreaterThanOrEqual(PROJECTIONS + 1);
    expect([...held.values()].filter((owner) => owner.startsWith(active.owner))).toHaveLength(held.size);

    // Referrals keep coming to both replicas while the projector dies.
    const accepted: string[] = [];
    let sending = true;
    let killedAt = 0;
    let firstAfterKill: { caseId: string; at: number } | undefined;
    const load = (async () => {
      for (let i = 0; sending; i++) {
        const answer = await call(i % 2 === 0 ? casesA.url : casesB.url, 'POST', '/referrals', school, referralBody('bf-school'));
        expect(answer.status).toBe(201);
        accepted.push(answer.body.caseId);
        if (killedAt && !firstAfterKill) firstAfterKill = { caseId: answer.body.caseId, at: Date.now() };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await active.kill();
    killedAt = Date.now();

    const tookOver = await eventually(async () => {
      const now = await owners();
      return [...now.values()].filter((owner) => owner.startsWith(standby.owner)).length === held.size && Date.now();
    }, 'the standby holds every projection and the relay', 60_000);
    const listed = await eventually(async () => firstAfterKill && (await call(casesB.url, 'GET', `/cases/${firstAfterKill.caseId}`, school)).status === 200 && Date.now(), 'a case referred after the kill is listed', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    sending = false;
    await load;
    const takeoverS = (tookOver - killedAt) / 1000;
    const visibleS = (listed - firstAfterKill!.at) / 1000;
    process.stderr.write(`projector failover: every lease held by the standby ${takeoverS.toFixed(2)} s after kill -9; a case referred after the kill listed after ${visibleS.toFixed(2)} s (lease ${LEASE_MS} ms; npm run bench:failover measures it against its target)\n`);
    // Lease-driven, not the old fixed 30 s (the 5 s target is the benchmark's to measure, on a quiet machine).
    expect(takeoverS).toBeLessThan(LEASE_MS / 1000 + 10);

    // Nothing lost: every accepted referral is listed; nothing doubled: the case view equals a rebuild.
    await eventually(async () => {
      const rows: { n: number }[] = await leases.query(`SELECT count(*)::int AS n FROM "${readModelsSchema}".case_view`);
      return rows[0].n >= accepted.length + 1;
    }, 'every referral is in the case view', 60_000);
    for (const caseId of accepted) expect((await call(casesA.url, 'GET', `/cases/${caseId}`, school)).status).toBe(200);
    const check = await call(audit.url, 'POST', '/audit/projections/case-view/check', auditor);
    expect(check).toMatchObject({ status: 200, body: { consistent: true, behind: 0, failure: null, differenceCount: 0 } });
    // The standby's consumers took over the acknowledgements topic's partitions too.
    expect(disseminated).toBeDefined();
    await produceRaw(env.KAFKA_BROKERS.split(','), env.POLICE_ACKNOWLEDGEMENTS_TOPIC, [
      {
        key: disseminated!,
        value: JSON.stringify({ messageId: randomUUID(), itemId: disseminated, outcome: 'linked-to-operation', operationRef: 'OP-AFTER-FAILOVER', acknowledgedAt: new Date().toISOString(), unit: { id: 'tvp-fib', officer: 'DC 4471' } }),
        headers: { 'message-type': 'intelligence-acknowledged.v1' },
      },
    ]);
    await eventually(
      async () => ((await call(processes.intelligence.url, 'GET', `/police-feed/items/${disseminated}`, officer)).body?.[0]?.acknowledgements ?? []).some((a: { operationRef?: string }) => a.operationRef === 'OP-AFTER-FAILOVER'),
      "the standby's consumer records an acknowledgement sent after the kill",
      60_000,
    );
    // The standby says what it did, once, in plain words.
    expect(standby.output()).toMatch(/Took over \d+ projection\(s\) .* from .*, whose lease lapsed/);
  });
});
