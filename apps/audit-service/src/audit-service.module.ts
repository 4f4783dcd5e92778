import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthModule, LoggingModule } from '@app/common';
import { CASES_PERSONAL_DATA, CasesReadModelsModule } from '@app/cases';
import { INTELLIGENCE_PERSONAL_DATA, IntelligenceReadModelsModule, PoliceFeedReadModelsModule } from '@app/intelligence';
import { RetentionReadModelsModule } from '@app/retention';
import { AnalysisReadModelsModule } from '@app/analysis';
import { SharingReadModelsModule } from '@app/sharing';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { AuthModule } from '@app/auth';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { AuditServiceConfig } from './audit-service.config';
import './audited-contexts';

/** /audit on its own: replay, trails, verification, checkpoints, projection checks. */
@Module({})
export class AuditServiceModule {
  static forRoot(config: AuditServiceConfig): DynamicModule {
    return {
      module: AuditServiceModule,
      imports: [
        // Structured logs (pino): JSON in production, with request and correlation ids.
        LoggingModule.forRoot(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config, { personalData: [CASES_PERSONAL_DATA, INTELLIGENCE_PERSONAL_DATA] }),
        // Not run here (the projector runs them): registered so projection checks can rebuild them.
        ProjectionsModule.forRoot(config, { run: false }),
        // Every context's read models, so that the auditor can check each one.
        CasesReadModelsModule.forRoot(config),
        IntelligenceReadModelsModule,
        PoliceFeedReadModelsModule,
        RetentionReadModelsModule.forRoot(config),
        AnalysisReadModelsModule.forRoot(config),
        SharingReadModelsModule,
        AuthModule.forRoot(config),
        AccessModule.forRoot(config),
        HealthModule,
        AuditModule.forRoot(config),
      ],
    };
  }
}
