import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { startPlatform } from './platform-app';

/** The checked-in client types (`npm run openapi:types` writes them). */
export const API_TYPES_PATH = join(__dirname, 'api-types.ts');

/** The OpenAPI document the platform serves at /api/docs-json (the embedded app on scratch SQLite files). */
export async function platformOpenApiDocument(): Promise<Record<string, unknown>> {
  const platform = await startPlatform('sqlite');
  try {
    return (await request(platform.app.getHttpServer()).get('/api/docs-json').expect(200)).body;
  } finally {
    await platform.close();
  }
}

/** Runs `work(path)` with the document written to a scratch file, removed afterwards. */
export function withDocumentFile<T>(document: unknown, work: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const path = join(dir, 'openapi.json');
    writeFileSync(path, JSON.stringify(document, null, 2));
    return work(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiles the document into TypeScript types at `out` with openapi-typescript's command line, as an integrator would. */
export function compileApiTypes(document: unknown, out: string): void {
  withDocumentFile(document, (input) => {
    // Its exports map sends `bin/cli.js` to a .mjs that is not there: found from its package.json instead.
    const cli = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');
    execFileSync(process.execPath, [cli, input, '--output', out], { stdio: 'pipe' });
  });
}
