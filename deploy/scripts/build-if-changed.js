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
 * (a directory beside the output naming its machine and process); the others wait for it, then
 * find the fingerprint current, or that the build of these very sources has just failed. A lock
 * whose process has died is taken over.
 *
 * Where the app's sources are absent and its build is present (the image: deploy/Dockerfile copies
 * dist/ and this script, not the sources), there is nothing to build from and the command runs
 * what was built.
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { hostname } = require('node:os');
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

const lockDir = join(out, '.build-lock');
const takeoverDir = `${lockDir}.takeover`;
const failedFile = join(out, '.build-failed');
/** How the lock names its holder: this machine (or container) and process. */
const me = `${hostname()} ${process.pid}`;

const ageOf = (path) => {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};
const readIfThere = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Whether the lock's holder (`host pid`, as read from it) can no longer be building. */
function gone(holder) {
  // Made, but its holder never named itself: gone only once that is long past.
  if (holder === undefined) return ageOf(lockDir) > 30_000;
  const [host, pid] = holder.split(' ');
  // Another machine's or container's process (a shared checkout): its pid means nothing here.
  if (host !== hostname()) return ageOf(lockDir) > 15 * 60_000;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

/**
 * Removes the lock of a holder that is gone. Takeovers go one at a time (a second directory) and
 * read the holder again: a waiter that judged the lock stale a moment ago must not remove the
 * lock another waiter has just taken over.
 */
function takeOver(seen) {
  try {
    mkdirSync(takeoverDir);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    // A takeover takes microseconds: one this old was left by a process that died in it.
    if (ageOf(takeoverDir) > 10_000) rmSync(takeoverDir, { recursive: true, force: true });
    return;
  }
  try {
    const holder = readIfThere(join(lockDir, 'holder'));
    if (holder === seen && existsSync(lockDir) && gone(holder)) rmSync(lockDir, { recursive: true, force: true });
  } finally {
    rmSync(takeoverDir, { recursive: true, force: true });
  }
}

/** Takes the build lock, waiting for another process's build (up to 15 minutes); whether it waited for one. */
function lock() {
  mkdirSync(out, { recursive: true });
  const until = Date.now() + 15 * 60_000;
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'holder'), me);
      return { waited };
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const seen = readIfThere(join(lockDir, 'holder'));
    if (gone(seen)) {
      takeOver(seen);
      sleep(20);
      continue;
    }
    if (Date.now() > until) {
      console.error(`${app}: another build has held ${relative(root, lockDir)} for 15 minutes; remove it if no build is running`);
      process.exit(1);
    }
    if (!waited && !quiet) console.error(`${app}: waiting for another process's build`);
    waited = true;
    sleep(200);
  }
}

/** Lets the lock go, if it is still this process's (never one taken over from it). */
function release() {
  if (readIfThere(join(lockDir, 'holder')) === me) rmSync(lockDir, { recursive: true, force: true });
}

const found = fingerprintOfSources();
if (current(found.digest)) {
  if (!quiet) console.error(`${app}: built already from these sources (${found.files} files); not rebuilding`);
  process.exit(0);
}

/**
 * Builds under the lock, unless another process built these sources while this one waited, or
 * its build of them has just failed (the same errors again, once per waiting command, would only
 * make them wait longer); the exit code.
 */
function buildLocked() {
  const { waited } = lock();
  try {
    // Read again under the lock: the sources another process built while this one waited.
    const { digest } = fingerprintOfSources();
    if (current(digest)) return 0;
    if (waited && readIfThere(failedFile) === digest) {
      console.error(`${app}: the build of these sources failed just now in another command (its errors are in that command's output); not building them again`);
      return 1;
    }
    console.error(`${app}: building (sources changed since the last build, or never built)`);
    rmSync(stampFile, { force: true });
    rmSync(failedFile, { force: true });
    // The compiler's output goes to stderr: stdout is the command's own (`projections -- status --json`).
    const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app], { cwd: root, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) {
      // A compiler that reported errors, not one stopped by a signal (^C): those sources fail.
      if (build.status !== null) writeFileSync(failedFile, digest);
      return build.status ?? 1;
    }
    writeFileSync(stampFile, digest);
    return 0;
  } finally {
    release();
  }
}
process.exitCode = buildLocked();
