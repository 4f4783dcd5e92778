import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthModule } from '@app/common';
import { CasesModule } from '@app/cases';
import { IntelligenceModule } from '@app/intelligence';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { MessagingModule } from '@app/messaging';
import { PlatformConfig } from './platform.config';

/** Composes every context; owns no code of its own. */
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config),
        ProjectionsModule.forRoot(config, { run: config.PROJECTIONS_RUN, pollIntervalMs: config.PROJECTIONS_POLL_MS }),
        MessagingModule.forRoot(config, { run: config.PROJECTIONS_RUN }),
        HealthModule,
        CasesModule.forRoot(config),
        IntelligenceModule,
      ],
    };
  }
}
