import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EVENT_STORE, EventStore, ReadModelSettings } from '@app/event-store';
import { AUDIT_SETTINGS, AuditSettings, AuditStorageSettings, resolveSigningKey } from './audit.settings';
import { AuditController } from './http/audit.controller';
import { AuditIntegrity } from './integrity/audit-integrity';
import { CheckpointScheduler } from './integrity/checkpoint.scheduler';
import { SigningKey } from './integrity/signing-key';
import { ProjectionConsistencyService } from './projections/projection-consistency.service';
import { RecordKindRegistry } from './time-travel/record-kinds';
import { TimeTravel } from './time-travel/time-travel';
import { AccessRecorder, AccessTrail } from '@app/access';
import { ACCESS_TRAIL_SOURCE, AccessTrailSource, AuditTrail } from './trail/audit-trail';
import { AuditQueries } from './trail/audit-queries';

/**
 * Audit: time travel, trails, chain verification and signed checkpoints under /audit. Needs
 * the app's EventStoreModule. Its record kinds are the stream kinds and views the app's contexts
 * declare (`declaredRecordKinds`);
 * trails merge the reads libs/access records (or whatever an app provides as `ACCESS_TRAIL_SOURCE`).
 */
@Module({})
export class AuditModule {
  static forRoot(settings: AuditSettings & AuditStorageSettings & ReadModelSettings): DynamicModule {
    let key: SigningKey | undefined;
    // Loaded on first use: the platform boots without a key, and only signing needs one.
    const signingKey = () => (key ??= resolveSigningKey(settings));
    return {
      module: AuditModule,
      imports: [DiscoveryModule],
      controllers: [AuditController],
      providers: [
        { provide: AUDIT_SETTINGS, useValue: settings },
        { provide: RecordKindRegistry, useFactory: () => new RecordKindRegistry() },
        { provide: AuditIntegrity, useFactory: (store: EventStore) => new AuditIntegrity(store, signingKey), inject: [EVENT_STORE] },
        { provide: TimeTravel, useFactory: (store: EventStore, kinds: RecordKindRegistry) => new TimeTravel(store, kinds), inject: [EVENT_STORE, RecordKindRegistry] },
        {
          provide: AuditTrail,
          // Recorded reads (libs/access) unless the app provides another source.
          useFactory: (store: EventStore, kinds: RecordKindRegistry, accesses?: AccessTrailSource) => new AuditTrail(store, kinds, accesses ?? new AccessTrail(store)),
          inject: [EVENT_STORE, RecordKindRegistry, { token: ACCESS_TRAIL_SOURCE, optional: true }],
        },
        { provide: AuditQueries, useFactory: (store: EventStore) => new AuditQueries(store), inject: [EVENT_STORE] },
        CheckpointScheduler,
        ProjectionConsistencyService,
        // Auditors' reads are logged like everyone's (libs/access).
        AccessRecorder,
      ],
      exports: [RecordKindRegistry, AuditIntegrity, TimeTravel, AuditTrail, ProjectionConsistencyService],
    };
  }
}
