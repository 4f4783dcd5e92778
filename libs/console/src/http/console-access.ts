import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UseFilters, UseGuards, applyDecorators } from '@nestjs/common';
import { Controller } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, Role } from '@app/common';
import { ConsoleRequest } from '../session/console-session';
import { SignInRequired } from './console-api';
import { ConsoleErrorFilter } from './console-error.filter';

/** Who may open a console page: anyone (the sign-in pages), anyone signed in, or users with one of these roles. */
export type ConsoleAccess = 'anyone' | 'signed-in' | readonly Role[];
export const CONSOLE_ACCESS = 'safeguard:console-access';

/** Declares who may open a console route. A console route without it is refused, and stops the app at boot. */
export const ConsolePage = (access: ConsoleAccess) => SetMetadata(CONSOLE_ACCESS, access);

const CONSOLE_CONTROLLER = 'safeguard:console-controller';

/**
 * A controller of console pages: signed in by the console's session (not a bearer token, so the
 * API's guard lets it through as public), checked by the page's declared access, errors shown as
 * pages, and left out of the API's OpenAPI document.
 */
export const ConsoleController = (path: string) =>
  applyDecorators(
    Controller(path),
    SetMetadata(CONSOLE_CONTROLLER, true),
    Public(),
    ApiExcludeController(),
    UseGuards(ConsoleAccessGuard),
    UseFilters(ConsoleErrorFilter),
  );

/** 403 for a signed-in user whose roles the page does not name. */
export class ConsolePageRefused extends ForbiddenException {}

@Injectable()
export class ConsoleAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.get<ConsoleAccess | undefined>(CONSOLE_ACCESS, context.getHandler());
    // Fail closed: a page that declares nobody is refused to everybody (and the app does not boot).
    if (access === undefined) throw new ConsolePageRefused('No access rule is declared for this page');
    if (access === 'anyone') return true;
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const user = request.session?.user;
    if (!user || !request.session.accessToken || (request.session.accessTokenExpires ?? 0) <= Date.now()) throw new SignInRequired();
    if (access === 'signed-in') return true;
    if (!access.some((role) => user.roles.includes(role))) throw new ConsolePageRefused('Your roles do not include this page');
    return true;
  }
}

/** Every route of every console controller declares its access, or the app stops at boot naming them. */
export function assertEveryConsolePageHasAccess(modules: ModulesContainer): void {
  const missing: string[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type || !Reflect.getMetadata(CONSOLE_CONTROLLER, type)) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(CONSOLE_ACCESS, handler) === undefined) missing.push(`${type.name}.${name} (${Reflect.getMetadata(PATH_METADATA, handler)})`);
      }
    }
  }
  if (missing.length > 0) throw new Error(`Console pages without a declared access rule (@ConsolePage): ${missing.join(', ')}`);
}
