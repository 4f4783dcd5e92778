import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { ROLES } from '@app/common';
import { referralBody } from '../support/http';
import { LogWatch, watchLog } from '../support/log-watch';
import { startPlatform, TestPlatform } from '../support/platform-app';

/**
 * Issue 12, "hostile input gets 4xx and nothing is written", driven by the platform's own OpenAPI
 * document so that a new operation is covered without anyone remembering to: every operation ×
 * (malformed JSON, 5,000-deep nesting, 1 MB strings, wrong types, missing required nested objects,
 * unknown fields including `constructor` and `__proto__`, dates without a zone or out of range,
 * huge numbers). Not one answer may be a 5xx, and nothing may be written: reads record who looked
 * (access events), so the check is that no event outside an access stream was appended.
 */

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  example?: unknown;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One hostile request: what it tries, and the body as raw JSON text (so `__proto__` is sent as a key). */
interface Attempt {
  what: string;
  query?: Record<string, string>;
  body?: string;
}

const DEPTH = 5_000;
const MEGABYTE = 'x'.repeat(1024 * 1024);
// Long but under the body limit, so the field's own length rule has to refuse it.
const LONG = 'x'.repeat(100 * 1024);
const DATE_WITHOUT_ZONE = '2026-11-20T09:30:00';
const OUT_OF_RANGE = ['1800-01-01T00:00:00Z', '9999-12-31T10:00:00Z'];
const HUGE_NUMBERS = ['1e308', '-1e308', '99999999999999999999', '1.5'];
const UNKNOWN = ['constructor', '__proto__', 'prototype', 'unexpected'];

// Every role, so that requests get past the role guards to validation.
const everyone = { userId: 'hostile-tester', agencyId: 'bf-csc', roles: [...ROLES] };

function deep(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function deepObject(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Resolves `$ref` and single-member compositions to the schema they name. */
function resolve(document: OpenApi, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(document, document.components?.schemas?.[schema.$ref.split('/').pop()!]);
  const only = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (only && only.length > 0) return resolve(document, only[0]);
  return schema;
}

function isInstantExample(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value);
}

/** A plausible body from the schema's examples, so that each attack below is the one thing wrong with it. */
function sample(document: OpenApi, raw: Schema | undefined, depth = 0): unknown {
  const schema = resolve(document, raw);
  if (schema.example !== undefined && schema.type !== 'object') return schema.example;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (depth > 8) return undefined;
  if (schema.type === 'array') {
    const item = sample(document, schema.items, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (schema.type === 'object' || schema.properties) {
    const value: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const inner = sample(document, property, depth + 1);
      if (inner !== undefined) value[name] = inner;
    }
    return value;
  }
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return false;
  if (schema.type === 'string') {
    if (schema.format === 'uuid') return randomUUID();
    if (schema.format === 'date-time') return new Date(Date.now() - 60_000).toISOString();
    return 'Example text'.slice(0, Math.max(schema.minLength ?? 1, 12));
  }
  return undefined;
}

/** Every field of the body schema, as a path of property names with its resolved schema. */
function fields(document: OpenApi, raw: Schema | undefined, path: string[] = [], depth = 0): Array<{ path: string[]; schema: Schema; required: boolean }> {
  const schema = resolve(document, raw);
  if (depth > 6 || !schema.properties) return [];
  return Object.entries(schema.properties).flatMap(([name, property]) => {
    const inner = resolve(document, property);
    const here = { path: [...path, name], schema: inner, required: (schema.required ?? []).includes(name) };
    return [here, ...fields(document, inner, [...path, name], depth + 1)];
  });
}

/** The body with the value at `path` replaced by the raw JSON `json` (or removed when undefined), as JSON text. */
function withField(body: unknown, path: string[], json: string | undefined): string {
  const copy = JSON.parse(JSON.stringify(body ?? {})) as Record<string, unknown>;
  const marker = `@@hostile-${randomUUID()}@@`;
  let target: Record<string, unknown> = copy;
  for (const step of path.slice(0, -1)) {
    const next = target[step];
    if (next === null || typeof next !== 'object') target[step] = {};
    target = (Array.isArray(target[step]) ? { ...(target[step] as object) } : target[step]) as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (json === undefined) delete target[last];
  // Defined, not assigned: assigning `__proto__` would set the prototype instead of adding the key.
  else Object.defineProperty(target, last, { value: marker, enumerable: true, writable: true, configurable: true });
  return JSON.stringify(copy).replace(JSON.stringify(marker), json ?? '');
}

/** The hostile variants of one operation's request. */
function attempts(document: OpenApi, operation: Operation): Attempt[] {
  const list: Attempt[] = [
    { what: 'malformed JSON', body: '{"a": [1, 2,, }' },
    { what: `${DEPTH}-deep array body`, body: deep(DEPTH) },
    { what: `${DEPTH}-deep object body`, body: deepObject(DEPTH) },
  ];
  for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
    for (const value of ['99999999999999999999', '-1', 'not-a-number', DATE_WITHOUT_ZONE, OUT_OF_RANGE[0]]) {
      list.push({ what: `query ${parameter.name}=${value}`, query: { [parameter.name]: value } });
    }
  }
  // Unknown query parameters are ignored by reads; on a write without query parameters an ignored one
  // would let the write run, so only the names that are refused everywhere are sent to writes.
  for (const name of operation.method === 'get' ? UNKNOWN : UNKNOWN.slice(0, 3)) list.push({ what: `unknown query parameter ${name}`, query: { [name]: '1' } });
  if (!operation.body) return list;

  const body = sample(document, operation.body);
  for (const name of UNKNOWN) {
    list.push({ what: `unknown field ${name}`, body: withField(body, [name], '{"polluted": true}') });
  }
  list.push({ what: 'a body that is a list', body: '[]' });
  list.push({ what: 'a body that is a string', body: '"text"' });
  const texts = fields(document, operation.body).filter((f) => f.schema.type === 'string');
  if (texts.length > 0) list.push({ what: `${texts[0].path.join('.')} 1 MB`, body: withField(body, texts[0].path, JSON.stringify(MEGABYTE)) });
  for (const field of fields(document, operation.body)) {
    const name = field.path.join('.');
    const type = field.schema.type ?? (field.schema.properties ? 'object' : undefined);
    // In each top-level field: deeper ones are refused by the same scan of the raw text.
    if (field.path.length === 1) list.push({ what: `${DEPTH}-deep nesting in ${name}`, body: withField(body, field.path, deepObject(DEPTH)) });
    if (field.required) list.push({ what: `${name} missing`, body: withField(body, field.path, undefined) });
    if (type === 'object') {
      for (const unknown of ['constructor', '__proto__']) list.push({ what: `unknown field ${name}.${unknown}`, body: withField(body, [...field.path, unknown], '1') });
      list.push({ what: `${name} a string`, body: withField(body, field.path, '"text"') });
      list.push({ what: `${name} null`, body: withField(body, field.path, 'null') });
    }
    if (type === 'array') list.push({ what: `${name} an object`, body: withField(body, field.path, '{"0": "a"}') });
    if (type === 'string') {
      list.push({ what: `${name} 100 kB`, body: withField(body, field.path, JSON.stringify(LONG)) });
      list.push({ what: `${name} a number`, body: withField(body, field.path, '12345') });
      list.push({ what: `${name} an object`, body: withField(body, field.path, '{"$gt": ""}') });
    }
    if (type === 'integer' || type === 'number') {
      for (const huge of HUGE_NUMBERS) list.push({ what: `${name}=${huge}`, body: withField(body, field.path, huge) });
      list.push({ what: `${name} a string`, body: withField(body, field.path, '"12"') });
    }
    if (type === 'boolean') list.push({ what: `${name} a string`, body: withField(body, field.path, '"true"') });
    const example = field.schema.example;
    if (type === 'string' && (field.schema.format === 'date-time' || isInstantExample(example))) {
      list.push({ what: `${name} without a time zone`, body: withField(body, field.path, JSON.stringify(DATE_WITHOUT_ZONE)) });
      for (const date of OUT_OF_RANGE) list.push({ what: `${name}=${date}`, body: withField(body, field.path, JSON.stringify(date)) });
    }
    if (type === 'string' && (field.schema.format === 'date' || (typeof example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(example)))) {
      for (const date of ['1800-01-01', '9999-12-31', '2026-02-30']) list.push({ what: `${name}=${date}`, body: withField(body, field.path, JSON.stringify(date)) });
    }
  }
  return list;
}

function operationsOf(document: OpenApi): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const body = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({ method, path, parameters: operation.parameters ?? [], ...(body ? { body } : {}) });
    }
  }
  return operations;
}

describe.each(['sqlite', 'postgres'] as const)('hostile input: 4xx and nothing written, on every operation (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let document: OpenApi;
  let caseId: string;
  /** What requests wrote; reads record who looked (access streams), and nothing else may be written. */
  let log: LogWatch;
  const writesSinceLastCheck = () => log.written((event) => event.streamId.startsWith('access-'));

  beforeAll(async () => {
    platform = await startPlatform(database, { AUTH_DEV_ISSUER: 'true', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '1000000' });
    http = request(platform.app.getHttpServer());
    log = watchLog(platform.store);
    document = (await http.get('/api/docs/openapi.json').expect(200)).body as OpenApi;
    // A case that exists, so that routes on a case get past "not found" to their validation.
    caseId = (await http.post('/referrals').set(bearer({ userId: 'dsl-1', agencyId: 'bf-school', roles: ['referrer'] })).send(referralBody()).expect(201)).body.caseId;
    expect(await writesSinceLastCheck()).toEqual([expect.stringMatching(/^ReferralReceived on case-/)]);
  });

  afterAll(async () => {
    await platform.close();
  });

  /** The fields a 400 names. */
  function named(response: request.Response): string[] {
    return ((response.body.errors ?? []) as Array<{ field: string }>).map((e) => e.field);
  }

  /** Sends the attempt with every role, expecting a 400; answers it after checking that nothing was written. */
  async function refused(method: 'get' | 'post', path: string, body?: string): Promise<request.Response> {
    const sending = http[method](path).set(bearer(everyone));
    const response = body === undefined ? await sending : await sending.set('Content-Type', 'application/json').send(body);
    expect({ path, status: response.status }).toEqual({ path, status: 400 });
    expect(await writesSinceLastCheck()).toEqual([]);
    return response;
  }

  describe('the attacks of the issue, each refused naming the problem', () => {
    it('a body nested 5,000 levels deep, on the unauthenticated dev token route and in a referral field (was a stack overflow 500)', async () => {
      const token = await refused('post', '/auth/dev/token', `{"username": ${deepObject(DEPTH)}}`);
      expect(token.body.message).toMatch(/nests deeper than 32 levels/);
      const referral = await refused('post', '/referrals', withField(referralBody(), ['child', 'lastName'], deep(DEPTH)));
      expect(referral.body.message).toMatch(/nests deeper than 32 levels/);
    });

    it('a field named constructor, __proto__ or prototype, like any unknown field (constructor was accepted)', async () => {
      for (const name of ['constructor', '__proto__', 'prototype']) {
        expect(named(await refused('post', '/referrals', withField(referralBody(), [name], '{}')))).toEqual([name]);
        expect(named(await refused('post', '/referrals', withField(referralBody(), ['child', name], '1')))).toEqual([`child.${name}`]);
        expect(named(await refused('get', `/cases?${name}=1`))).toEqual([`query ${name}`]);
      }
    });

    it('offset=99999999999999999999 on each of the 8 paged lists (was a 500; offset is now refused: they page with after)', async () => {
      // The lists paged with an `after` cursor of their own (the police feed pages by log position).
      const lists = operationsOf(document).filter((o) => o.method === 'get' && o.path !== '/police-feed' && o.parameters.some((p) => p.in === 'query' && p.name === 'after'));
      expect(lists.map((o) => o.path).sort()).toEqual(['/analysis/reports', '/cases', '/inbound-shares', '/intelligence', '/semrac/actions', '/shares', '/sharing/refused-messages', '/sharing/register']);
      for (const list of lists) {
        expect(named(await refused('get', `${list.path}?offset=99999999999999999999`))).toEqual(['query offset']);
        // A cursor that is not one the list gave: not base64url, not JSON, JSON of the wrong shape, a prototype key, overlong.
        for (const after of ['%00%ff', '99999999999999999999', Buffer.from('{"a":').toString('base64url'), Buffer.from('{"__proto__":{"x":1}}').toString('base64url'), 'A'.repeat(501)]) {
          expect(named(await refused('get', `${list.path}?after=${after}`))).toEqual(['query after']);
        }
      }
    });

    it('required nested objects missing: a referral without child, a consistency proof of {} (was a 500)', async () => {
      const { child: _child, ...withoutChild } = referralBody();
      expect(named(await refused('post', '/referrals', JSON.stringify(withoutChild)))).toContain('child');
      expect(named(await refused('post', '/audit/checkpoints/consistency', '{}'))).toContain('from');
    });

    it('a timestamp without a time zone, or out of range (a referral, last seen in 1800, a meeting on 9999-12-31)', async () => {
      expect(named(await refused('post', '/referrals', JSON.stringify(referralBody('bf-school', { referredAt: DATE_WITHOUT_ZONE }))))).toEqual(['referredAt']);
      const episode = { missingFrom: 'care-placement', lastSeenAt: '1800-01-01T21:00:00Z', policeCategory: 'missing', riskLevel: 'medium' };
      expect(named(await refused('post', `/cases/${caseId}/missing-episodes`, JSON.stringify(episode)))).toContain('lastSeenAt');
      const coChairs = [
        { agencyId: 'bf-csc', agencyName: "Children's Social Care", agencyKind: 'children-social-care', name: 'Chris Chair', role: 'Head of safeguarding' },
        { agencyId: 'tvp', agencyName: 'Thames Valley Police', agencyKind: 'police', name: 'DI Pat Chair', role: 'Detective inspector' },
      ];
      for (const scheduledFor of ['9999-12-31T10:00:00Z', '2027-01-14T10:00:00']) {
        expect(named(await refused('post', '/semrac/meetings', JSON.stringify({ scheduledFor, venue: 'Room 2', coChairs })))).toEqual(['scheduledFor']);
      }
      expect(named(await refused('get', `/audit/records/case/${caseId}?asOf=${DATE_WITHOUT_ZONE}`))).toEqual(['query asOf']);
    });
  });

  it('covers every operation of the OpenAPI document, the unauthenticated ones included', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual(expect.arrayContaining(['POST /auth/dev/token', 'POST /referrals', 'POST /audit/checkpoints/consistency']));
  });

  it('answers every hostile request with a 4xx, and writes nothing', async () => {
    const failures: string[] = [];
    const token = bearer(everyone);
    let sent = 0;
    for (const operation of operationsOf(document)) {
      const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'caseId' ? caseId : name === 'name' ? 'case-view' : randomUUID()));
      for (const attempt of attempts(document, operation)) {
        const query = new URLSearchParams(attempt.query ?? {}).toString();
        const sending = http[operation.method](`${path}${query ? `?${query}` : ''}`).set(token);
        const response = attempt.body === undefined ? await sending : await sending.set('Content-Type', 'application/json').send(attempt.body);
        sent++;
        const label = `${operation.method.toUpperCase()} ${operation.path} with ${attempt.what}`;
        if (response.status >= 500) failures.push(`${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        else if (attempt.body !== undefined && operation.method !== 'get' && response.status < 400) failures.push(`${label}: accepted (${response.status})`);
        const written = await writesSinceLastCheck();
        if (written.length > 0) failures.push(`${label}: wrote ${written.join(', ')}`);
      }
    }
    process.stdout.write(`${database}: ${sent} hostile requests\n`);
    expect(sent).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    // Longer than the default: on code that fails each attack slowly (stack overflows), the list of failures is still reported.
  }, 180_000);
});
