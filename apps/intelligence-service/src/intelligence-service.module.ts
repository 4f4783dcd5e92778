import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthModule } from '@app/common';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { IntelligenceModule } from '@app/intelligence';
import { IntelligenceServiceConfig } from './intelligence-service.config';

@Module({})
export class IntelligenceServiceModule {
  static forRoot(config: IntelligenceServiceConfig): DynamicModule {
    return {
      module: IntelligenceServiceModule,
      imports: [
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config),
        ProjectionsModule.forRoot(config, { run: config.PROJECTIONS_RUN, pollIntervalMs: config.PROJECTIONS_POLL_MS }),
        HealthModule,
        IntelligenceModule,
      ],
    };
  }
}
