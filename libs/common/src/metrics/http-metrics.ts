import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { LATENCY_BUCKETS, Metrics } from './metrics';

/** The route label of a request that matched no route (404s, refusals before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route a request matched, as its template (`/cases/:caseId`), never the URL: ids, and the
 * personal data a query string can hold, must not reach a label (and each would be a new series).
 */
export function routeLabel(request: { baseUrl?: string; route?: { path?: unknown } }): string {
  const path = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` || '/' : UNMATCHED_ROUTE;
}

const COUNTED = Symbol('counted by HttpMetricsMiddleware');

/** The status label of a request whose connection closed before its answer was sent. */
export const ABORTED_STATUS = 'aborted';

/**
 * Counts and times every HTTP request by method, route template and status, once its answer is
 * sent; one whose connection closes first counts under the status `aborted`. Mounted before the
 * body parsers where the app is configured by configureHttpApp (so a 413, or a body cut off, counts
 * too, as `unmatched` where no route was reached), and per route by MetricsModule for the others.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly requests;
  private readonly duration;

  constructor(metrics: Metrics) {
    const labelNames = ['method', 'route', 'status'] as const;
    this.requests = metrics.counter({ name: 'safeguard_http_requests_total', help: 'HTTP requests answered (or aborted: the connection closed first), by method, route template and status', labelNames });
    this.duration = metrics.histogram({
      name: 'safeguard_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (or until its connection closed), by method, route template and status',
      labelNames,
      buckets: LATENCY_BUCKETS,
    });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    // Mounted before the body parsers (useHttpMetrics) and again per route: counted once.
    const marked = request as Request & { [COUNTED]?: true };
    if (marked[COUNTED]) return next();
    marked[COUNTED] = true;
    const started = process.hrtime.bigint();
    let counted = false;
    const count = (status: string) => {
      if (counted) return;
      counted = true;
      const labels = { method: request.method, route: routeLabel(request), status };
      this.requests.inc(labels);
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    response.once('finish', () => count(String(response.statusCode)));
    // After 'finish' when answered; alone when the connection went first.
    response.once('close', () => count(ABORTED_STATUS));
    next();
  }
}
