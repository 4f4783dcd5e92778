import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '@app/common';

/**
 * Rate limit per user (issue 6, hardening): the verified user when there is one, so people behind
 * one gateway do not share a budget; otherwise the client's address (public routes).
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { user, ip } = request as unknown as AuthenticatedRequest;
    return user ? `user:${user.agencyId}/${user.userId}` : `ip:${ip ?? 'unknown'}`;
  }
}
