import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';
import { PROJECTIONS_OPTIONS, ProjectionsOptions, ProjectionsService } from './projections.service';
import { ReadModelSettings, readModelDataSourceOptions } from './read-model-database';

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
          dataSourceFactory: async (dsOptions) => {
            if (dsOptions!.type === 'postgres' && dsOptions!.schema && dsOptions!.schema !== 'public') {
              const bootstrap = await new DataSource({ type: 'postgres', url: dsOptions!.url }).initialize();
              await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${dsOptions!.schema}"`);
              await bootstrap.destroy();
            }
            return new DataSource(dsOptions!).initialize();
          },
        }),
        TypeOrmModule.forFeature([ProjectionCheckpointEntity]),
      ],
      providers: [{ provide: PROJECTIONS_OPTIONS, useValue: options }, ProjectionsService],
      exports: [ProjectionsService],
    };
  }
}
