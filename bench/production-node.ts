import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node.js flags the platform runs with in production, as `npm start` gives them (package.json)
 * and the image sets them (NODE_OPTIONS in deploy/Dockerfile; test/deploy/node-flags.unit.spec.ts
 * keeps the two the same). The benches start their platform processes with them, so that they
 * measure what is deployed.
 */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return nodeFlagsOf(pkg.scripts.start);
}

/** The flags of a `node --flag ... script.js` command line: the words between `node` and the script. */
export function nodeFlagsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`Not a node command line: ${command}`);
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}
