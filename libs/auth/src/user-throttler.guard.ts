import { ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { Counter } from 'prom-client';
import { Metrics, type AuthenticatedRequest } from '@app/common';

/**
 * Never limited: probes (/health), Prometheus's scrapes (/metrics), and the console's static styles,
 * scripts and fonts (/assets: files, cached by browsers), by path, whichever controller serves them.
 */
const UNLIMITED_PATHS = /^\/(health|metrics|assets)(\/|$)/;

/** `safeguard_rate_limit_refusals_total`: 429s, by which limit refused them (`per-user`, `unauthenticated`). */
export function rateLimitRefusals(metrics: Metrics): Counter<'limit'> {
  return metrics.counter({ name: 'safeguard_rate_limit_refusals_total', help: 'Requests refused with 429, by the limit that refused them', labelNames: ['limit'] });
}

/**
 * Rate limit per user (issue 6, hardening): the verified user when there is one, so people behind
 * one gateway do not share a budget; otherwise the client's address (public routes).
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  private readonly refusals?: Counter<'limit'>;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Optional() metrics?: Metrics,
  ) {
    super(options, storage, reflector);
    this.refusals = metrics && rateLimitRefusals(metrics);
  }

  /**
   * Health is never limited (issue 12): a load balancer or orchestrator probing from one address
   * must not be told 429 and take a healthy instance out; nor is Prometheus scraping /metrics. By
   * path, so every such route (live, ready, any added later) is covered whichever controller serves it.
   */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const { path } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return UNLIMITED_PATHS.test(path ?? '');
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { user, ip } = request as unknown as AuthenticatedRequest;
    if (user) return `user:${user.agencyId}/${user.userId}`;
    // A console page: its signed-in user (the console's session), so that the people of one office
    // behind one address do not share a budget. The API calls the page makes count as the user's own.
    const signedIn = (request as { session?: { user?: { userId?: unknown; agencyId?: unknown } } }).session?.user;
    if (typeof signedIn?.userId === 'string' && typeof signedIn.agencyId === 'string') return `console:${signedIn.agencyId}/${signedIn.userId}`;
    return `ip:${ip ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.refusals?.inc({ limit: 'per-user' });
    return super.throwThrottlingException(context, detail);
  }
}
