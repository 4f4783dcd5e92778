import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_TYPES_PATH, compileApiTypes, platformOpenApiDocument, withDocumentFile } from '../support/openapi-document';

interface Operation {
  security?: object[];
  requestBody?: object;
  parameters?: { in: string; name: string; schema?: { enum?: string[] } }[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(document: Document): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => [`${m.toUpperCase()} ${path}`, item[m]] as [string, Operation]));
}

/** The OpenAPI document integrators generate clients from (issue 13 item 7): complete, linted and compiled into the checked-in types. */
describe('the OpenAPI document', () => {
  let document: Document;

  beforeAll(async () => {
    document = (await platformOpenApiDocument()) as Document;
  });

  it('gives every operation a success schema with an example', () => {
    const all = operations(document);
    const missing = all.filter(([, op]) => {
      const schemas = Object.entries(op.responses)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([, r]) => Object.values(r.content ?? {}).map((c) => c.schema ?? {}));
      return !schemas.some((s) => (s.type || s.$ref || s.properties) && s.example !== undefined);
    });
    expect(all.length).toBeGreaterThan(80);
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('documents every error as a Problem, with 401 and 429 on every authenticated operation and 413 where there is a body', () => {
    expect(Object.keys(document.components.schemas.Problem.properties ?? {})).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'statusCode', 'error', 'message', 'errors']),
    );
    const wrong: string[] = [];
    for (const [name, op] of operations(document)) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || name === 'GET /health/ready') continue;
        if (response.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem') wrong.push(`${name} ${status}`);
      }
      const needs = [...(op.security?.length ? ['401', '429', '503'] : []), ...(op.requestBody ? ['400', '413'] : [])];
      for (const status of needs) if (!op.responses[status]) wrong.push(`${name} lacks ${status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('names the closed sets: the audit record kind, share states', () => {
    const kind = document.paths['/audit/records/{kind}/{recordId}'].get.parameters?.find((p) => p.name === 'kind');
    expect(kind?.schema?.enum).toEqual(['case', 'poi', 'intel', 'share', 'inbound-share']);
    const state = document.paths['/shares'].get.parameters?.find((p) => p.name === 'state');
    expect(state?.schema?.enum).toContain('revocation-confirmed');
  });

  it('passes redocly lint (recommended rules, redocly.yaml) with no errors', () => {
    const report = withDocumentFile(document, (path) => {
      const cli = join(process.cwd(), 'node_modules', '.bin', 'redocly');
      try {
        return execFileSync(cli, ['lint', path, '--config', join(process.cwd(), 'redocly.yaml'), '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        // Exit 1 on errors: the report is still on stdout.
        return (error as { stdout: string }).stdout;
      }
    });
    const { problems } = JSON.parse(report.slice(report.indexOf('{'))) as { problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
  });

  it('compiles into the checked-in client types (test/support/api-types.ts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-types-'));
    try {
      const fresh = join(dir, 'api-types.ts');
      compileApiTypes(document, fresh);
      const same = readFileSync(fresh, 'utf8') === readFileSync(API_TYPES_PATH, 'utf8');
      if (!same) throw new Error('test/support/api-types.ts is not what the OpenAPI document compiles to: run npm run openapi:types');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
