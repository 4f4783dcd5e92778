import { Controller, Get, Inject, Module, Res } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore, ProjectionsService } from '@app/event-store';
import { Public } from './public';
import { MetricsModule } from '../metrics/metrics.module';
import { ProjectionMetrics } from '../metrics/projection-metrics';

/**
 * A provider whose state shows on GET /health under `healthKey` (e.g. messaging: the outbox
 * relay's pending count and last error). Mark it with `@ReportsHealth()`. No personal data.
 */
export interface HealthReporter {
  readonly healthKey: string;
  healthReport(): Promise<{ failing: boolean }>;
}

export const ReportsHealth = DiscoveryService.createDecorator<void>();

/** One dependency's state in GET /health/ready, in the @nestjs/terminus shape. No personal data. */
export interface HealthIndicatorResult {
  status: 'up' | 'down';
  [detail: string]: unknown;
}

/**
 * A provider whose dependency must answer before this process can do its job (Kafka, the identity
 * provider's keys). Mark it with `@ChecksReadiness()`, or with `@ReportsHealth()` when it also
 * reports on GET /health (Nest keeps one discoverable decorator per class: the last applied wins).
 * GET /health/ready shows it under `healthKey`.
 */
export interface ReadinessIndicator {
  readonly healthKey: string;
  readiness(): Promise<HealthIndicatorResult>;
}

export const ChecksReadiness = DiscoveryService.createDecorator<void>();

/** The answer of /health/live and /health/ready: the @nestjs/terminus shape. */
export interface HealthCheckResult {
  status: 'ok' | 'error';
  info: Record<string, HealthIndicatorResult>;
  error: Record<string, HealthIndicatorResult>;
  details: Record<string, HealthIndicatorResult>;
}

const INDICATOR = { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true };
const INDICATORS = { type: 'object', additionalProperties: INDICATOR };
/** HealthCheckResult in the OpenAPI document. */
const HEALTH_CHECK_SCHEMA = {
  type: 'object',
  required: ['status', 'info', 'error', 'details'],
  properties: { status: { type: 'string', enum: ['ok', 'error'] }, info: INDICATORS, error: INDICATORS, details: INDICATORS },
  example: { status: 'ok', info: { eventStore: { status: 'up', kind: 'sqlite' } }, error: {}, details: { eventStore: { status: 'up', kind: 'sqlite' } } },
};
const NOT_READY_EXAMPLE = { status: 'error', info: { eventStore: { status: 'up', kind: 'postgres' } }, error: { readModels: { status: 'down', reason: 'Error (ECONNREFUSED)' } }, details: { eventStore: { status: 'up', kind: 'postgres' }, readModels: { status: 'down', reason: 'Error (ECONNREFUSED)' } } };
/** The answer of GET /health in the OpenAPI document: reporters (messaging, ...) add a member each. */
const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'eventStore', 'notReady', 'projections'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    eventStore: { type: 'string', example: 'postgres' },
    notReady: { type: 'array', items: { type: 'string' }, description: 'What /health/ready says is not ready' },
    projections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'version', 'running', 'checkpoint', 'failing'],
        properties: {
          name: { type: 'string' },
          version: { type: 'integer' },
          running: { type: 'boolean' },
          checkpoint: { type: 'string' },
          failing: { type: 'boolean' },
          failure: { type: 'object', additionalProperties: true, description: 'The event it cannot apply (id, position, type) and the error' },
        },
      },
    },
  },
  additionalProperties: true,
  example: { status: 'ok', eventStore: 'sqlite', notReady: [], projections: [{ name: 'case-view', version: 3, running: true, checkpoint: '240', failing: false }] },
};

/** A probe that hangs is as bad as one that fails: an orchestrator's probe gives up after a few seconds. */
const CHECK_TIMEOUT_MS = 3000;

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly readModels: DataSource,
  ) {}

  /** The process is up and answering: restart it only when this fails. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and answering' })
  @ApiOkResponse({ description: 'The process is up.', schema: HEALTH_CHECK_SCHEMA })
  live(): HealthCheckResult {
    const details = { process: { status: 'up' as const } };
    return { status: 'ok', info: details, error: {}, details };
  }

  /**
   * Whether this process can do its job now: the databases answer, no projection is failing, and
   * each `@ChecksReadiness()` dependency (Kafka when configured, the identity provider's keys) is
   * reachable. 503 names what is not ready; a load balancer sends no traffic here until it is.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the databases, projections and other dependencies answer' })
  @ApiOkResponse({ description: 'Ready: every dependency answers.', schema: HEALTH_CHECK_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'Not ready: `error` names each dependency that is down.', schema: { ...HEALTH_CHECK_SCHEMA, example: NOT_READY_EXAMPLE } })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    const result = await this.readiness();
    if (result.status === 'error') response.status(503);
    return result;
  }

  async readiness(): Promise<HealthCheckResult> {
    const indicators = [ChecksReadiness.KEY, ReportsHealth.KEY]
      .flatMap((metadataKey) => this.discovery.getProviders({ metadataKey }).map((w) => w.instance as Partial<ReadinessIndicator>))
      .filter((i): i is ReadinessIndicator => typeof i.readiness === 'function');
    const checks: [string, () => Promise<HealthIndicatorResult>][] = [
      ['eventStore', async () => (await this.store.readAll({ limit: 1 }), { status: 'up', kind: this.store.kind })],
      ['readModels', async () => (await this.readModels.query('SELECT 1'), { status: 'up' })],
      ['projections', async () => this.projectionsReadiness()],
      ...indicators.map((i) => [i.healthKey, () => i.readiness()] as [string, () => Promise<HealthIndicatorResult>]),
    ];
    const details = Object.fromEntries(await Promise.all(checks.map(async ([key, check]) => [key, await bounded(check)] as const)));
    const entries = Object.entries(details);
    const info = Object.fromEntries(entries.filter(([, r]) => r.status === 'up'));
    const error = Object.fromEntries(entries.filter(([, r]) => r.status !== 'up'));
    return { status: Object.keys(error).length > 0 ? 'error' : 'ok', info, error, details };
  }

  private projectionsReadiness(): HealthIndicatorResult {
    const status = this.projections.status();
    // Only where projections run: a replica that only reads has none of its own to fail.
    const failing = status.filter((p) => p.running && p.failing);
    return {
      status: failing.length > 0 ? 'down' : 'up',
      running: status.some((p) => p.running),
      failing: failing.map((p) => p.name),
      // Which event each cannot apply (id, position, type) and the error: never the event's data.
      ...(failing.length > 0 ? { failures: failing.map((p) => ({ projection: p.name, ...p.failure })) } : {}),
    };
  }

  /** Liveness, readiness and the state of each projection and reporter. No personal data. */
  @Get()
  @ApiOperation({ summary: 'The state of this process: event store, readiness, each projection and reporter' })
  @ApiOkResponse({ description: 'The process is up; projections listed with their checkpoints.', schema: HEALTH_SCHEMA })
  async health() {
    const projections = this.projections.status();
    const reporters = this.discovery.getProviders({ metadataKey: ReportsHealth.KEY }).map((w) => w.instance as HealthReporter);
    const reports = await Promise.all(reporters.map(async (r) => [r.healthKey, await r.healthReport()] as const));
    const readiness = await this.readiness();
    return {
      status: projections.some((p) => p.failing) || reports.some(([, r]) => r.failing) || readiness.status === 'error' ? 'degraded' : 'ok',
      eventStore: this.store.kind,
      // What /health/ready would say is not ready (empty when ready).
      notReady: Object.keys(readiness.error),
      projections,
      ...Object.fromEntries(reports),
    };
  }
}

/** A check's outcome: down, with the error's class and code (never data), when it throws or takes too long. */
async function bounded(check: () => Promise<HealthIndicatorResult>): Promise<HealthIndicatorResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('No answer in time'), { name: 'Timeout', code: `no answer within ${CHECK_TIMEOUT_MS} ms` })), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch (error) {
    // The error's class and code only: a driver's message can name hosts and users, and /health is public.
    const { name, code } = error as Error & { code?: unknown };
    return { status: 'down', reason: typeof code === 'string' ? `${name} (${code})` : name };
  } finally {
    clearTimeout(timer);
  }
}

/** GET /health and its probes; and, through MetricsModule, GET /metrics with each projection's lag. */
@Module({ imports: [DiscoveryModule, MetricsModule], controllers: [HealthController], providers: [ProjectionMetrics] })
export class HealthModule {}
