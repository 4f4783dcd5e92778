import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nodeFlagsOf, productionNodeFlags } from '../../bench/production-node';

/**
 * The platform's Node.js flags are given in two places, `npm start` and the image's NODE_OPTIONS
 * (which every service of docker-compose.yml runs): they must agree, and the benches start their
 * platform processes with the same (bench/production-node.ts).
 */
const ROOT = resolve(__dirname, '../..');

describe('Node.js flags of the platform', () => {
  it('are the same for `npm start` and every process of the image (NODE_OPTIONS in deploy/Dockerfile)', () => {
    const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const options = /^ENV NODE_OPTIONS=(?:"([^"]*)"|(\S+))$/m.exec(runtime);
    expect(options).not.toBeNull();
    const imageFlags = (options![1] ?? options![2]).split(/\s+/);
    expect(imageFlags).toEqual(productionNodeFlags());
    // The young generation's size, the one flag given today (see the Dockerfile's comment).
    expect(productionNodeFlags()).toContain('--max-semi-space-size=64');
  });

  it('are read from a node command line up to its script', () => {
    expect(nodeFlagsOf('node --max-semi-space-size=64 --enable-source-maps dist/main.js --port 1')).toEqual(['--max-semi-space-size=64', '--enable-source-maps']);
    expect(nodeFlagsOf('node dist/main.js')).toEqual([]);
    expect(() => nodeFlagsOf('ts-node main.ts')).toThrow(/Not a node command line/);
  });
});
