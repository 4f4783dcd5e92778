import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthModule } from '@app/common';
import { CasesModule } from '@app/cases';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { CasesServiceConfig } from './cases-service.config';

@Module({})
export class CasesServiceModule {
  static forRoot(config: CasesServiceConfig): DynamicModule {
    return {
      module: CasesServiceModule,
      imports: [
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config),
        ProjectionsModule.forRoot(config, { run: config.PROJECTIONS_RUN, pollIntervalMs: config.PROJECTIONS_POLL_MS }),
        HealthModule,
        CasesModule.forRoot(config),
      ],
    };
  }
}
