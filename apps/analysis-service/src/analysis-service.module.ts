import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from '@app/access';
import { AnalysisModule } from '@app/analysis';
import { AuthModule } from '@app/auth';
import { HealthModule, LoggingModule } from '@app/common';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { MessagingModule } from '@app/messaging';
import { AnalysisServiceConfig } from './analysis-service.config';

@Module({})
export class AnalysisServiceModule {
  static forRoot(config: AnalysisServiceConfig): DynamicModule {
    return {
      module: AnalysisServiceModule,
      imports: [
        // Structured logs (pino): JSON in production, with request and correlation ids.
        LoggingModule.forRoot(config),
        CqrsModule.forRoot(),
        // Aggregates only: no personal data of its own to encrypt.
        EventStoreModule.forRoot(config),
        ProjectionsModule.forRoot(config, { run: config.PROJECTIONS_RUN, pollIntervalMs: config.PROJECTIONS_POLL_MS, leaseMs: config.FAILOVER_LEASE_MS }),
        // Regional profiles leave through the outbox; where projections run, the relay and the profile-topic consumer run too.
        MessagingModule.forRoot(config, { run: config.PROJECTIONS_RUN, leaseMs: config.FAILOVER_LEASE_MS }),
        AuthModule.forRoot(config),
        // Decides and records every read of the profile, the reports and the regional picture.
        AccessModule.forRoot(config),
        HealthModule,
        AnalysisModule.forRoot(config),
      ],
    };
  }
}
