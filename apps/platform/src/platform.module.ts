import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthModule, LoggingModule } from '@app/common';
import { CASES_PERSONAL_DATA, CasesModule } from '@app/cases';
import { INTELLIGENCE_PERSONAL_DATA, IntelligenceModule } from '@app/intelligence';
import { ACCESS_TRAIL_SOURCE, AuditModule } from '@app/audit';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { MessagingModule } from '@app/messaging';
import { AuthModule } from '@app/auth';
import { SHARING_PERSONAL_DATA, SharingModule } from '@app/sharing';
import { RetentionModule } from '@app/retention';
import { AccessModule } from '@app/access';
import { AnalysisModule } from '@app/analysis';
import { ConsoleModule } from '@app/console';
import { PlatformConfig } from './platform.config';

/** Composes every context; owns no code of its own. */
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        // Structured logs (pino): JSON in production, with request and correlation ids.
        LoggingModule.forRoot(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config, { personalData: [CASES_PERSONAL_DATA, INTELLIGENCE_PERSONAL_DATA, SHARING_PERSONAL_DATA] }),
        ProjectionsModule.forRoot(config, { run: config.PROJECTIONS_RUN, pollIntervalMs: config.PROJECTIONS_POLL_MS, leaseMs: config.FAILOVER_LEASE_MS }),
        MessagingModule.forRoot(config, { run: config.PROJECTIONS_RUN, leaseMs: config.FAILOVER_LEASE_MS }),
        AuthModule.forRoot(config),
        // Audit trails merge in every recorded read.
        AccessModule.forRoot(config, { trailToken: ACCESS_TRAIL_SOURCE }),
        HealthModule,
        CasesModule.forRoot(config),
        IntelligenceModule,
        AuditModule.forRoot(config),
        SharingModule.forRoot(config),
        RetentionModule.forRoot(config),
        // The problem profile for the board and analysts: aggregates only.
        AnalysisModule.forRoot(config),
        // The web console at /console, acting for its users through this process's own API.
        ConsoleModule.forRoot(config),
      ],
    };
  }
}
