import { CanActivate, ExecutionContext, ForbiddenException, INestApplication, Injectable, RequestMethod, SetMetadata, applyDecorators } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';
import { streamDefinitionOf } from '../application/streams/stream-definition';
import { Role } from '../domain/roles';
import { AuthenticatedRequest } from './actor';
import { IS_PUBLIC } from './public';

/** What a write route does, declared on it: a command of a stream kind, or another write with its own roles. */
export type WriteRule = { stream: string; command: string } | { roles: readonly Role[]; what: string };
export const WRITE_RULE = 'safeguard:write-rule';

/**
 * Declares the command a write route issues (`@Writes('case', 'SetFlag')`): the route is refused
 * (403, before its body is read) to anyone the command's rule does not name, and the OpenAPI
 * document carries `x-command` so the access matrix test can walk every route.
 */
export const Writes = (stream: string, command: string) =>
  applyDecorators(
    SetMetadata(WRITE_RULE, { stream, command } satisfies WriteRule),
    ApiExtension('x-command', `${stream}/${command}`),
    ApiForbiddenResponse({ description: 'Your roles, or your agency’s part in the record, do not allow this change; nothing was written' }),
  );

/** Declares a write that is no stream command (an audit checkpoint, an erasure, a retention review): who may make it. */
export const WritesAs = (roles: readonly Role[], what: string) =>
  applyDecorators(
    SetMetadata(WRITE_RULE, { roles, what } satisfies WriteRule),
    ApiExtension('x-access-roles', [...roles]),
    ApiForbiddenResponse({ description: `Only ${rolesPhrase(roles)} may ${what}; nothing was written` }),
  );

/** The roles a route's rule lets in; undefined when the rule names nothing declared (refused). */
export function rolesOf(rule: WriteRule): readonly Role[] | undefined {
  if ('roles' in rule) return rule.roles;
  const definition = streamDefinitionOf(rule.stream);
  const commandRule = (definition?.commands as Record<string, { roles: readonly Role[] } | undefined> | undefined)?.[rule.command];
  return commandRule?.roles;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard, after authentication: a route that writes must declare its rule, and the user must
 * hold one of its roles. Fails closed: no rule, or a rule naming nothing declared, is refused. The
 * record's own rule (the agencies on a case, ...) is the write path's, once the stream is read.
 */
@Injectable()
export class WriteRuleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (READS.has(request.method)) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const rule = this.reflector.get<WriteRule | undefined>(WRITE_RULE, context.getHandler());
    const roles = rule && rolesOf(rule);
    if (!rule || !roles) throw refused('No access rule is declared for this route; nothing was written');
    if (!roles.some((role) => request.user?.roles?.includes(role))) {
      const what = 'what' in rule ? rule.what : describe(rule.command);
      throw refused(`Only ${rolesPhrase(roles)} may ${what}; nothing was written`);
    }
    return true;
  }
}

/** "a user with the role X" / "a user with one of the roles X, Y". */
export function rolesPhrase(roles: readonly string[]): string {
  return roles.length === 1 ? `a user with the role ${roles[0]}` : `a user with one of the roles ${roles.join(', ')}`;
}

function refused(message: string): ForbiddenException {
  return new ForbiddenException({ statusCode: 403, error: 'forbidden', message });
}

function describe(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Stops the app at boot when a write route has no rule, or names a stream command that is not
 * declared: every change must be covered before the first request, never discovered by a user.
 */
export function assertEveryWriteRouteHasARule(app: INestApplication): void {
  const missing: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!type?.prototype) continue;
      const classPublic = Reflect.getMetadata(IS_PUBLIC, type) === true;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (name === 'constructor') continue;
        const handler = type.prototype[name] as unknown;
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || [RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS].includes(method)) continue;
        if (classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true) continue;
        const rule = Reflect.getMetadata(WRITE_RULE, handler) as WriteRule | undefined;
        if (!rule || !rolesOf(rule)) {
          const path = `${Reflect.getMetadata(PATH_METADATA, type) ?? ''}/${Reflect.getMetadata(PATH_METADATA, handler) ?? ''}`;
          missing.push(`${RequestMethod[method]} /${path.replace(/\/+/g, '/').replace(/^\/|\/$/g, '')} (${type.name}.${name})${rule ? ': names no declared command' : ''}`);
        }
      }
    }
  }
  if (missing.length > 0) throw new Error(`Write routes without a declared access rule: ${missing.join('; ')}`);
}
