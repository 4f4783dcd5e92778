import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { AccessModule } from '@app/access';
import { CASES_PERSONAL_DATA, CasesReadModelsModule } from '@app/cases';
import { INTELLIGENCE_PERSONAL_DATA, IntelligenceReadModelsModule, PoliceFeedReadModelsModule } from '@app/intelligence';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { RetentionReadModelsModule } from '@app/retention';
import { AnalysisReadModelsModule } from '@app/analysis';
import { SharingReadModelsModule } from '@app/sharing';
import { MessagingModule } from '@app/messaging';
import { AUDIT_SETTINGS, ProjectionChecker, ProjectionConsistencyService } from '@app/audit';
import { AuditCliConfig } from './audit-cli.config';

/**
 * For `npm run audit -- projections-check`: every context's projections, none running, and the
 * service that rebuilds one into a scratch database and compares it with the live read model.
 */
@Module({})
export class AuditProjectionsModule {
  static forRoot(config: AuditCliConfig): DynamicModule {
    return {
      module: AuditProjectionsModule,
      imports: [
        DiscoveryModule,
        EventStoreModule.forRoot(config, { personalData: [CASES_PERSONAL_DATA, INTELLIGENCE_PERSONAL_DATA] }),
        ProjectionsModule.forRoot(config, { run: false }),
        // The SEMRAC listing process manager issues its commands through the write path, which asks the access policy.
        AccessModule.forRoot(config),
        MessagingModule.forRoot(config, { run: false }),
        CasesReadModelsModule.forRoot(config),
        IntelligenceReadModelsModule,
        PoliceFeedReadModelsModule,
        RetentionReadModelsModule.forRoot(config),
        AnalysisReadModelsModule.forRoot(config),
        SharingReadModelsModule,
      ],
      providers: [{ provide: AUDIT_SETTINGS, useValue: config }, ProjectionConsistencyService],
    };
  }
}

/** Boots the projections (not running) and hands the command line a checker; `close()` shuts it down. */
export async function openProjectionChecker(config: AuditCliConfig): Promise<ProjectionChecker> {
  const app = await NestFactory.createApplicationContext(AuditProjectionsModule.forRoot(config), { logger: ['error', 'warn'] });
  const service = app.get(ProjectionConsistencyService);
  return { names: () => service.names(), check: (name, onProgress) => service.check(name, onProgress), close: () => app.close() };
}
