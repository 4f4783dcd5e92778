import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { IS_PUBLIC, ROLES, Role, WriteRule, rolesOf, streamDefinitions } from '@app/common';
import { startPlatform, TestPlatform } from '../support/platform-app';
import { watchLog } from '../support/log-watch';

/**
 * Issue 11: one role × command matrix over every write route of the OpenAPI document. Each route
 * declares its rule (`x-command`, a stream's command, or `x-access-roles`); every role, and a token
 * without roles, is sent to it: those the rule does not name get 403 and nothing is written; those
 * it names get past the role check (an empty body or an unknown record then answers 400, 404, 409
 * or 422). A route added without a rule fails here (and stops the app at boot).
 */

type Method = 'post' | 'put' | 'patch' | 'delete';
const WRITE_METHODS: readonly Method[] = ['post', 'put', 'patch', 'delete'];

interface Parameter {
  name: string;
  in: string;
  schema?: { enum?: string[]; type?: string };
}
interface Operation {
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  'x-command'?: string;
  'x-access-roles'?: string[];
}
interface WriteOperation {
  method: Method;
  path: string;
  operation: Operation;
}

const label = (op: { method: string; path: string }) => `${op.method.toUpperCase()} ${op.path}`;

/** The rule an operation declares, as the guard reads it. */
function ruleOf(operation: Operation): WriteRule | undefined {
  const command = operation['x-command'];
  if (command !== undefined) {
    const [stream, name] = command.split('/');
    return { stream, command: name };
  }
  const roles = operation['x-access-roles'];
  return roles !== undefined ? { roles: roles as Role[], what: 'declared on the route' } : undefined;
}

/** The path with each parameter filled: a value of its enum, or a fresh UUID (no such record). */
function filled({ path, operation }: WriteOperation): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
    return encodeURIComponent(parameter?.schema?.enum?.[0] ?? randomUUID());
  });
}

/** A plausible agency for each role: the police for intelligence officers, the board for oversight roles. */
function agencyFor(role: Role | undefined): string {
  if (role === 'intelligence-officer') return 'thames-valley-police';
  if (role === 'auditor' || role === 'analyst' || role === 'admin') return 'bf-board';
  return 'bf-csc';
}

/** Every role alone, and a token that names none. */
const TOKENS: readonly { name: string; role?: Role }[] = [...ROLES.map((role) => ({ name: role, role })), { name: 'no roles' }];

describe('who may make each write: the role × command matrix (sqlite)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let writes: WriteOperation[];

  beforeAll(async () => {
    platform = await startPlatform('sqlite');
    http = request(platform.app.getHttpServer());
    const document = (await http.get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, Partial<Record<Method, Operation>>> };
    writes = Object.entries(document.paths).flatMap(([path, item]) =>
      WRITE_METHODS.flatMap((method) => {
        const operation = item[method];
        // Only what needs a token: the public routes (the development issuer) change no record.
        return operation && operation.security?.some((s) => 'bearer' in s) ? [{ method, path, operation }] : [];
      }),
    );
  });

  afterAll(async () => {
    await platform.close();
  });

  it('lists every write route of the app in the OpenAPI document, so the matrix misses none', () => {
    const routes: string[] = [];
    for (const module of platform.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
        if (!type?.prototype || Reflect.getMetadata(IS_PUBLIC, type) === true) continue;
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name] as unknown;
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(IS_PUBLIC, handler) === true) continue;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (method === undefined || ![RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE].includes(method)) continue;
          const path = `/${Reflect.getMetadata(PATH_METADATA, type) ?? ''}/${Reflect.getMetadata(PATH_METADATA, handler) ?? ''}`;
          const openApiPath = path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
          routes.push(`${RequestMethod[method]} ${openApiPath}`);
        }
      }
    }
    expect(routes.length).toBeGreaterThan(0);
    expect(writes.map(label).sort()).toEqual(routes.sort());
  });

  it('declares on every write operation the command it issues or the roles that may make it', () => {
    const undeclared = writes.filter(({ operation }) => operation['x-command'] === undefined && operation['x-access-roles'] === undefined).map(label);
    expect(undeclared).toEqual([]);
    // An x-command names a command that a declared stream kind has a rule for.
    const unknown = writes.filter(({ operation }) => {
      const rule = ruleOf(operation);
      if (!rule || !('stream' in rule)) return false;
      const definition = streamDefinitions().find((d) => d.kind === rule.stream);
      return !definition || !(rule.command in definition.commands) || rolesOf(rule) === undefined;
    });
    expect(unknown.map((op) => `${label(op)} (${op.operation['x-command']})`)).toEqual([]);
  });

  it('lets no auditor, analyst or token without roles through any command', () => {
    const open = writes.flatMap((op) => {
      const rule = ruleOf(op.operation);
      if (!rule || !('stream' in rule)) return [];
      const roles = rolesOf(rule) ?? [];
      return roles.filter((role) => role === 'auditor' || role === 'analyst').map((role) => `${label(op)} lets ${role}s in`);
    });
    expect(open).toEqual([]);
    // Nor any declared command, routed or not (a process manager's, a consumer's).
    const declared = streamDefinitions().flatMap((definition) =>
      Object.entries(definition.commands as Record<string, { roles: readonly Role[] }>)
        .filter(([, rule]) => rule.roles.some((role) => role === 'auditor' || role === 'analyst' || role === 'board'))
        .map(([command]) => `${definition.kind}/${command}`),
    );
    expect(declared).toEqual([]);
  });

  it('lets admins make only erasures, retention reviews and their agency’s training records', () => {
    const forAdmins = writes.filter((op) => {
      const rule = ruleOf(op.operation);
      return rule !== undefined && (rolesOf(rule) ?? []).includes('admin');
    });
    expect(forAdmins.map(label).filter((route) => !/\/(erasure|retention|training)(\/|$)/.test(route))).toEqual([]);
  });

  it('refuses every role a route’s rule does not name (403, nothing written), and lets every role it names past the role check', async () => {
    const wrong: string[] = [];
    let user = 0;
    const log = watchLog(platform.store);
    await log.mark();
    for (const op of writes) {
      const rule = ruleOf(op.operation);
      const allowed = (rule && rolesOf(rule)) ?? [];
      for (const token of TOKENS) {
        const may = token.role !== undefined && allowed.includes(token.role);
        // A user of their own for every request: the rate limit counts per user.
        const headers = bearer({ userId: `matrix-${user++}`, agencyId: agencyFor(token.role), roles: token.role ? [token.role] : [] });
        const response = await http[op.method](filled(op)).set(headers).send({});
        const written = await log.written();
        if (!may && response.status !== 403) wrong.push(`${label(op)} as ${token.name}: ${response.status}, expected 403`);
        if (!may && written.length > 0) wrong.push(`${label(op)} as ${token.name}: refused, yet written: ${written.join(', ')}`);
        if (may && (response.status === 401 || response.status === 403 || response.status >= 500)) {
          wrong.push(`${label(op)} as ${token.name}: ${response.status} (${String(response.body?.message ?? '')}), expected past the role check`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
