import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from '@app/access';
import { AuthModule } from '@app/auth';
import { HealthModule, LoggingModule } from '@app/common';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { MessagingModule } from '@app/messaging';
import { SHARING_PERSONAL_DATA, SharingModule } from '@app/sharing';
import { SharingServiceConfig } from './sharing-service.config';

@Module({})
export class SharingServiceModule {
  static forRoot(config: SharingServiceConfig): DynamicModule {
    return {
      module: SharingServiceModule,
      imports: [
        // Structured logs (pino): JSON in production, with request and correlation ids.
        LoggingModule.forRoot(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config, { personalData: [SHARING_PERSONAL_DATA] }),
        ProjectionsModule.forRoot(config, { run: config.PROJECTIONS_RUN, pollIntervalMs: config.PROJECTIONS_POLL_MS, leaseMs: config.FAILOVER_LEASE_MS }),
        // Shares leave through the outbox; where projections run, the relay and the share-topic consumer run too.
        MessagingModule.forRoot(config, { run: config.PROJECTIONS_RUN, leaseMs: config.FAILOVER_LEASE_MS }),
        AuthModule.forRoot(config),
        // Decides and records every read of share content.
        AccessModule.forRoot(config),
        HealthModule,
        SharingModule.forRoot(config),
      ],
    };
  }
}
