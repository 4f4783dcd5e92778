import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthModule, LoggingModule } from '@app/common';
import { CASES_PERSONAL_DATA, CasesModule } from '@app/cases';
import { PoliceFeedMappingModule } from '@app/intelligence';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { MessagingModule } from '@app/messaging';
import { AuthModule } from '@app/auth';
import { AccessModule } from '@app/access';
import { CasesServiceConfig } from './cases-service.config';

@Module({})
export class CasesServiceModule {
  static forRoot(config: CasesServiceConfig): DynamicModule {
    return {
      module: CasesServiceModule,
      imports: [
        // Structured logs (pino): JSON in production, with request and correlation ids.
        LoggingModule.forRoot(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config, { personalData: [CASES_PERSONAL_DATA] }),
        ProjectionsModule.forRoot(config, { run: config.PROJECTIONS_RUN, pollIntervalMs: config.PROJECTIONS_POLL_MS, leaseMs: config.FAILOVER_LEASE_MS }),
        // Writes the messages its events cause into the outbox; where projections run, relays them too.
        MessagingModule.forRoot(config, { run: config.PROJECTIONS_RUN, leaseMs: config.FAILOVER_LEASE_MS }),
        AuthModule.forRoot(config),
        // Need to know and the access log for every read (libs/access).
        AccessModule.forRoot(config),
        HealthModule,
        CasesModule.forRoot(config),
        // Disclosures recorded here reach the police feed as urgent items, through this service's outbox.
        PoliceFeedMappingModule,
      ],
    };
  }
}
