import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AnalysisReadModelsModule, RegionalExchangeModule } from '@app/analysis';
import { HealthModule, LoggingModule } from '@app/common';
import { CasesReadModelsModule } from '@app/cases';
import { IntelligenceReadModelsModule, PoliceFeedModule } from '@app/intelligence';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { MessagingModule } from '@app/messaging';
import { RetentionReadModelsModule } from '@app/retention';
import { SharingExchangeModule } from '@app/sharing';
import { ProjectorConfig } from './projector.config';

/** Every context's projections, and the health routes that report on them. */
@Module({})
export class ProjectorModule {
  static forRoot(config: ProjectorConfig, run: boolean): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        // Structured logs (pino): JSON in production, with request and correlation ids.
        LoggingModule.forRoot(config),
        EventStoreModule.forRoot(config),
        // The write path's access policy: process managers and consumers change streams through it.
        AccessModule.forRoot(config),
        ProjectionsModule.forRoot(config, { run, pollIntervalMs: config.PROJECTIONS_POLL_MS, leaseMs: config.FAILOVER_LEASE_MS }),
        MessagingModule.forRoot(config, { run, leaseMs: config.FAILOVER_LEASE_MS }),
        CasesReadModelsModule.forRoot(config),
        IntelligenceReadModelsModule,
        // The feed read model, the acknowledgements consumer, and the mapper the relay derives messages with.
        PoliceFeedModule,
        RetentionReadModelsModule.forRoot(config),
        AnalysisReadModelsModule.forRoot(config),
        // The board's share topic: received shares, acknowledgements and revocations.
        SharingExchangeModule.forRoot(config),
        // The board's profile topic (the regional picture), and the mapper the relay derives the signed profiles with.
        RegionalExchangeModule.forRoot(config),
        // GET /health/live and /health/ready: the projector's only routes.
        HealthModule,
      ],
    };
  }
}
