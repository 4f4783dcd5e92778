/**
 * What a referral costs the platform on PostgreSQL, statement by statement: the statements its
 * processes send (each a round trip, a backend woken, a plan run) and the CPU a referral takes.
 *
 *   npm run bench:statements                                  # 3,000 referrals at 300/s
 *   npm run bench:statements -- --referrals 1000 --rate 200
 *
 * The whole platform (apps/platform, projections included, as `npm start` runs it, on scratch schemas
 * of TEST_POSTGRES_URL or 127.0.0.1:5432/test) in this process, over real HTTP on keep-alive
 * connections; the load comes from the same process, open loop. Every statement the pg driver sends
 * is counted by its text (schema names left out), once it is written (`Client.prototype.query`).
 * First GET /reference/indicators at the same rate (no store: the baseline), then POST /referrals,
 * each after 200 warm-up requests and followed by 2 s for the projections to catch up. The CPU is
 * this process's (the platform and the load generator), per request.
 *
 * Flags (environment variable in brackets):
 *   --referrals N  measured requests of each kind [BENCH_STATEMENTS_REFERRALS], default 3000
 *   --rate N       requests per second [BENCH_STATEMENTS_RATE], default 300
 */
import { performance } from 'node:perf_hooks';
import { printTable, runBench } from './table';
import { calibrateMachine, describeMachine } from './machine';
import { Request, agent, send } from './http-client';
import { referralBody } from '../test/support/http';

function option(name: string, env: string | undefined, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : env;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name} must be a number above 0, not ${raw}`);
  return n;
}

const WARM_UP = 200;
const SETTLE_MS = 2_000;

/** Statements sent, by text, while counting is on. */
class StatementCensus {
  private readonly counts = new Map<string, number>();
  counting = false;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require('pg') as typeof import('pg');
    const query = Client.prototype.query as (...args: unknown[]) => unknown;
    const census = this;
    (Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
      if (census.counting) census.count(args[0]);
      return query.apply(this, args);
    };
  }

  private count(config: unknown): void {
    const text = typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? '(no text)');
    // One line, the scratch schemas' names left out, long statements cut: a kind of statement.
    const kind = text.replace(/\s+/g, ' ').replace(/"?t_[0-9a-f]{16}"?\./g, '').trim().slice(0, 90);
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  take(): Map<string, number> {
    const taken = new Map(this.counts);
    this.counts.clear();
    return taken;
  }
}

/** A fictional child, a new case each time. */
function referral(i: number) {
  let name = '';
  for (let n = i; name.length < 6; n = Math.floor(n / 26)) name += String.fromCharCode(97 + (n % 26));
  return referralBody('bf-school', { child: { firstName: `Census${name}`, approximateAge: 10 + (i % 8), gender: i % 2 ? 'female' : 'male' } });
}

/** Sends `count` requests open loop at `rate`; resolves when all have answered, with the non-2xx count. */
async function openLoop(label: string, base: string, rate: number, count: number, request: (i: number) => Request): Promise<number> {
  const started = performance.now();
  let answered = 0;
  let failed = 0;
  const progress = setInterval(() => process.stderr.write(`  ${label}: ${answered}/${count} answered   \r`), 1000);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      send(base, request(i)).then((answer) => {
        answered++;
        if (typeof answer.status !== 'number' || answer.status >= 300) failed++;
      }),
    );
  }
  await Promise.all(pending);
  clearInterval(progress);
  process.stderr.write(`  ${label}: ${answered}/${count} answered${' '.repeat(20)}\n`);
  return failed;
}

async function main(): Promise<void> {
  const referrals = option('referrals', process.env.BENCH_STATEMENTS_REFERRALS, 3000);
  const rate = option('rate', process.env.BENCH_STATEMENTS_RATE, 300);
  const machine = describeMachine(await calibrateMachine({ postgres: true }));
  process.stderr.write(`statements: ${machine}\n`);
  const census = new StatementCensus();
  // Loaded after the census is in place, as the platform's own modules are.
  const { startPlatform } = await import('../test/support/platform-app');
  const { bearer } = await import('@app/auth-testing');
  const { StorageConfig } = await import('@app/common');
  // Projections poll the log as often as in production (the test platform's 50 ms is for tests).
  const platform = await startPlatform('postgres', { LOG_FORMAT: 'json', LOG_LEVEL: 'warn', PROJECTIONS_POLL_MS: String(new StorageConfig().PROJECTIONS_POLL_MS) });
  try {
    await platform.app.listen(0, '127.0.0.1');
    const base = (await platform.app.getUrl()).replace('[::1]', '127.0.0.1');
    const authorizations = Array.from({ length: 60 }, (_, i) => bearer({ userId: `dsl-${i + 1}`, agencyId: 'bf-school', roles: ['referrer'] }).Authorization);
    const kinds: [string, (i: number) => Request][] = [
      ['GET /reference/indicators', (i) => ({ method: 'GET', path: '/reference/indicators', headers: { authorization: authorizations[i % 60] } })],
      ['POST /referrals', (i) => ({ method: 'POST', path: '/referrals', headers: { authorization: authorizations[i % 60] }, body: referral(i) })],
    ];
    const rows: string[][] = [];
    const breakdown: string[][] = [];
    let baselineCpu = NaN;
    for (const [label, request] of kinds) {
      process.stderr.write(`statements: ${label}, ${WARM_UP} warm-up then ${referrals} at ${rate}/s ...\n`);
      await openLoop(`${label} warm-up`, base, rate, WARM_UP, (i) => request(1_000_000 + i));
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      census.take();
      census.counting = true;
      const cpu = process.cpuUsage();
      const failed = await openLoop(label, base, rate, referrals, request);
      // The projections' statements for these requests come after the answers.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const used = process.cpuUsage(cpu);
      census.counting = false;
      const counts = census.take();
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const cpuPerRequest = (used.user + used.system) / 1000 / referrals;
      if (Number.isNaN(baselineCpu)) baselineCpu = cpuPerRequest;
      rows.push([label, String(referrals), String(failed), (total / referrals).toFixed(2), cpuPerRequest.toFixed(2), `${(cpuPerRequest / baselineCpu).toFixed(2)}x`]);
      for (const [kind, n] of [...counts].sort((a, b) => b[1] - a[1])) breakdown.push([label, (n / referrals).toFixed(2), kind]);
    }
    console.log(machine);
    printTable(`Statements sent to PostgreSQL and CPU per request, the platform in one process, open loop at ${rate}/s`, ['request', 'measured', 'errors', 'statements/request', 'CPU ms/request (platform + load)', 'CPU vs baseline'], rows);
    console.log('');
    printTable('By statement (per request; cut at 90 characters)', ['request', 'per request', 'statement'], breakdown);
  } finally {
    agent.destroy();
    await platform.close();
  }
}

runBench(main);
