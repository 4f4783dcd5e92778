import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { testAuthSettings } from '@app/auth-testing';
import { freePort, scratchPlatformStores } from '../test/support/platform-env';
import { serverLog } from './server-log';
import { productionNodeFlags } from './production-node';

/** The platform as `npm start` runs it: compiled (deploy/scripts/build-if-changed.js platform builds it). */
export const PLATFORM_MAIN = join(__dirname, '..', 'dist', 'apps', 'platform', 'apps', 'platform', 'src', 'main.js');

export interface PlatformProcess {
  base: string;
  pid: number | undefined;
  /** Its databases and master key, for another process on the same stores (a projector). */
  env: Record<string, string>;
  /** Starts a window of its event-loop delay (bench/loop-monitor.js). */
  loopReset(): void;
  /** Its event-loop delay since loopReset(), in ms. */
  loopReport(): Promise<{ p99: number; max: number }>;
  /** SIGTERM (the platform's own graceful shutdown; SIGKILL after 30 s), then its scratch databases dropped. */
  stop(): Promise<void>;
}

/**
 * The platform (apps/platform) in a process of its own, run as production runs it: the compiled app
 * with `npm start`'s Node.js flags, its settings in the environment, JSON logs to the bench's server
 * log. Its databases are scratch ones (SQLite files, or PostgreSQL schemas on TEST_POSTGRES_URL), its
 * master key random, and it trusts the test issuer of @app/auth-testing (sign tokens with `bearer()`
 * in this process). `settings` come last (e.g. PROJECTIONS_RUN=false). Resolves once /health/live answers.
 */
export async function startPlatformProcess(database: 'sqlite' | 'postgres', settings: Record<string, string>, cpuProfDir?: string): Promise<PlatformProcess> {
  if (!existsSync(PLATFORM_MAIN)) throw new Error(`${PLATFORM_MAIN} is missing: build it first (node deploy/scripts/build-if-changed.js platform)`);
  const { env, drop } = await scratchPlatformStores(database);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...productionNodeFlags(), '-r', join(__dirname, 'loop-monitor.js'), ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), PLATFORM_MAIN],
    {
      cwd: join(__dirname, '..'),
      env: { ...process.env, ...testAuthSettings(), ...env, LOG_FORMAT: 'json', HOST: '127.0.0.1', PORT: String(port), ...settings },
      stdio: ['ignore', serverLog(), 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let gone = false;
  void exited.then(() => (gone = true));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (!(await fetch(`${base}/health/live`).catch(() => undefined))?.ok) {
    if (gone || Date.now() > deadline) {
      if (!gone) child.kill('SIGKILL');
      await drop().catch(() => undefined);
      throw new Error(`the ${database} platform ${gone ? 'exited' : 'did not answer /health/live within 120 s'} (its log: the server log above)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    pid: child.pid,
    env,
    loopReset: () => child.send('loop-reset'),
    loopReport: () =>
      new Promise((answer) => {
        const listen = (message: unknown) => {
          if (typeof message !== 'object' || message === null || !('loop' in message)) return;
          child.off('message', listen);
          answer((message as { loop: { p99: number; max: number } }).loop);
        };
        child.on('message', listen);
        child.send('loop-report');
      }),
    async stop() {
      if (!gone) child.kill('SIGTERM');
      // A shutdown that hangs is cut short: the bench must end, and its databases go either way.
      const hung = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(hung);
      await drop();
    },
  };
}
