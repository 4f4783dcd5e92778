import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { Role, isRole } from '../domain/roles';

export interface Actor {
  userId: string;
  agencyId: string;
  /** The roles the user acts in; none when the token states none. */
  roles?: Role[];
}

/** A request whose bearer token the auth guard (libs/auth) has verified. */
export type AuthenticatedRequest = Request & { user?: Actor };

/**
 * Who is acting: every command records it in its events' metadata. It comes only from the bearer
 * token that the global auth guard (libs/auth) verified, never from anything else the caller sends.
 */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  // Only reachable when an app forgot to import AuthModule: refuse rather than act for nobody.
  if (!actor) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'Sign in first: send Authorization: Bearer <access token>' });
  return actor;
});

/**
 * The roles in a token's roles claim: an array, or a string separated by commas or spaces. Each role
 * once; undefined when any is not a known role (the caller refuses the token).
 */
export function parseRoles(claim: unknown): Role[] | undefined {
  if (claim === undefined || claim === null) return [];
  const names = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[,\s]+/) : undefined;
  if (!names || !names.every((n) => typeof n === 'string')) return undefined;
  const trimmed = (names as string[]).map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  return trimmed.every(isRole) ? [...new Set(trimmed)] : undefined;
}
