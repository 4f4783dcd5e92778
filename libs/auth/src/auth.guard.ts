import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { AuthenticatedRequest, IS_PUBLIC } from '@app/common';
import { AuthenticationRefused, TokenVerifier } from './token-verifier';
import { UnauthenticatedRateLimit } from './unauthenticated-rate-limit';

/**
 * Global guard: every route needs `Authorization: Bearer <JWT>` from a trusted issuer, except those
 * marked `@Public()` (health, the development issuer). The verified actor goes on `request.user`,
 * where `@CurrentActor()` takes it. Refused attempts count against the address's own limit, which
 * turns them into 429 once passed.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
    private readonly unauthenticated: UnauthenticatedRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const [scheme, token, ...rest] = (request.header('authorization') ?? '').trim().split(/\s+/);
    try {
      if (!scheme) throw new AuthenticationRefused('Sign in first: send Authorization: Bearer <access token>', 'missing');
      if (scheme.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
        throw new AuthenticationRefused('The Authorization header must be: Bearer <access token>', 'invalid');
      }
      request.user = await this.verifier.verify(token);
      return true;
    } catch (error) {
      if (error instanceof AuthenticationRefused) {
        await this.unauthenticated.refused(request, response);
        // RFC 6750: tell the client which scheme and that the token was not acceptable.
        response.setHeader('WWW-Authenticate', error.reason === 'missing' ? 'Bearer realm="safeguard"' : 'Bearer realm="safeguard", error="invalid_token"');
      }
      throw error;
    }
  }
}
