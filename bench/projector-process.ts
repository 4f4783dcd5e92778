import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serverLog } from './server-log';
import { productionNodeFlags } from './production-node';
import { freePort } from '../test/support/platform-env';

/** The projector as deployed: compiled (deploy/scripts/build-if-changed.js projector builds it). */
export const PROJECTOR_MAIN = join(__dirname, '..', 'dist', 'apps', 'projector', 'apps', 'projector', 'src', 'main.js');

/**
 * A projector process as deployed (apps/projector, compiled, with `npm start`'s Node.js flags), on the platform's databases and key
 * (`env`: a test platform's settings, TestPlatform.env; the projector runs every projection whatever
 * PROJECTIONS_RUN says),
 * logging to the bench's server log; resolves once it answers /health/live. `track` sees the child
 * (a bench stops its children on a signal).
 */
export async function startProjector(
  env: Record<string, string>,
  track: (child: ChildProcess) => Promise<number | null> = (child) => new Promise((resolve) => child.once('exit', resolve)),
): Promise<{ pid: number | undefined; stop(): Promise<void> }> {
  if (!existsSync(PROJECTOR_MAIN)) throw new Error(`${PROJECTOR_MAIN} is missing: build it first (node deploy/scripts/build-if-changed.js projector)`);
  const port = await freePort();
  const child = spawn(process.execPath, [...productionNodeFlags(), PROJECTOR_MAIN], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, ...env, LOG_FORMAT: 'json', PROJECTOR_HTTP_PORT: String(port) },
    stdio: ['ignore', serverLog(), 'inherit'],
  });
  const exited = track(child);
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 120_000;
  while (!(await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined))?.ok) {
    if (gone) throw new Error('the projector exited before it answered /health/live');
    if (Date.now() > deadline) throw new Error('the projector did not answer /health/live within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
