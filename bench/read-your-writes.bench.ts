/**
 * Read your own write: how long from sending `POST /referrals` until `GET /cases/{caseId}?consistentWith=<position>`
 * (the position the referral answered) answers 200 with the case. Issue 16 targets, on p99:
 * ≤ 50 ms with the whole platform in one process, ≤ 250 ms across processes (writer and projector apart).
 *
 *   npm run bench:ryw                           # every mode, 300 referrals each at 20/s: about three minutes
 *   npm run bench:ryw -- --count 60 --only across
 *
 * Modes:
 * - in process (SQLite, then PostgreSQL): the whole platform (apps/platform: auth, validation, the
 *   event store, the projections and the outbox relay) in one process, as the end-to-end tests start
 *   it; the case view's projection runs beside the writes and the read waits on its runner.
 * - across processes (PostgreSQL): the platform with PROJECTIONS_RUN=false takes the writes and
 *   answers the reads, and one projector process (apps/projector, as deployed) on the same databases
 *   writes the read models; the read waits on the projector's stored checkpoint.
 * Either way the platform runs in a forked child process listening on a random port, so the load
 * generator (this process) does not share its event loop; the projector is a third process. Both
 * run with PROJECTIONS_POLL_MS as configured (the product default unless set in the environment;
 * printed), not the tests' faster poll.
 *
 * Referrals are sent open loop: referral i is due at start + i / rate whether or not earlier ones
 * have answered; as soon as its POST answers, the consistent read is sent, and sent again while it
 * answers 409 (not yet consistent: the platform waits up to 3 s first), 503 (projection failing) or
 * 404. The time runs from the due time to the 200 (no coordinated omission); retries are counted.
 * A baseline row per mode: the same POST /referrals alone at the same rate, so the reader sees how
 * much of the time is the write itself. A few unmeasured referrals come first (warm-up).
 * Any other answer, or no 200 within 30 s, is an error; percentiles are of the successes.
 *
 * Flags (environment variable in brackets):
 *   --count N    referrals measured per mode [BENCH_RYW_COUNT], default 300
 *   --rate N     referrals per second [BENCH_RYW_RATE], default 20
 *   --only NAME  sqlite | postgres (in process) | across (across processes) [BENCH_RYW_ONLY]
 */
import { ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { calibrateMachine, describeMachine } from './machine';
import { printTable, runBench } from './table';
import { serverLog } from './server-log';
import { startProjector } from './projector-process';
import { Answer, agent, send } from './http-client';
import { referralBody } from '../test/support/http';
import { productionNodeFlags } from './production-node';

type Kind = 'sqlite' | 'postgres' | 'across';

const MODES: { kind: Kind; mode: string; store: string; targetMs: number }[] = [
  { kind: 'sqlite', mode: 'in process', store: 'sqlite', targetMs: 50 },
  { kind: 'postgres', mode: 'in process', store: 'postgres', targetMs: 50 },
  { kind: 'across', mode: 'across processes', store: 'postgres', targetMs: 250 },
];

/** Referrers of one school: at 20/s, two or three requests each, under 150 a minute per user (the default limit is 600). */
const USERS = 20;
const WARM_UP = 10;
/** A read still not consistent after this long (from the due time) is given up as an error. */
const GIVE_UP_MS = 30_000;

function option(name: string, env: string | undefined, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : env;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name} must be a number above 0, not ${raw}`);
  return n;
}

function text(name: string, env: string | undefined): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1] : env) || undefined;
}

interface Ready {
  base: string;
  authorizations: string[];
  /** PROJECTIONS_POLL_MS the platform runs with (and the projector is given). */
  pollMs: string;
  /** Across processes: the databases and master key, for the projector. */
  env?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// The platform process.

async function serve(kind: Kind): Promise<void> {
  // Loaded here only: the load generator needs none of it.
  const { startPlatform } = await import('../test/support/platform-app');
  const { bearer } = await import('@app/auth-testing');
  const { StorageConfig } = await import('@app/common');
  // The product default, unless the environment sets it: not the tests' 50 ms.
  const pollMs = process.env.PROJECTIONS_POLL_MS || String(new StorageConfig().PROJECTIONS_POLL_MS);
  // Across processes this one only writes; its databases, master key and polling go to the projector.
  const platform =
    kind === 'across'
      ? await startPlatform('postgres', { PROJECTIONS_POLL_MS: pollMs, PROJECTIONS_RUN: 'false', LOG_FORMAT: 'json' })
      : await startPlatform(kind, { PROJECTIONS_POLL_MS: pollMs, LOG_FORMAT: 'json' });
  const env = kind === 'across' ? platform.env : undefined;
  await platform.app.listen(0, '127.0.0.1');
  const base = (await platform.app.getUrl()).replace('[::1]', '127.0.0.1');
  const authorizations = Array.from({ length: USERS }, (_, i) => bearer({ userId: `dsl-${i + 1}`, agencyId: 'bf-school', roles: ['referrer'] }).Authorization);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await platform.close();
    process.exit(0);
  };
  process.on('message', (message) => message === 'stop' && void close());
  process.on('disconnect', () => void close());
  // Ctrl-C reaches this process too: drop the scratch databases on the way out.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void close());
  process.send!({ base, authorizations, pollMs, env } satisfies Ready);
}

// ---------------------------------------------------------------------------------------------
// The load generator and the processes it starts.

/** Child processes still running: killed when the bench exits, however it ends (see main). */
const children = new Set<ChildProcess>();
/** How to stop them cleanly (the platform drops its scratch schemas), newest first: tried on a signal before they are killed. */
const stops: (() => Promise<void>)[] = [];
/** Set on a signal: no more requests, and open connections are dropped, so the platform can close. */
let interrupted = false;

function track(child: ChildProcess): Promise<number | null> {
  children.add(child);
  return new Promise((resolve) => child.once('exit', (code) => (children.delete(child), resolve(code))));
}

function startServer(kind: Kind): Promise<{ ready: Ready; stop(): Promise<void> }> {
  const child = fork(__filename, ['--serve', kind], {
    execArgv: [...productionNodeFlags(), '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    stdio: ['ignore', serverLog(), 'inherit', 'ipc'],
  });
  const exited = track(child);
  return new Promise((resolve, reject) => {
    child.once('message', (ready: Ready) =>
      resolve({
        ready,
        async stop() {
          if (child.connected) child.send('stop');
          else child.kill('SIGTERM');
          await exited;
        },
      }),
    );
    void exited.then((code) => reject(new Error(`the ${kind} platform exited (${code}) before it listened`)));
  });
}

/** Sends unless the bench was interrupted. */
function sendUnlessInterrupted(base: string, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  if (interrupted) return Promise.resolve({ status: 'interrupted', body: '' });
  return send(base, { method, path, headers, body });
}

/** What one referral came to: its time from the due time, or the error it ended with. */
type Outcome = { ms: number; retries: number } | { error: string; retries: number };

const ok = (answer: Answer) => typeof answer.status === 'number' && answer.status >= 200 && answer.status < 300;
/** Answers a consistent read is sent again after: not yet consistent (409), a failing projection (503), not there yet (404). */
const RETRY = new Set([409, 503, 404]);

/** POST /referrals, then (unless `alone`) GET /cases/{caseId}?consistentWith= until it answers 200 with that case. */
async function referThenRead(base: string, authorization: string, i: number, due: number, alone: boolean): Promise<Outcome> {
  const headers = { authorization };
  const posted = await sendUnlessInterrupted(base, 'POST', '/referrals', headers, referral(i));
  if (!ok(posted)) return { error: `POST ${posted.status}`, retries: 0 };
  if (alone) return { ms: performance.now() - due, retries: 0 };
  const { caseId, position } = JSON.parse(posted.body) as { caseId: string; position: string };
  const path = `/cases/${caseId}?consistentWith=${encodeURIComponent(position)}`;
  for (let retries = 0; ; retries++) {
    const read = await sendUnlessInterrupted(base, 'GET', path, headers);
    if (ok(read)) {
      const now = performance.now();
      const view = JSON.parse(read.body) as { caseId?: string };
      return view.caseId === caseId ? { ms: now - due, retries } : { error: 'GET 200 with another case', retries };
    }
    if (typeof read.status !== 'number' || !RETRY.has(read.status)) return { error: `GET ${read.status}`, retries };
    if (performance.now() - due > GIVE_UP_MS) return { error: `GET ${read.status} after ${GIVE_UP_MS / 1000} s`, retries };
    // 409 comes after the platform's own wait; the others at once: a moment before the next try.
    if (read.status !== 409) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A fictional child with a name of letters made from `i`: a new case each time (as bench/http.bench.ts). */
function referral(i: number) {
  let name = '';
  for (let n = i; name.length < 6; n = Math.floor(n / 26)) name += String.fromCharCode(97 + (n % 26));
  return referralBody('bf-school', { child: { firstName: `Bench${name}`, approximateAge: 10 + (i % 8), gender: i % 2 ? 'female' : 'male', lookedAfter: i % 5 === 0 } });
}

interface Measured {
  latencies: number[];
  retries: number;
  errors: Map<string, number>;
}

/** `count` referrals open loop at `rate` per second, each timed from its due time. */
async function openLoop(label: string, base: string, authorizations: string[], rate: number, count: number, alone: boolean, first: number): Promise<Measured> {
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let retries = 0;
  let sent = 0;
  let done = 0;
  const pending: Promise<void>[] = [];
  const progress = setInterval(() => {
    const failed = [...errors.values()].reduce((a, b) => a + b, 0);
    process.stderr.write(`  ${label}: ${sent}/${count} sent, ${done} done, ${sent - done} in flight, ${retries} retries, ${failed} errors   \r`);
  }, 1000);
  const started = performance.now() + 10;
  const fire = (i: number) => {
    const due = started + i * interval;
    sent++;
    pending.push(
      referThenRead(base, authorizations[i % authorizations.length], first + i, due, alone).then((outcome) => {
        done++;
        retries += outcome.retries;
        if ('ms' in outcome) latencies.push(outcome.ms);
        else errors.set(outcome.error, (errors.get(outcome.error) ?? 0) + 1);
      }),
    );
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (!interrupted && sent < count && started + sent * interval <= now) fire(sent);
      if (sent === count || interrupted) return resolve();
      setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
    };
    setTimeout(tick, Math.max(0, started - performance.now()));
  });
  await Promise.all(pending);
  clearInterval(progress);
  // Interrupted: go no further; the signal's handler stops the processes and exits.
  if (interrupted) await new Promise<never>(() => undefined);
  process.stderr.write(`  ${label}: ${sent}/${count} sent, ${done} done, ${retries} retries${' '.repeat(30)}\n`);
  latencies.sort((a, b) => a - b);
  return { latencies, retries, errors };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
  // Before any server starts: printed with the figures (see bench/machine.ts).
  const machine = describeMachine(await calibrateMachine());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interrupted = true;
      agent.destroy();
      const stopped = (async () => {
        for (const stop of [...stops].reverse()) await stop().catch(() => undefined);
      })();
      // Ten seconds to stop cleanly; then the exit handler kills what is left.
      void Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 10_000))]).finally(() => process.exit(130));
    });
  }
  const count = Math.round(option('count', process.env.BENCH_RYW_COUNT, 300));
  const rate = option('rate', process.env.BENCH_RYW_RATE, 20);
  const only = text('only', process.env.BENCH_RYW_ONLY);
  if (only && !MODES.some((m) => m.kind === only)) throw new RangeError(`--only must be sqlite, postgres or across, not ${only}`);
  const rows: string[][] = [];
  const polls = new Set<string>();
  for (const { kind, mode, store, targetMs } of MODES.filter((m) => !only || m.kind === only)) {
    process.stderr.write(`read your writes: ${mode}, ${store}: starting the platform${kind === 'across' ? ' (writes only) and a projector' : ''} ...\n`);
    const server = await startServer(kind);
    stops.push(server.stop);
    let projector: { stop(): Promise<void> } | undefined;
    try {
      const { base, authorizations, pollMs, env } = server.ready;
      polls.add(pollMs);
      process.stderr.write(`read your writes: ${mode}, ${store}: PROJECTIONS_POLL_MS ${pollMs}\n`);
      if (kind === 'across') {
        projector = await startProjector(env!, track);
        stops.push(projector.stop);
      }
      // Unmeasured: the first reads also wait for the projector to take its leases and catch up.
      const warmUp = await openLoop(`${mode} ${store} warm-up`, base, authorizations, rate, WARM_UP, false, 0);
      if (warmUp.errors.size > 0) throw new Error(`the warm-up failed: ${[...warmUp.errors].map(([e, n]) => `${n}× ${e}`).join(', ')}`);
      process.stderr.write(`read your writes: ${mode}, ${store}: ${count} referrals at ${rate}/s, each read back consistently ...\n`);
      const measured = await openLoop(`${mode} ${store} write then read`, base, authorizations, rate, count, false, WARM_UP);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      process.stderr.write(`read your writes: ${mode}, ${store}: baseline, ${count} referrals at ${rate}/s alone ...\n`);
      const baseline = await openLoop(`${mode} ${store} POST alone`, base, authorizations, rate, count, true, WARM_UP + count);
      for (const [label, result, isBaseline] of [
        ['POST /referrals, then consistent GET /cases/{id}', measured, false],
        ['POST /referrals alone (baseline)', baseline, true],
      ] as const) {
        const failed = [...result.errors.values()].reduce((a, b) => a + b, 0);
        const p99 = percentile(result.latencies, 99);
        rows.push([
          mode,
          store,
          label,
          String(count),
          percentile(result.latencies, 50).toFixed(1),
          percentile(result.latencies, 95).toFixed(1),
          p99.toFixed(1),
          (result.latencies[result.latencies.length - 1] ?? NaN).toFixed(1),
          isBaseline ? '' : String(result.retries),
          failed === 0 ? '0' : [...result.errors].map(([e, n]) => `${n}× ${e}`).join(', '),
          isBaseline ? '' : `p99 ≤ ${targetMs} ms`,
          isBaseline ? '(baseline)' : p99 <= targetMs && failed === 0 ? 'met' : 'MISSED',
        ]);
      }
    } finally {
      await projector?.stop();
      await server.stop();
      stops.length = 0;
    }
  }
  agent.destroy();
  console.log(machine);
  printTable(
    `Read your own write: from each referral's due time until GET /cases/{id}?consistentWith= answers 200 with the case (open loop at ${rate}/s, PROJECTIONS_POLL_MS ${[...polls].join(', ')})`,
    ['mode', 'store', 'measured', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'retries', 'errors', 'target', 'met'],
    rows,
  );
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  serve(process.argv[serveIndex + 1] as Kind).catch((error: Error) => {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  });
} else {
  runBench(main);
}
