import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** An app of apps/ running as its own Node process, as deployed (its main.ts, its settings). */
export interface AppProcess {
  readonly app: string;
  readonly child: ChildProcess;
  /** Where its HTTP listens (the projector's: health and metrics only). */
  readonly url: string;
  /** How its leases name it in the checkpoint table (`host:pid:`). */
  readonly owner: string;
  /** The last lines it wrote (stdout and stderr), for a failure's message. */
  output(): string;
  readonly exited: Promise<number | null>;
  /** A graceful stop (SIGTERM), waiting for the exit. */
  stop(): Promise<void>;
  /** A crash: SIGKILL, no shutdown hooks, leases left to lapse. */
  kill(): Promise<void>;
}

/** Every process started here: killed when the test process exits, however it ends. */
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/**
 * Starts `apps/<app>/src/main.ts` through ts-node (transpile only) with `env` over this process's
 * environment, listening on `port` (PORT, or PROJECTOR_HTTP_PORT for the projector).
 */
export function startApp(app: string, port: number, env: Record<string, string>): AppProcess {
  const portSetting = app === 'projector' ? { PROJECTOR_HTTP_PORT: String(port) } : { PORT: String(port), HOST: '127.0.0.1' };
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, ...env, ...portSetting },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (running.delete(child), resolve(code))));
  return {
    app,
    child,
    url: `http://127.0.0.1:${port}`,
    owner: `${hostname()}:${child.pid}:`,
    output: () => lines.join('\n'),
    exited,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves when the process answers `GET /health/ready` with 200; rejects naming its last output if it exits or takes too long. */
export async function whenReady(process_: AppProcess, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void process_.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${process_.app} exited (${exitCode}) before it was ready:\n${process_.output()}`);
    const answer = await fetch(`${process_.url}/health/ready`).catch(() => undefined);
    if (answer?.status === 200) return;
    if (Date.now() > until) throw new Error(`${process_.app} was not ready within ${timeoutMs} ms (last: ${answer?.status ?? 'no answer'}):\n${process_.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs an npm script to its end with `env`; resolves with its exit code and output. */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Builds `apps/<app>` where its sources changed since the last build, as `npm run audit`,
 * `projections` and `migrate` do before they run the compiled command: a suite calls it in its
 * `beforeAll`, so the build's time is not charged to the first test that runs a command.
 */
export function buildIfChanged(app: 'audit-service' | 'projector'): void {
  const build = spawnSync(process.execPath, ['deploy/scripts/build-if-changed.js', app, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`Building ${app} failed (${build.status}):\n${build.stdout}${build.stderr}`);
}
