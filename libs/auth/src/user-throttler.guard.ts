import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '@app/common';

/**
 * Rate limit per user (issue 6, hardening): the verified user when there is one, so people behind
 * one gateway do not share a budget; otherwise the client's address (public routes).
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  /**
   * Health is never limited (issue 12): a load balancer or orchestrator probing from one address
   * must not be told 429 and take a healthy instance out. By path, so every health route (live,
   * ready, any added later) is covered whichever controller serves it.
   */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const { path } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return /^\/health(\/|$)/.test(path ?? '');
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { user, ip } = request as unknown as AuthenticatedRequest;
    return user ? `user:${user.agencyId}/${user.userId}` : `ip:${ip ?? 'unknown'}`;
  }
}
