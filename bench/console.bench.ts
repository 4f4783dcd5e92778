/**
 * The web console under its users (issue 15). DESIGN.md target: console pages p95 time to first
 * byte ≤ 200 ms with 20 concurrent users.
 *
 *   npm run bench:console                       # 20 users, 30 s, SQLite (the embedded default)
 *   npm run bench:console -- --users 20 --seconds 20 --think 0
 *
 * The platform (apps/platform with its console at /console) runs in a process of its own on
 * SQLite, listening on a random port, with the development issuer on. Each user signs in as a
 * browser would (the console's authorization code flow with PKCE through the development issuer's
 * page, cookies kept per user), then opens case pages one after another: GET /console/cases/{id}
 * over the cases of the user's agency, each page the console's session, CSP and access checks,
 * a call to the API with the user's token (verification, need to know, the case view, a recorded
 * read appended) and the Nunjucks render. A user waits --think ms between pages (reading it).
 * Baseline, same run, same users, same server: GET /health (no session, no API call, no render).
 * Time to first byte is from sending the request to the answer's status line and headers.
 *
 * The users are the demo practitioners of children's social care (sw-csc, chair-csc) in turn: the
 * server's per-user rate limit is raised for the run (RATE_LIMIT_PER_MINUTE), as 20 people of one
 * agency would not share one budget.
 *
 * Flags (environment variable in brackets):
 *   --users N     concurrent signed-in users [BENCH_CONSOLE_USERS], default 20
 *   --seconds N   measured seconds per kind [BENCH_CONSOLE_SECONDS], default 30
 *   --think N     ms a user waits between pages [BENCH_CONSOLE_THINK_MS], default 500
 *   --cases N     cases the agency has [BENCH_CONSOLE_CASES], default 200
 * Progress goes to stderr, the table to stdout.
 */
import { ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { printTable, runBench } from './table';
import { referralBody } from '../test/support/http';
import { productionNodeFlags } from './production-node';

function option(name: string, env: string | undefined, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : env;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`--${name} must be a number ≥ 0, not ${raw}`);
  return n;
}

const USERS = option('users', process.env.BENCH_CONSOLE_USERS, 20);
const SECONDS = option('seconds', process.env.BENCH_CONSOLE_SECONDS, 30);
const THINK_MS = option('think', process.env.BENCH_CONSOLE_THINK_MS, 500);
const CASES = option('cases', process.env.BENCH_CONSOLE_CASES, 200);
const TARGET_P95_MS = 200;
const PRACTITIONERS = ['sw-csc', 'chair-csc'];

const progress = (text: string) => process.stderr.write(`[console ${new Date().toISOString().slice(11, 19)}] ${text}\n`);

interface Ready {
  base: string;
  caseIds: string[];
}

// ---------------------------------------------------------------------------------------------
// The server process: the real platform with its console, on real HTTP.

async function serve(): Promise<void> {
  const { startPlatform, freePort } = await import('../test/support/platform-app');
  const { bearer } = await import('@app/auth-testing');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const platform = await startPlatform('sqlite', { AUTH_DEV_ISSUER: 'true', CONSOLE_PUBLIC_URL: base, PORT: String(port), RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' });
  await platform.app.listen(port, '127.0.0.1');
  // The agency's cases, referred by its social worker (the test issuer's token: the platform trusts it too).
  const referrer = bearer({ userId: 'sw-csc', agencyId: 'bf-csc', roles: ['referrer', 'practitioner'] });
  const caseIds: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const answer = await fetch(`${base}/referrals`, { method: 'POST', headers: { ...referrer, 'content-type': 'application/json' }, body: JSON.stringify(referralBody('bf-csc')) });
    if (answer.status !== 201) throw new Error(`POST /referrals answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
    caseIds.push(((await answer.json()) as { caseId: string }).caseId);
  }
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await platform.close();
    process.exit(0);
  };
  process.on('message', (message) => message === 'stop' && void close());
  process.on('disconnect', () => void close());
  process.send!({ base, caseIds } satisfies Ready);
}

function startServer(): Promise<{ ready: Ready; stop(): Promise<void> }> {
  const child: ChildProcess = fork(__filename, ['--serve'], {
    execArgv: [...productionNodeFlags(), '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.once('message', (ready: Ready) =>
      resolve({
        ready,
        async stop() {
          child.send('stop');
          await exited;
        },
      }),
    );
    void exited.then((code) => reject(new Error(`the platform exited (${code}) before it listened`)));
  });
}

// ---------------------------------------------------------------------------------------------
// The users: a browser's requests, a cookie jar each.

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** ms from sending to the status line and headers. */
  ttfb: number;
}

class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Answer> {
    const url = new URL(path, this.base);
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return new Promise((resolve, reject) => {
      const sent = performance.now();
      const req = http.request(
        url,
        {
          method,
          agent,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
          },
        },
        (res) => {
          const ttfb = performance.now() - sent;
          for (const set of res.headers['set-cookie'] ?? []) {
            const [pair] = set.split(';');
            const at = pair.indexOf('=');
            this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
          }
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), ttfb }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Signs in as a person would: the console sends the browser to the provider, which sends it back. */
  async signIn(username: string): Promise<void> {
    let answer = await this.request('GET', '/console');
    for (let hops = 0; answer.status === 302 || answer.status === 303; hops++) {
      if (hops > 5) throw new Error('too many redirects signing in');
      answer = await this.request('GET', answer.headers.location!);
    }
    const fields = Object.fromEntries([...answer.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], decodeEntities(m[2])]));
    if (!fields._csrf || !fields.code_challenge) throw new Error(`the development issuer's page was not shown (status ${answer.status})`);
    answer = await this.request('POST', '/auth/dev/authorize', { ...fields, username });
    for (let hops = 0; answer.status === 302 || answer.status === 303; hops++) {
      if (hops > 5) throw new Error('too many redirects signing in');
      answer = await this.request('GET', answer.headers.location!);
    }
    if (answer.status !== 200 || !answer.body.includes(`Signed in as ${username}`)) throw new Error(`${username} was not signed in (status ${answer.status})`);
  }
}

const decodeEntities = (text: string) => text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

interface Measured {
  ttfb: number[];
  pages: number;
  errors: Map<string, number>;
  seconds: number;
}

/** Every user opens `path(user, i)` one after another for SECONDS, waiting THINK_MS between pages. */
async function browse(label: string, users: Browser[], path: (user: number, i: number) => string, expectText?: string): Promise<Measured> {
  const ttfb: number[] = [];
  const errors = new Map<string, number>();
  const started = performance.now();
  const end = started + SECONDS * 1000;
  const ticker = setInterval(() => process.stderr.write(`  ${label}: ${ttfb.length} pages, ${[...errors.values()].reduce((a, b) => a + b, 0)} errors   \r`), 1000);
  await Promise.all(
    users.map(async (user, u) => {
      // Spread the first requests over one think time, as people do not all click at once.
      await new Promise((resolve) => setTimeout(resolve, (THINK_MS * u) / users.length));
      for (let i = 0; performance.now() < end; i++) {
        const answer = await user.request('GET', path(u, i));
        if (answer.status !== 200 || (expectText && !answer.body.includes(expectText))) errors.set(String(answer.status), (errors.get(String(answer.status)) ?? 0) + 1);
        else ttfb.push(answer.ttfb);
        if (THINK_MS > 0) await new Promise((resolve) => setTimeout(resolve, THINK_MS));
      }
    }),
  );
  clearInterval(ticker);
  process.stderr.write('\n');
  return { ttfb: ttfb.sort((a, b) => a - b), pages: ttfb.length, errors, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  progress(`options: ${USERS} users, ${SECONDS} s per kind, ${THINK_MS} ms between pages, ${CASES} cases; starting the platform (SQLite) and referring the cases`);
  const server = await startServer();
  try {
    const { base, caseIds } = server.ready;
    progress(`platform on ${base} with ${caseIds.length} cases; signing ${USERS} users in`);
    const users = Array.from({ length: USERS }, () => new Browser(base));
    for (const [u, user] of users.entries()) await user.signIn(PRACTITIONERS[u % PRACTITIONERS.length]);
    // Warm-up: each user opens a few pages first (templates compiled, connections open).
    progress('warming up');
    for (const user of users) for (let i = 0; i < 3; i++) await user.request('GET', `/console/cases/${caseIds[i]}`);
    progress('baseline: GET /health');
    const health = await browse('GET /health', users, () => '/health');
    progress('case pages: GET /console/cases/{id}');
    const pages = await browse('GET /console/cases/{id}', users, (u, i) => `/console/cases/${caseIds[(u * 7 + i) % caseIds.length]}`, 'Chronology');
    const rows = [health, pages].map((m, k) => {
      const errors = [...m.errors].map(([status, n]) => `${n}×${status}`).join(' ') || '0';
      return [
        k === 0 ? 'GET /health (baseline)' : 'GET /console/cases/{id}',
        String(m.pages),
        (m.pages / m.seconds).toFixed(1),
        percentile(m.ttfb, 50).toFixed(1),
        percentile(m.ttfb, 95).toFixed(1),
        percentile(m.ttfb, 99).toFixed(1),
        errors,
      ];
    });
    const p95 = percentile(pages.ttfb, 95);
    printTable(
      `\nConsole (issue 15): ${USERS} signed-in users, ${THINK_MS} ms between pages, ${SECONDS} s each, SQLite; time to first byte (ms)`,
      ['request', 'pages', 'per s', 'p50', 'p95', 'p99', 'errors'],
      rows,
    );
    console.log(
      `\ncase page p95 ${p95.toFixed(1)} ms = ${(p95 / percentile(health.ttfb, 95)).toFixed(1)}× GET /health's p95; target ≤ ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS && pages.errors.size === 0 ? 'met' : 'MISSED'}`,
    );
  } finally {
    await server.stop();
  }
}

if (process.argv.includes('--serve')) {
  serve().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
} else {
  runBench(main);
}
