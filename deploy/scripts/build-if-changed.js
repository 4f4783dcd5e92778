#!/usr/bin/env node
/**
 * `npm start`'s pre-step: builds an app (`nest build <app>`) only when its sources changed since
 * the last build, so a warm start answers within seconds instead of compiling every time.
 *
 *   node deploy/scripts/build-if-changed.js platform
 *
 * "Changed" is judged by a fingerprint of every file the build reads (the app's and the
 * libraries' sources, the tsconfig files, nest-cli.json, package-lock.json): path, size and
 * modification time, stored beside the build output once a build succeeds.
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..', '..');
const app = process.argv[2];
if (!app || !/^[a-z-]+$/.test(app) || !existsSync(join(root, 'apps', app))) {
  console.error('Usage: node deploy/scripts/build-if-changed.js <app>   (an app under apps/)');
  process.exit(2);
}

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.(ts|json|njk|html|css|js)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) yield path;
  }
}

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
const digest = fingerprint.digest('hex');
const stampFile = join(root, 'dist', 'apps', app, '.build-fingerprint');
const entry = join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
if (existsSync(entry) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) {
  console.error(`${app}: built already from these sources (${inputs.length} files); not rebuilding`);
  process.exit(0);
}
console.error(`${app}: building (sources changed since the last build, or never built)`);
const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
writeFileSync(stampFile, digest);
