import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectThrottlerStorage, normalizeIp, ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Counter } from 'prom-client';
import { Metrics } from '@app/common';
import { AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { rateLimitRefusals } from './user-throttler.guard';

const WINDOW_MS = 60_000;

/**
 * Rate limit per address for requests that fail authentication or carry no token (issue 12).
 * The per-user budget cannot see them: the bearer guard refuses them before it runs, so without
 * this an address could try tokens without end. Only refused attempts count, so a valid user
 * behind the same address (a gateway, an office) is never held back by someone else's 401s.
 * The counts live in the throttler's storage, next to the per-user ones.
 */
@Injectable()
export class UnauthenticatedRateLimit {
  private readonly refusals?: Counter<'limit'>;

  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    @Optional() metrics?: Metrics,
  ) {
    this.refusals = metrics && rateLimitRefusals(metrics);
  }

  /** Counts one refused attempt from the request's address; past the limit, throws 429 with Retry-After. */
  async refused(request: Request, response: Response): Promise<void> {
    const limit = this.settings.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE;
    // IPv6 addresses by their /64, as the throttler does: one host owns a whole /64.
    const key = `unauthenticated:${normalizeIp(request.ip ?? 'unknown')}`;
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(key, WINDOW_MS, limit, WINDOW_MS, 'unauthenticated');
    if (!isBlocked) return;
    this.refusals?.inc({ limit: 'unauthenticated' });
    response.setHeader('Retry-After', String(Math.max(1, timeToBlockExpire)));
    throw new ThrottlerException(`Too many requests without a valid token from this address: at most ${limit} a minute; try again shortly`);
  }
}
