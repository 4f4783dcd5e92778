import { randomUUID } from 'node:crypto';
import { createServer, connect, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer } from '@app/auth-testing';
import { TEST_POSTGRES_URL } from '@app/event-store-testing';
import { eventually, referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

/**
 * Issue 12, item 7: a lost database connection answered 500. It must answer 503 with Retry-After
 * (try again shortly), say nothing of the internals, and the platform must answer normally again
 * within 8 s of the database coming back, by itself. The platform runs on a PostgreSQL database of
 * its own (so cutting it off touches no other test), reached through a TCP relay that the test can
 * close as a network outage would.
 */

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });
const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });

/** A TCP relay to the PostgreSQL server on a fixed port: `cut()` refuses and resets every connection, `restore()` relays again. */
class Relay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async restore(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => (socket === client ? upstream : client).destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

describe('a lost database answers 503 with Retry-After, and the platform recovers by itself (postgres)', () => {
  const database = `outage_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const server = new URL(TEST_POSTGRES_URL);
  const relay = new Relay({ host: server.hostname, port: Number(server.port || 5432) });
  let admin: DataSource;
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let caseId: string;

  beforeAll(async () => {
    admin = await new DataSource({ type: 'postgres', url: TEST_POSTGRES_URL }).initialize();
    await admin.query(`CREATE DATABASE ${database}`);
    await relay.restore();
    const url = new URL(TEST_POSTGRES_URL);
    url.host = `127.0.0.1:${relay.port}`;
    url.pathname = `/${database}`;
    platform = await startPlatform('postgres', {
      EVENT_STORE_POSTGRES_URL: url.toString(),
      EVENT_STORE_POSTGRES_SCHEMA: 'events',
      READ_MODEL_POSTGRES_URL: url.toString(),
      READ_MODEL_POSTGRES_SCHEMA: 'read_models',
    });
    http = request(platform.app.getHttpServer());
    const created = await http.post('/referrals').set(school).send(referralBody('bf-school')).expect(201);
    caseId = created.body.caseId;
    await http.get(`/cases/${caseId}`).query({ consistentWith: created.body.position }).set(school).expect(200);
  }, 120_000);

  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await platform?.close();
    await relay.cut().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
  });

  /** A read and a write while the database is away: each 503 with Retry-After, naming no internals. */
  async function expectUnavailable(): Promise<void> {
    const answers = [await http.get(`/cases/${caseId}`).set(school), await http.post('/referrals').set(csc).send(referralBody('bf-csc'))];
    for (const answer of answers) {
      expect({ status: answer.status, type: answer.type, body: answer.body }).toEqual({
        status: 503,
        type: 'application/problem+json',
        body: {
          type: 'urn:safeguard:problem:service-unavailable',
          title: 'Service Unavailable',
          status: 503,
          detail: expect.stringContaining('try again'),
          instance: expect.any(String),
          statusCode: 503,
          error: 'service-unavailable',
          message: expect.stringContaining('try again'),
        },
      });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.stringify(answer.body)).not.toMatch(/ECONN|57P01|postgres|terminat|127\.0\.0\.1|5432|select|insert|outage_/i);
    }
  }

  /** Within 8 s of the database coming back, a read and a write answer as before. */
  async function expectRecovered(): Promise<void> {
    await eventually(async () => (await http.get(`/cases/${caseId}`).set(school)).status === 200, 'the case reads again', 8_000);
    await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201);
  }

  it('when an administrator ends its sessions and refuses new ones', async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    await expectUnavailable();
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await expectRecovered();
  });

  it('when the network to the database is cut (connections reset, then refused)', async () => {
    await relay.cut();
    await expectUnavailable();
    await relay.restore();
    await expectRecovered();
  });
});
