#!/usr/bin/env node
/**
 * Builds an app (`nest build <app>`) only when its sources changed since the last build, so a warm
 * start (`npm start`) or command (`npm run audit`, `npm run projections`, `npm run migrate`) runs the
 * compiled code within a second instead of compiling every time.
 *
 *   node deploy/scripts/build-if-changed.js <app> [--quiet]
 *
 * "Changed" is judged by a fingerprint of every file the build reads (the app's and the
 * libraries' sources, the tsconfig files, nest-cli.json, package-lock.json): path, size and
 * modification time, stored beside the build output once a build succeeds. `--quiet` says nothing
 * when the build is current (a command's output stays its own); a build is always announced.
 *
 * Processes started together (five `npm run migrate` at once) build once: the build holds a lock
 * (a directory beside the output naming its process); the others wait for it, then find the
 * fingerprint current. A lock whose process has died is taken over.
 *
 * Where the app's sources are absent and its build is present (the image: deploy/Dockerfile copies
 * dist/ and this script, not the sources), there is nothing to build from and the command runs
 * what was built.
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..', '..');
const [app, ...options] = process.argv.slice(2);
const quiet = options.includes('--quiet');
const usage = () => {
  console.error('Usage: node deploy/scripts/build-if-changed.js <app> [--quiet]   (an app under apps/)');
  process.exit(2);
};
if (!app || !/^[a-z-]+$/.test(app) || options.some((option) => option !== '--quiet')) usage();

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.(ts|json|njk|html|css|js)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) yield path;
  }
}

/** The fingerprint of what the build would read now, and how many files that is. */
function fingerprintOfSources() {
  const inputs = [
    ...sources(join(root, 'apps', app, 'src')),
    ...readdirSync(join(root, 'libs')).flatMap((lib) => (existsSync(join(root, 'libs', lib, 'src')) ? [...sources(join(root, 'libs', lib, 'src'))] : [])),
    ...['tsconfig.json', join('apps', app, 'tsconfig.app.json'), 'nest-cli.json', 'package-lock.json'].map((file) => join(root, file)).filter(existsSync),
  ].sort();
  const fingerprint = createHash('sha256');
  for (const file of inputs) {
    const stat = statSync(file);
    fingerprint.update(`${relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return { digest: fingerprint.digest('hex'), files: inputs.length };
}

const out = join(root, 'dist', 'apps', app);
const stampFile = join(out, '.build-fingerprint');
const entry = join(out, 'apps', app, 'src', 'main.js');
const current = (digest) => existsSync(entry) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest;

if (!existsSync(join(root, 'apps', app, 'src'))) {
  // The image (deploy/Dockerfile) holds the build and not the sources: `npm run audit` there runs
  // what was built. With neither, the name is not an app.
  if (existsSync(entry)) process.exit(0);
  usage();
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether the process that holds the lock is gone (or never wrote its name and the lock is old). */
function stale(lock) {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    if (error.code === 'EPERM') return false;
    if (error.code === 'ENOENT') {
      try {
        return Date.now() - statSync(lock).mtimeMs > 30_000;
      } catch {
        return false; // released meanwhile
      }
    }
    return true; // ESRCH: its process has died
  }
}

/** Takes the build lock, waiting for another process's build (up to 15 minutes). */
function lock() {
  const dir = join(out, '.build-lock');
  mkdirSync(out, { recursive: true });
  const until = Date.now() + 15 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (stale(dir)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > until) {
      console.error(`${app}: another build has held ${relative(root, dir)} for 15 minutes; remove it if no build is running`);
      process.exit(1);
    }
    if (!announced && !quiet) console.error(`${app}: waiting for another process's build`);
    announced = true;
    sleep(200);
  }
}

let { digest, files } = fingerprintOfSources();
if (current(digest)) {
  if (!quiet) console.error(`${app}: built already from these sources (${files} files); not rebuilding`);
  process.exit(0);
}
/** Builds under the lock unless another process built these sources while this one waited; the exit code. */
function buildLocked() {
  const release = lock();
  try {
    ({ digest, files } = fingerprintOfSources());
    if (current(digest)) return 0;
    console.error(`${app}: building (sources changed since the last build, or never built)`);
    rmSync(stampFile, { force: true });
    const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) return build.status ?? 1;
    writeFileSync(stampFile, digest);
    return 0;
  } finally {
    release();
  }
}
process.exitCode = buildLocked();
