import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ANALYSIS_SETTINGS, AnalysisSettings } from './analysis.settings';
import { ProfileController } from './profile/profile.controller';
import { ProfileCountEntity, ProfileEpisodeTimesEntity } from './profile/profile.entities';
import { ProfileProjection } from './profile/profile.projection';
import { ProfileQuery } from './profile/profile.query';

/** The profile's read models alone, for the projector and the auditor's projection checks. */
@Module({
  imports: [TypeOrmModule.forFeature([ProfileCountEntity, ProfileEpisodeTimesEntity])],
  providers: [ProfileProjection],
  exports: [TypeOrmModule],
})
export class AnalysisReadModelsModule {}

/** GET /analysis/profile for the board and analysts; reads are recorded through AccessModule's gate. */
@Module({})
export class AnalysisModule {
  static forRoot(settings: AnalysisSettings): DynamicModule {
    return {
      module: AnalysisModule,
      imports: [AnalysisReadModelsModule],
      controllers: [ProfileController],
      providers: [{ provide: ANALYSIS_SETTINGS, useValue: settings }, ProfileQuery],
    };
  }
}
