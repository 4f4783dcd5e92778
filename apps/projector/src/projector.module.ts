import { DynamicModule, Module } from '@nestjs/common';
import { CasesReadModelsModule } from '@app/cases';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { ProjectorConfig } from './projector.config';

/** Every context's projections, and nothing else. */
@Module({})
export class ProjectorModule {
  static forRoot(config: ProjectorConfig, run: boolean): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        EventStoreModule.forRoot(config),
        ProjectionsModule.forRoot(config, { run, pollIntervalMs: config.PROJECTIONS_POLL_MS }),
        CasesReadModelsModule.forRoot(config),
      ],
    };
  }
}
