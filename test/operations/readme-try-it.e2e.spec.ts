import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlatform, TestPlatform } from '../support/platform-app';

/** The README's "Try it" block, as a reader would paste it. */
function tryItBlock(): string {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Try it'));
  const block = /```bash\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md has no bash block under "## Try it"');
  return block[1];
}

/**
 * Issue 13 item 8: the README's "Try it" block runs when pasted. It is run here, unchanged, by
 * bash against the platform with the development issuer on (as `npm start` has it), on a port of
 * its own given as API. Every curl but the refused one fails the block on a non-2xx answer.
 */
describe("the README's Try it block", () => {
  let platform: TestPlatform;
  let api: string;

  beforeAll(async () => {
    platform = await startPlatform('sqlite', { AUTH_DEV_ISSUER: 'true' });
    await platform.app.listen(0, '127.0.0.1');
    api = (await platform.app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(() => platform.close());

  it('runs when pasted: tokens, a referral, the case read back, the police refused then breaking the glass', async () => {
    const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      // -e: the first command that fails stops the block, as a reader would notice.
      const bash = spawn('bash', ['-e', '-o', 'pipefail', '-c', tryItBlock()], { env: { ...process.env, API: api } });
      let out = '';
      let err = '';
      bash.stdout.on('data', (d) => (out += d));
      bash.stderr.on('data', (d) => (err += d));
      bash.on('close', (code) => resolve({ code, out, err }));
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    const referral = JSON.parse(lines.find((l) => l.startsWith('{"referralId"'))!);
    expect(referral).toMatchObject({ created: true, caseId: expect.any(String), position: expect.any(String) });
    // The case read back with consistentWith, then the police refused, then answered through break-glass.
    expect(lines.filter((l) => l.includes(`"caseId":"${referral.caseId}"`))).toHaveLength(3);
    expect(run.out).toContain('police without a reason: 403');
  });
});
