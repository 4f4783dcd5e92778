/**
 * HTTP command latency under a fixed load. DESIGN.md target: an HTTP command with authentication,
 * validation, append and access record: p99 ≤ 50 ms at 300 requests per second.
 *
 *   npm run bench:http                          # SQLite and PostgreSQL, about five minutes with the capacity search
 *   npm run bench:http -- --rate 100 --seconds 10 --only postgres
 *   npm run bench:http -- --only sqlite --no-capacity
 *   npm run bench:http -- --capacity-steps 200,300,400 --capacity-seconds 5
 *
 * The whole platform (apps/platform: helmet, body parsing, JWT bearer auth against a trusted key,
 * the per-user rate limit, validation, the stream executor, encryption of personal data, the
 * event store, projections and the outbox relay) runs in a process of its own as `npm start` runs
 * it: compiled (the npm script builds what changed first), with production's Node.js flags and
 * defaults, listening on a free port, so the load generator does not share its event loop and no
 * TypeScript compiler sits in the measured heap. Once on SQLite (the embedded
 * default), once on PostgreSQL (scratch schemas on TEST_POSTGRES_URL or 127.0.0.1:5432/test), and
 * once on PostgreSQL as deployed: the projections and the relay in a projector process of their own.
 *
 * Each request kind is sent open loop at a fixed rate over keep-alive connections: request i is
 * due at start + i / rate whether or not earlier ones have answered, and its latency runs from
 * that due time, not from when it left (no coordinated omission: a stall counts against every
 * request it delays). A warm-up at the same rate comes first and is left out of the measured
 * figures; its own p99 is printed beside them ("warm-up p99": a just-started process taking the full
 * rate at once). The warm-up is 10 s because a fresh process costs more CPU a request at first (a CPU
 * profile of POST /referrals at 300/s: the same functions took 1.7-2.7 times as much CPU a second in
 * the phase's first 3 s as in its last 7, while fewer requests were answered; tiering V8 up sooner did
 * not shorten it), and with the little headroom left at 300/s on two cores the backlog built then
 * takes seconds to drain: with the old 3 s warm-up, the measured window began inside it.
 * - GET /reference/indicators: the baseline (authenticated and rate-limited like the others, but
 *   no validation, no store: a fixed code list), measured on the same server at the same rate.
 *   (GET /health is not: unauthenticated, it is limited per address, and one address sends all.)
 * - POST /referrals: a school refers a new child each time (auth, validation, a new case's
 *   stream appended with its personal data encrypted).
 * - GET /cases/{id}: the school reads one of its cases (auth, need to know, the case view, and a
 *   RecordAccessed event appended before the answer).
 * Any answer but 2xx is an error, printed by status; percentiles are of the 2xx answers.
 * Beside them: the CPU a request cost the platform's processes and PostgreSQL (its projections'
 * work included), the server's event-loop delay over the measured window (p99 and max: a stall there
 * holds back every request in flight), and the CPU the load generator itself took a request, on the
 * same cores. The platform runs with production's settings but for its databases (scratch ones),
 * its master key (random), the issuer it trusts (the test issuer's key, whose tokens this process
 * signs) and its logs (JSON lines to a file).
 *
 * Then the capacity of each store: POST /referrals sent open loop (the same rules, latency from
 * the due time) at each offered rate of --capacity-steps in turn, lowest first, each for
 * --capacity-seconds after a 2 s warm-up, waiting between steps for the projections to
 * settle so that one step's backlog does not land on the next. The search stops at the first step
 * with p99 above 50 ms or any error; the capacity is the highest offered rate before it. Its
 * requests come from more practitioners (300), so the per-user rate limit (still checked on
 * every request) refuses none at the rates tried.
 *
 * Flags (environment variable in brackets):
 *   --rate N       requests per second [BENCH_HTTP_RATE], default 300
 *   --seconds N    measured seconds per request kind [BENCH_HTTP_SECONDS], default 20
 *   --warm-up N    warm-up seconds per request kind [BENCH_HTTP_WARMUP], default 10
 *   --only NAME    sqlite | postgres | postgres-projector [BENCH_ONLY]
 *   --capacity-steps A,B,...  offered rates of the capacity search, requests per second
 *                  [BENCH_HTTP_CAPACITY_STEPS], default 150,200,250,300,350,400,500,600,800,1000,1200,1500,2000
 *   --capacity-seconds N  measured seconds per capacity step [BENCH_HTTP_CAPACITY_SECONDS], default 8
 *   --no-capacity  skip the capacity search
 *   --cpu-prof DIR write a V8 CPU profile of each server process to DIR [BENCH_HTTP_CPU_PROF]
 *   --trace FILE   write every measured request (store and kind, due time as epoch ms, latency ms,
 *                  status) to FILE, tab-separated, to set beside the platform's log [BENCH_HTTP_TRACE]
 *   --setting KEY=VALUE  a platform setting (.env.example) for the server processes, repeatable:
 *                  to try one, e.g. --setting EVENT_STORE_POSTGRES_POOL_SIZE=4 [BENCH_HTTP_SETTINGS,
 *                  KEY=VALUE,KEY=VALUE]
 *
 * Beside each p99 from the load generator, the p99 the platform itself logged for the same requests
 * (its request line's duration: from the request's headers parsed to its answer sent). The gap is
 * time outside the handlers: the request waiting in its socket behind a busy or stalled event loop,
 * and the answer's way back.
 */
import { performance } from 'node:perf_hooks';
import { printTable, runBench } from './table';
import { calibrateMachine, describeMachine } from './machine';
import { loggedRequests } from './server-log';
import { writeFileSync } from 'node:fs';
import { startProjector } from './projector-process';
import { cpuMeter, postgresCpuSeconds, processCpuSeconds } from './process-cpu';
import { Request, agent, send } from './http-client';
import { referralBody } from '../test/support/http';
import { bearer } from '@app/auth-testing';
import { PlatformProcess, startPlatformProcess } from './platform-process';

/**
 * sqlite and postgres: the whole platform in one process, projections included (the embedded
 * default, and one process on PostgreSQL). postgres-projector: PostgreSQL as docker-compose deploys
 * it, the platform with PROJECTIONS_RUN=false taking the requests and a projector process (all the
 * projections and the outbox relay) beside it, on the same databases.
 */
type Backend = 'sqlite' | 'postgres' | 'postgres-projector';
const BACKENDS: Backend[] = ['sqlite', 'postgres', 'postgres-projector'];

function option(name: string, env: string | undefined, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : env;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`--${name} must be a number ≥ 0, not ${raw}`);
  return n;
}

function text(name: string, env: string | undefined): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1] : env) || undefined;
}

/** Platform settings chosen with --setting KEY=VALUE (or BENCH_HTTP_SETTINGS=KEY=VALUE,KEY=VALUE), for the server processes. */
function chosenSettings(): Record<string, string> {
  const pairs: string[] = (process.env.BENCH_HTTP_SETTINGS ?? '').split(',').filter(Boolean);
  process.argv.forEach((arg, i) => {
    if (arg === '--setting' && process.argv[i + 1] !== undefined) pairs.push(process.argv[i + 1]);
  });
  const settings: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0 || !/^[A-Z][A-Z0-9_]*$/.test(pair.slice(0, at))) throw new RangeError(`--setting takes KEY=VALUE (a setting of .env.example), not ${pair}`);
    settings[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return settings;
}

const TARGET_P99_MS = 50;
/** Cases the school has before the reads start; the reads go round them. */
const CASES_TO_READ = 100;

/**
 * The load comes from this many practitioners of one school, as a board's would: each within the
 * platform's own per-user rate limit (300/s over 60 users is 300 a minute each, under the default 600).
 */
const USERS = 60;

const BASELINE = 'GET /reference/indicators';

/** Practitioners sending the capacity search's referrals: 2000/s over 300 is 400 a minute each, under the default 600. */
const CAPACITY_USERS = 300;
const CAPACITY_WARM_UP_S = 2;
const CAPACITY_STEPS = [150, 200, 250, 300, 350, 400, 500, 600, 800, 1000, 1200, 1500, 2000];

// ---------------------------------------------------------------------------------------------
// The server process: the platform as production runs it (bench/platform-process.ts).

interface Server {
  process: PlatformProcess;
  /** One bearer token per practitioner sending requests. */
  authorizations: string[];
  /** More practitioners of the same school, for the capacity search's higher rates. */
  capacityAuthorizations: string[];
}

/**
 * sqlite and postgres: the platform runs everything; postgres-projector: it takes the requests only
 * (PROJECTIONS_RUN=false), and the caller starts a projector on `process.env`'s databases.
 */
async function startServer(backend: Backend, cpuProfDir: string | undefined): Promise<Server> {
  const apart = backend === 'postgres-projector';
  const platform = await startPlatformProcess(apart ? 'postgres' : backend, { ...(apart ? { PROJECTIONS_RUN: 'false' } : {}), ...chosenSettings() }, cpuProfDir);
  // Tokens from the test issuer the platform trusts (testAuthSettings), signed here.
  const authorizations = Array.from({ length: USERS }, (_, i) => bearer({ userId: `dsl-${i + 1}`, agencyId: 'bf-school', roles: ['referrer'] }).Authorization);
  const capacityAuthorizations = Array.from({ length: CAPACITY_USERS }, (_, i) => bearer({ userId: `dsl-capacity-${i + 1}`, agencyId: 'bf-school', roles: ['referrer'] }).Authorization);
  return { process: platform, authorizations, capacityAuthorizations };
}

// ---------------------------------------------------------------------------------------------
// The load generator.

async function expectOk(base: string, request: Request): Promise<Record<string, unknown>> {
  const answer = await send(base, request);
  if (typeof answer.status !== 'number' || answer.status >= 300) throw new Error(`${request.method} ${request.path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

interface Measured {
  /** Latencies of the measured 2xx answers, from each request's due time, sorted (ms). */
  latencies: number[];
  /** Latencies of the warm-up's 2xx answers, sorted (ms): the process's first seconds at the rate. */
  warmUpLatencies: number[];
  sent: number;
  /** Measured answers that were not 2xx, by status (or network error). */
  errors: Map<string, number>;
  /** 2xx answers per second over the measured window (first due time to last answer). */
  achieved: number;
  /** The measured window, epoch ms: the first measured request's due time to the last answer. */
  window: { from: number; to: number };
  /** Each measured request: due time (epoch ms), latency (ms), status. */
  trace: { due: number; latency: number; status: number | string }[];
}

/** Sends `request(i)` open loop at RATE per second, the first `warmUp` left out of the figures (`onMeasuring` is called as the first measured one is sent). */
async function openLoop(label: string, base: string, rate: number, warmUp: number, measured: number, request: (i: number) => Request, onMeasuring?: () => void): Promise<Measured> {
  const total = warmUp + measured;
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const warmUpLatencies: number[] = [];
  const errors = new Map<string, number>();
  let sent = 0;
  let answered = 0;
  let lastAnswer = 0;
  const started = performance.now() + 10;
  const firstMeasured = started + warmUp * interval;
  const progress = setInterval(() => {
    const failed = [...errors.values()].reduce((a, b) => a + b, 0);
    process.stderr.write(`  ${label}: ${sent}/${total} sent, ${answered} answered, ${sent - answered} in flight, ${failed} errors   \r`);
  }, 1000);
  const pending: Promise<void>[] = [];
  const trace: Measured['trace'] = [];
  const fire = (i: number) => {
    const due = started + i * interval;
    if (i === warmUp) onMeasuring?.();
    sent++;
    pending.push(
      send(base, request(i)).then((answer) => {
        const now = performance.now();
        answered++;
        if (i < warmUp) {
          if (typeof answer.status === 'number' && answer.status >= 200 && answer.status < 300) warmUpLatencies.push(now - due);
          return;
        }
        lastAnswer = Math.max(lastAnswer, now);
        trace.push({ due: performance.timeOrigin + due, latency: now - due, status: answer.status });
        if (typeof answer.status === 'number' && answer.status >= 200 && answer.status < 300) latencies.push(now - due);
        else errors.set(String(answer.status), (errors.get(String(answer.status)) ?? 0) + 1);
      }),
    );
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) fire(sent);
      if (sent === total) return resolve();
      setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
    };
    setTimeout(tick, Math.max(0, started - performance.now()));
  });
  await Promise.all(pending);
  clearInterval(progress);
  process.stderr.write(`  ${label}: ${sent}/${total} sent, ${answered} answered${' '.repeat(30)}\n`);
  latencies.sort((a, b) => a - b);
  warmUpLatencies.sort((a, b) => a - b);
  return {
    latencies,
    warmUpLatencies,
    sent: measured,
    errors,
    achieved: latencies.length / ((lastAnswer - firstMeasured) / 1000),
    window: { from: performance.timeOrigin + firstMeasured, to: performance.timeOrigin + lastAnswer },
    trace,
  };
}

/** Waits until the projections stop moving (or 60 s), so one request kind's backlog does not land on the next. */
async function settle(base: string): Promise<void> {
  let last = '';
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const health = await expectOk(base, { method: 'GET', path: '/health' });
    const now = JSON.stringify((health.projections as { checkpoint: unknown }[]).map((p) => p.checkpoint));
    if (now === last) return;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A fictional child with a name of letters made from `i`: a new case each time. */
function referral(i: number) {
  let name = '';
  for (let n = i; name.length < 6; n = Math.floor(n / 26)) name += String.fromCharCode(97 + (n % 26));
  return referralBody('bf-school', { child: { firstName: `Bench${name}`, approximateAge: 10 + (i % 8), gender: i % 2 ? 'female' : 'male', lookedAfter: i % 5 === 0 } });
}

/**
 * The p99 of the durations the platform logged for `method` `route` over a measured window (its
 * request lines of 2xx answers whose request began and ended within it, as the client's percentiles
 * are of 2xx answers): the time the platform had them, from the headers parsed to the answer sent.
 * NaN when it logged none (a log level above info).
 */
function loggedP99(method: string, route: string, window: { from: number; to: number }): number {
  // Log times are whole milliseconds: a millisecond of slack each side.
  const durations = loggedRequests()
    .filter((r) => r.method === method && r.route === route && r.status !== undefined && r.status >= 200 && r.status < 300)
    .filter((r) => r.endedAt - r.durationMs >= window.from - 1 && r.endedAt <= window.to + 1)
    .map((r) => r.durationMs)
    .sort((a, b) => a - b);
  return percentile(durations, 99);
}

function sumDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

function figure(n: number, digits: number): string {
  return Number.isNaN(n) ? '-' : n.toFixed(digits);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function steps(raw: string | undefined): number[] {
  if (raw === undefined) return CAPACITY_STEPS;
  const rates = raw.split(',').map((part) => Number(part.trim()));
  if (rates.length === 0 || rates.some((n) => !Number.isFinite(n) || n <= 0)) throw new RangeError(`--capacity-steps must be rates above 0 separated by commas, not ${raw}`);
  return [...new Set(rates)].sort((a, b) => a - b);
}

interface Capacity {
  backend: Backend;
  /** The highest offered rate within the target, or undefined when the lowest step missed it. */
  capacity: number | undefined;
  /** The step that missed, if one did. */
  missedAt: number | undefined;
}

/** POST /referrals at each offered rate in turn until a step misses the target (p99 over TARGET_P99_MS or any error). */
async function capacitySearch(backend: Backend, base: string, school: (i: number) => { authorization: string }, rates: number[], seconds: number, rows: string[][]): Promise<Capacity> {
  let capacity: number | undefined;
  // Request numbers run on across steps: every referral is a new child.
  let next = 10_000_000;
  for (const rate of rates) {
    process.stderr.write(`http capacity: ${backend}, POST /referrals: ${CAPACITY_WARM_UP_S} s warm-up and ${seconds} s at ${rate}/s ...\n`);
    const first = next;
    const warmUp = Math.round(CAPACITY_WARM_UP_S * rate);
    const measured = Math.max(1, Math.round(seconds * rate));
    next += warmUp + measured;
    const result = await openLoop(`${backend} capacity ${rate}/s`, base, rate, warmUp, measured, (i) => ({ method: 'POST', path: '/referrals', headers: school(first + i), body: referral(first + i) }));
    await settle(base);
    const p99 = percentile(result.latencies, 99);
    const failed = [...result.errors.values()].reduce((a, b) => a + b, 0);
    const within = p99 <= TARGET_P99_MS && failed === 0;
    rows.push([
      backend,
      String(rate),
      result.achieved.toFixed(0),
      percentile(result.latencies, 50).toFixed(1),
      p99.toFixed(1),
      failed === 0 ? '0' : [...result.errors].map(([status, n]) => `${n}× ${status}`).join(', '),
      within ? 'yes' : 'NO',
    ]);
    if (!within) return { backend, capacity, missedAt: rate };
    capacity = rate;
  }
  return { backend, capacity, missedAt: undefined };
}

async function main(): Promise<void> {
  const rate = option('rate', process.env.BENCH_HTTP_RATE, 300);
  const seconds = option('seconds', process.env.BENCH_HTTP_SECONDS, 20);
  const warmUpSeconds = option('warm-up', process.env.BENCH_HTTP_WARMUP, 10);
  const only = text('only', process.env.BENCH_ONLY) as Backend | undefined;
  const cpuProf = text('cpu-prof', process.env.BENCH_HTTP_CPU_PROF);
  const capacityOn = !process.argv.includes('--no-capacity');
  const capacityRates = steps(text('capacity-steps', process.env.BENCH_HTTP_CAPACITY_STEPS));
  const capacitySeconds = option('capacity-seconds', process.env.BENCH_HTTP_CAPACITY_SECONDS, 8);
  if (rate <= 0 || seconds <= 0) throw new RangeError('--rate and --seconds must be above 0');
  chosenSettings(); // a malformed --setting is refused before anything starts
  if (capacityOn && capacitySeconds <= 0) throw new RangeError('--capacity-seconds must be above 0');
  // Before any server starts, on a quiet machine: printed with the figures (see bench/machine.ts).
  const machine = describeMachine(await calibrateMachine({ postgres: only !== 'sqlite' }));
  process.stderr.write(`http latency: ${machine}\n`);
  const warmUp = Math.round(warmUpSeconds * rate);
  const measured = Math.round(seconds * rate);
  const tracePath = text('trace', process.env.BENCH_HTTP_TRACE);
  const traced: string[] = [];
  const rows: string[][] = [];
  const capacityRows: string[][] = [];
  const capacities: Capacity[] = [];
  if (only && !BACKENDS.includes(only)) throw new RangeError(`--only must be ${BACKENDS.join(', ')}, not ${only}`);
  for (const backend of BACKENDS.filter((b) => !only || b === only)) {
    process.stderr.write(`http latency: ${backend}: starting the platform ...\n`);
    const server = await startServer(backend, cpuProf);
    let projector: { pid: number | undefined; stop(): Promise<void> } | undefined;
    try {
      if (backend === 'postgres-projector') {
        process.stderr.write(`http latency: ${backend}: starting the projector ...\n`);
        projector = await startProjector(server.process.env);
      }
      const { authorizations, capacityAuthorizations } = server;
      const { base } = server.process;
      const school = (i: number) => ({ authorization: authorizations[i % authorizations.length] });
      // The cases the reads open, made before any figure is taken.
      const cases: string[] = [];
      for (let i = 0; i < CASES_TO_READ; i++) {
        const created = await expectOk(base, { method: 'POST', path: '/referrals', headers: school(i), body: referral(1_000_000 + i) });
        cases.push(created.caseId as string);
      }
      await settle(base);
      // Each kind with the route its request line names in the platform's log.
      const kinds: [string, (i: number) => Request, string][] = [
        [BASELINE, (i) => ({ method: 'GET', path: '/reference/indicators', headers: school(i) }), '/reference/indicators'],
        ['POST /referrals', (i) => ({ method: 'POST', path: '/referrals', headers: school(i), body: referral(i) }), '/referrals'],
        ['GET /cases/{id}', (i) => ({ method: 'GET', path: `/cases/${cases[i % cases.length]}`, headers: school(i) }), '/cases/:caseId'],
      ];
      let baselineP99 = NaN;
      let baselineCpu = NaN;
      // The platform's processes (and the projector's), and PostgreSQL's: what a request costs in
      // CPU, its projections' work included (until settled), whatever the machine's speed.
      const nodeCpu = () => sumDefined(processCpuSeconds(server.process.pid), projector ? processCpuSeconds(projector.pid) : 0);
      const postgresCpu = backend === 'sqlite' ? () => undefined : postgresCpuSeconds;
      for (const [label, request, route] of kinds) {
        process.stderr.write(`http latency: ${backend}, ${label}: ${warmUpSeconds} s warm-up and ${seconds} s at ${rate}/s ...\n`);
        const meter = cpuMeter({ node: nodeCpu, postgres: postgresCpu });
        const generator = process.cpuUsage();
        const result = await openLoop(`${backend} ${label}`, base, rate, warmUp, measured, request, server.process.loopReset);
        const loop = await server.process.loopReport();
        await settle(base);
        const cpu = meter.stop();
        const generated = process.cpuUsage(generator);
        const perRequest = (s: number | undefined) => (s === undefined ? NaN : (s * 1000) / (warmUp + measured));
        const cpuPerRequest = perRequest(sumDefined(cpu.node, cpu.postgres ?? 0));
        const p99 = percentile(result.latencies, 99);
        const logged = loggedP99(request(0).method, route, result.window);
        for (const t of result.trace) traced.push(`${backend} ${label}\t${t.due.toFixed(1)}\t${t.latency.toFixed(1)}\t${t.status}`);
        if (label === BASELINE) {
          baselineP99 = p99;
          baselineCpu = cpuPerRequest;
        }
        const failed = [...result.errors.values()].reduce((a, b) => a + b, 0);
        rows.push([
          backend,
          label,
          String(result.sent),
          percentile(result.latencies, 50).toFixed(1),
          percentile(result.latencies, 95).toFixed(1),
          p99.toFixed(1),
          (result.latencies[result.latencies.length - 1] ?? NaN).toFixed(1),
          figure(logged, 1),
          percentile(result.warmUpLatencies, 99).toFixed(1),
          result.achieved.toFixed(0),
          failed === 0 ? '0' : [...result.errors].map(([status, n]) => `${n}× ${status}`).join(', '),
          `${(p99 / baselineP99).toFixed(2)}x`,
          label === BASELINE ? '(baseline)' : p99 <= TARGET_P99_MS && failed === 0 ? 'met' : 'MISSED',
          figure(perRequest(cpu.node), 2),
          figure(perRequest(cpu.postgres), 2),
          label === BASELINE ? '1.00x' : `${(cpuPerRequest / baselineCpu).toFixed(2)}x`,
          `${loop.p99.toFixed(0)} / ${loop.max.toFixed(0)}`,
          figure(perRequest((generated.user + generated.system) / 1e6), 2),
        ]);
      }
      if (capacityOn) {
        const capacitySchool = (i: number) => ({ authorization: capacityAuthorizations[i % capacityAuthorizations.length] });
        capacities.push(await capacitySearch(backend, base, capacitySchool, capacityRates, capacitySeconds, capacityRows));
      }
    } finally {
      await projector?.stop();
      await server.process.stop();
    }
  }
  agent.destroy();
  if (tracePath) {
    writeFileSync(tracePath, `${['request', 'due (epoch ms)', 'latency ms', 'status'].join('\t')}\n${traced.join('\n')}\n`);
    process.stderr.write(`http latency: every measured request written to ${tracePath}\n`);
  }
  console.log(machine);
  const header = ['store', 'request', 'sent', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 logged by the platform ms', 'warm-up p99 ms', 'achieved/s', 'errors', 'p99 vs baseline', `p99 ≤ ${TARGET_P99_MS} ms`, 'node CPU ms/req', 'PG CPU ms/req', 'CPU vs baseline', 'server loop delay p99 / max ms', 'load generator CPU ms/req'];
  printTable(`HTTP latency from each request's due time, open loop at ${rate}/s (${seconds} s after ${warmUpSeconds} s warm-up, keep-alive)`, header, rows);
  if (!capacityOn) return;
  console.log('');
  printTable(
    `Capacity: POST /referrals open loop at each offered rate (${capacitySeconds} s after ${CAPACITY_WARM_UP_S} s warm-up), until p99 > ${TARGET_P99_MS} ms or any error`,
    ['store', 'offered/s', 'achieved/s', 'p50 ms', 'p99 ms', 'errors', `within target (p99 ≤ ${TARGET_P99_MS} ms, no errors)`],
    capacityRows,
  );
  for (const { backend, capacity, missedAt } of capacities) {
    const target = `POST /referrals p99 ≤ ${TARGET_P99_MS} ms and no errors`;
    const found =
      capacity === undefined
        ? `below ${missedAt} referrals/s (the lowest offered rate tried already missed ${target})`
        : missedAt === undefined
          ? `at least ${capacity} referrals/s (highest offered rate tried; every step had ${target})`
          : `${capacity} referrals/s (highest offered rate with ${target})`;
    console.log(`${backend} capacity: ${found}`);
  }
}

runBench(main);
