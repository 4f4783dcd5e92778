import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { READ_MODEL_MIGRATIONS, migrationModeFor, openMigratedDataSource } from '../migrations/migrations';
import { withCheckpointsOffTheEventLoop } from '../sql/wal-checkpointer';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';
import { PROJECTIONS_OPTIONS, ProjectionsOptions, ProjectionsService } from './projections.service';
import { ReadModelSettings, readModelDataSourceOptions, readModelDatabaseSetting } from './read-model-database';

/**
 * The read-model database (TypeORM's default connection: context modules add their entities
 * with `TypeOrmModule.forFeature`) and the projection runners.
 */
@Global()
@Module({})
export class ProjectionsModule {
  static forRoot(settings: ReadModelSettings, options: ProjectionsOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      imports: [
        DiscoveryModule,
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...readModelDataSourceOptions(settings), autoLoadEntities: true }),
          // Migrated (or, in production, checked) before anything reads: see README, "Migrations".
          // On SQLite its WAL checkpoints run on a thread of their own (see wal-checkpointer).
          dataSourceFactory: async (dsOptions) =>
            withCheckpointsOffTheEventLoop(await openMigratedDataSource(dsOptions!, READ_MODEL_MIGRATIONS, migrationModeFor(settings.NODE_ENV), readModelDatabaseSetting(settings))),
        }),
        TypeOrmModule.forFeature([ProjectionCheckpointEntity]),
      ],
      providers: [{ provide: PROJECTIONS_OPTIONS, useValue: options }, ProjectionsService],
      exports: [ProjectionsService],
    };
  }
}
