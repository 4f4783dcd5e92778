import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '../../deploy/scripts/build-if-changed.js');

/**
 * deploy/scripts/build-if-changed.js, which `npm start`, `npm run audit`, `projections` and
 * `migrate` run first, in a scratch project of its own: the script as shipped, one app, and in
 * place of the Nest CLI a compiler that takes a second (three to fail), records each build and writes the app's
 * main.js (a real `nest build` takes 15-30 s here, and what is under test is when the script
 * builds, not what Nest emits).
 */
describe('build-if-changed: an app built only when its sources changed, once however many commands start together', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-if-changed-'));
    mkdirSync(join(root, 'deploy/scripts'), { recursive: true });
    copyFileSync(SCRIPT, join(root, 'deploy/scripts/build-if-changed.js'));
    mkdirSync(join(root, 'apps/demo/src'), { recursive: true });
    writeFileSync(join(root, 'apps/demo/src/main.ts'), 'export const version = 1;\n');
    mkdirSync(join(root, 'libs/shared/src'), { recursive: true });
    writeFileSync(join(root, 'libs/shared/src/index.ts'), 'export const shared = 1;\n');
    writeFileSync(join(root, 'tsconfig.json'), '{}\n');
    mkdirSync(join(root, 'node_modules/@nestjs/cli/bin'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules/@nestjs/cli/bin/nest.js'),
      `const { appendFileSync, mkdirSync, writeFileSync } = require('node:fs');
       const { join } = require('node:path');
       const [, , command, app] = process.argv;
       appendFileSync(join(process.cwd(), 'builds.log'), command + ' ' + app + ' ' + process.pid + '\\n');
       // A failing build takes longer, so that commands started with it are still starting when it ends.
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, process.env.FAKE_BUILD_FAILS ? 3000 : 1000);
       if (process.env.FAKE_BUILD_FAILS) { console.error('error TS2304: Cannot find name'); process.exit(1); }
       const out = join(process.cwd(), 'dist/apps', app, 'apps', app, 'src');
       mkdirSync(out, { recursive: true });
       writeFileSync(join(out, 'main.js'), 'built\\n');`,
    );
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function waitFor(condition: () => boolean): Promise<void> {
    const until = Date.now() + 30_000;
    while (!condition()) {
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const builds = () => (existsSync(join(root, 'builds.log')) ? readFileSync(join(root, 'builds.log'), 'utf8').trim().split('\n') : []);
  const lockDir = () => join(root, 'dist/apps/demo/.build-lock');

  /** The script started as `npm run audit` starts it: what it has said so far, and its end (exit code and all it said). */
  function start(args: string[] = ['demo', '--quiet'], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [join(root, 'deploy/scripts/build-if-changed.js'), ...args], { cwd: root, env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<{ code: number | null; stderr: string }>((done) => child.on('close', (code) => done({ code, stderr })));
    return { said: () => stderr, ended, kill: () => child.kill() };
  }

  /** The script run to its end. */
  const run = (args?: string[], env?: Record<string, string>) => start(args, env).ended;

  it('five commands started together on a project never built: one build, all five succeed, only the builder speaks', async () => {
    const runs = await Promise.all(Array.from({ length: 5 }, () => run()));

    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(builds()).toHaveLength(1);
    expect(builds()[0]).toMatch(/^build demo \d+$/);
    expect(runs.filter((r) => r.stderr === 'demo: building (sources changed since the last build, or never built)\n')).toHaveLength(1);
    expect(runs.filter((r) => r.stderr === '')).toHaveLength(4);
    expect(existsSync(lockDir())).toBe(false);

    // Current now: nothing built, nothing said (a command's output stays its own).
    expect(await run()).toEqual({ code: 0, stderr: '' });
    // Without --quiet it says why it did not build.
    expect((await run(['demo'])).stderr).toMatch(/^demo: built already from these sources \(3 files\); not rebuilding\n$/);
    expect(builds()).toHaveLength(1);
  }, 60_000);

  it('builds again when an app or library source changes, not otherwise', async () => {
    await run();
    writeFileSync(join(root, 'libs/shared/src/index.ts'), 'export const shared = 22;\n');
    await run();
    await run();
    writeFileSync(join(root, 'apps/demo/src/extra.ts'), 'export const extra = 1;\n');
    await run();

    expect(builds()).toHaveLength(3);
  }, 60_000);

  /** A pid no process has now: one that has just exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();

  /** The lock as a build holds it: its directory, naming the machine and process. */
  function holdLock(holder: string): void {
    mkdirSync(lockDir(), { recursive: true });
    writeFileSync(join(lockDir(), 'holder'), holder);
  }

  it('takes over a lock left by a build whose process died (kill -9), and builds', async () => {
    holdLock(`${hostname()} ${deadPid()}`);

    const result = await run();

    expect(result).toEqual({ code: 0, stderr: 'demo: building (sources changed since the last build, or never built)\n' });
    expect(builds()).toHaveLength(1);
    expect(existsSync(lockDir())).toBe(false);
  }, 60_000);

  it("five commands finding a dead build's lock together: one takes it over and builds, the others wait for that build", async () => {
    holdLock(`${hostname()} ${deadPid()}`);

    const runs = await Promise.all(Array.from({ length: 5 }, () => run()));

    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(builds()).toHaveLength(1);
    expect(existsSync(lockDir())).toBe(false);
    expect(existsSync(`${lockDir()}.takeover`)).toBe(false);
  }, 60_000);

  it('leaves alone a lock held from another machine or container (a shared checkout) until it is 15 minutes old', async () => {
    holdLock(`another-host ${deadPid()}`);
    const waiting = start(['demo']);
    try {
      // Its pid is not one of this machine's processes: dead here, maybe alive there.
      await waitFor(() => waiting.said().includes("demo: waiting for another process's build"));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(builds()).toHaveLength(0);

      // Fifteen minutes on, nothing has been built: taken over.
      const old = new Date(Date.now() - 16 * 60_000);
      utimesSync(lockDir(), old, old);
      expect((await waiting.ended).code).toBe(0);
      expect(builds()).toHaveLength(1);
    } finally {
      waiting.kill();
    }
  }, 60_000);

  it('waits for a lock held by a live process, then builds once it is released', async () => {
    // A live holder: this test's own process, which lets go once the command says it is waiting.
    holdLock(`${hostname()} ${process.pid}`);
    const waiting = start(['demo']);

    await waitFor(() => waiting.said().includes("demo: waiting for another process's build"));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(builds()).toHaveLength(0);
    rmSync(lockDir(), { recursive: true });

    const { code, stderr } = await waiting.ended;
    expect(code).toBe(0);
    expect(stderr).toBe("demo: waiting for another process's build\ndemo: building (sources changed since the last build, or never built)\n");
    expect(builds()).toHaveLength(1);
  }, 60_000);

  it('a failed build: its exit code, no fingerprint kept, the lock released, and the next command tries again', async () => {
    const failed = await run(['demo', '--quiet'], { FAKE_BUILD_FAILS: '1' });

    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('error TS2304');
    expect(existsSync(join(root, 'dist/apps/demo/.build-fingerprint'))).toBe(false);
    expect(existsSync(lockDir())).toBe(false);

    expect((await run()).code).toBe(0);
    expect(builds()).toHaveLength(2);
  }, 60_000);

  it('five commands started together on sources that do not compile: one build, five failures, the errors once', async () => {
    const runs = await Promise.all(Array.from({ length: 5 }, () => run(['demo', '--quiet'], { FAKE_BUILD_FAILS: '1' })));

    expect(runs.map((r) => r.code)).toEqual([1, 1, 1, 1, 1]);
    expect(builds()).toHaveLength(1);
    expect(runs.filter((r) => r.stderr.includes('error TS2304'))).toHaveLength(1);
    expect(runs.filter((r) => r.stderr === 'demo: the build of these sources failed just now in another command (its errors are in that command\'s output); not building them again\n')).toHaveLength(4);
    expect(existsSync(lockDir())).toBe(false);

    // A command run afterwards tries again (the failure may have been the machine's).
    expect((await run()).code).toBe(0);
    expect(builds()).toHaveLength(2);
  }, 60_000);

  it('in the image (the build and no sources): runs what is built, builds nothing, says nothing', async () => {
    await run();
    rmSync(join(root, 'apps'), { recursive: true });
    rmSync(join(root, 'dist/apps/demo/.build-fingerprint'));

    expect(await run()).toEqual({ code: 0, stderr: '' });
    expect(await run(['demo'])).toEqual({ code: 0, stderr: '' });
    expect(builds()).toHaveLength(1);
  }, 60_000);

  it('refuses an app that is not under apps/, or an option it does not know, with its usage (exit 2)', async () => {
    for (const args of [['nothing-here'], ['../demo'], ['demo', '--loud'], []]) {
      const result = await run(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/^Usage: node deploy\/scripts\/build-if-changed\.js <app> \[--quiet\]/);
    }
    expect(builds()).toHaveLength(0);
  }, 60_000);
});
