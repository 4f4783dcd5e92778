import { Controller, Get, Inject, Module } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore, ProjectionsService } from '@app/event-store';
import { Public } from './public';

/**
 * A provider whose state shows on GET /health under `healthKey` (e.g. messaging: the outbox
 * relay's pending count and last error). Mark it with `@ReportsHealth()`. No personal data.
 */
export interface HealthReporter {
  readonly healthKey: string;
  healthReport(): Promise<{ failing: boolean }>;
}

export const ReportsHealth = DiscoveryService.createDecorator<void>();

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    private readonly discovery: DiscoveryService,
  ) {}

  /** Liveness and the state of each projection. No personal data. */
  @Get()
  @ApiOkResponse({ description: 'The process is up; projections listed with their checkpoints.' })
  async health() {
    const projections = this.projections.status();
    const reporters = this.discovery.getProviders({ metadataKey: ReportsHealth.KEY }).map((w) => w.instance as HealthReporter);
    const reports = await Promise.all(reporters.map(async (r) => [r.healthKey, await r.healthReport()] as const));
    return {
      status: projections.some((p) => p.failing) || reports.some(([, r]) => r.failing) ? 'degraded' : 'ok',
      eventStore: this.store.kind,
      projections,
      ...Object.fromEntries(reports),
    };
  }
}

@Module({ imports: [DiscoveryModule], controllers: [HealthController] })
export class HealthModule {}
