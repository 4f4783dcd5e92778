import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProjectionsService } from '@app/event-store';
import { Metrics, cachedFor } from './metrics';

/** Events behind counted at most per projection and scrape (a count is a scan of the log). */
export const LAG_COUNT_LIMIT_PER_SCRAPE = 10_000;
/** Lag is computed at most once a second, however many scrape it. */
const LAG_CACHE_MS = 1000;

/** A projection's failure as last seen: which episode (since when) and how many attempts. */
export interface FailureSeen {
  since: string;
  attempts: number;
}

/**
 * How many failed attempts to count since the failure last seen: a runner reports its current
 * failure episode (since, attempts so far), so the counter grows by the attempts not yet counted.
 */
export function newFailedAttempts(previous: FailureSeen | undefined, current: FailureSeen | undefined): number {
  if (!current) return 0;
  if (previous && previous.since === current.since) return Math.max(0, current.attempts - previous.attempts);
  return current.attempts;
}

/**
 * Per projection held in this process, computed at scrape time: events of its types behind the head
 * of the log, seconds since the oldest of them was recorded, failing (0/1) and failed attempts.
 */
@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  private readonly seen = new Map<string, FailureSeen | undefined>();

  constructor(
    private readonly metrics: Metrics,
    private readonly projections: ProjectionsService,
  ) {}

  onModuleInit(): void {
    const lag = cachedFor(LAG_CACHE_MS, () => this.projections.lagOfHeld(LAG_COUNT_LIMIT_PER_SCRAPE));
    const labelNames = ['projection'] as const;
    this.metrics.gauge({
      name: 'safeguard_projection_events_behind',
      help: `Events of the projection's types in the log after its position (counted up to ${LAG_COUNT_LIMIT_PER_SCRAPE})`,
      labelNames,
      async collect() {
        this.reset();
        for (const p of await lag()) this.set({ projection: p.name }, p.behind);
      },
    });
    this.metrics.gauge({
      name: 'safeguard_projection_seconds_behind',
      help: 'Seconds since the oldest event the projection has not applied was recorded (0 when caught up)',
      labelNames,
      async collect() {
        this.reset();
        const now = Date.now();
        for (const p of await lag()) this.set({ projection: p.name }, p.oldestRecordedAt ? Math.max(0, (now - Date.parse(p.oldestRecordedAt)) / 1000) : 0);
      },
    });
    const projections = this.projections;
    const running = () => projections.status().filter((p) => p.running);
    this.metrics.gauge({
      name: 'safeguard_projection_failing',
      help: 'Whether the projection is stuck on an event it cannot apply (1) or not (0)',
      labelNames,
      collect() {
        this.reset();
        for (const p of running()) this.set({ projection: p.name }, p.failing ? 1 : 0);
      },
    });
    const seen = this.seen;
    this.metrics.counter({
      name: 'safeguard_projection_failures_total',
      help: 'Failed attempts to apply a batch of events, per projection',
      labelNames,
      collect() {
        for (const p of running()) {
          const current = p.failure ? { since: p.failure.since, attempts: p.failure.attempts } : undefined;
          this.inc({ projection: p.name }, newFailedAttempts(seen.get(p.name), current));
          seen.set(p.name, current);
        }
      },
    });
  }
}
