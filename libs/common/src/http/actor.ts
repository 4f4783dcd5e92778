import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ROLES, Role, isRole } from '../domain/roles';

export interface Actor {
  userId: string;
  agencyId: string;
  /** The roles the user acts in; none when not stated. */
  roles?: Role[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/**
 * Who is acting: every command records it in its events' metadata. Until identity lands
 * (bearer JWTs, issue 6) the caller states it in `X-User-Id`, `X-Agency-Id` and `X-Roles`
 * (comma-separated, from DOMAIN.md's list; absent means no roles), which the platform must only
 * accept behind a trusted gateway; the auth library will replace this decorator's source without
 * changing its callers.
 */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request>();
  const userId = request.header('x-user-id');
  const agencyId = request.header('x-agency-id');
  const roles = parseRoles(request.header('x-roles'));
  const errors = [
    ...(userId && ID.test(userId) ? [] : [{ field: 'header X-User-Id', problems: ['is required: 1-100 letters, digits or ._:@-'] }]),
    ...(agencyId && ID.test(agencyId) ? [] : [{ field: 'header X-Agency-Id', problems: ['is required: 1-100 letters, digits or ._:@-'] }]),
    ...(roles ? [] : [{ field: 'header X-Roles', problems: [`must be a comma-separated list of roles, each one of ${ROLES.join(', ')}`] }]),
  ];
  if (errors.length > 0) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'The request is not valid: see errors', errors });
  }
  return { userId: userId!, agencyId: agencyId!, roles: roles! };
});

/** The roles in an `X-Roles` header, each once; undefined when any is not a known role. */
export function parseRoles(header: string | undefined): Role[] | undefined {
  if (header === undefined || header.trim() === '') return [];
  const names = header.split(',').map((name) => name.trim().toLowerCase());
  return names.every(isRole) ? [...new Set(names)] : undefined;
}
