import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore, ProjectionsService } from '@app/event-store';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
  ) {}

  /** Liveness and the state of each projection. No personal data. */
  @Get()
  @ApiOkResponse({ description: 'The process is up; projections listed with their checkpoints.' })
  health() {
    const projections = this.projections.status();
    return {
      status: projections.some((p) => p.failing) ? 'degraded' : 'ok',
      eventStore: this.store.kind,
      projections,
    };
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
