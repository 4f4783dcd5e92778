import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommandStreams } from '@app/common';
import { ANALYSIS_SETTINGS, AnalysisSettings } from './analysis.settings';
import { ProfileController } from './profile/profile.controller';
import { ProfileActionDueEntity, ProfileCaseMissingEntity, ProfileCaseRiskEntity, ProfileCountEntity, ProfileEpisodeTimesEntity, ProfileIntelTimesEntity, ProfileShareTimesEntity } from './profile/profile.entities';
import { ProfileProjection } from './profile/profile.projection';
import { ProfileQuery } from './profile/profile.query';
import { TrainingCoverageEntity } from './training/training-coverage.entity';
import { TrainingCoverageProjection } from './training/training-coverage.projection';
import { TrainingCoverageQuery } from './training/training-coverage.query';
import { TrainingController } from './training/training.controller';
import { TrainingService } from './training/training.service';

/** The profile's read models alone, for the projector and the auditor's projection checks. */
@Module({
  imports: [TypeOrmModule.forFeature([ProfileActionDueEntity, ProfileCaseMissingEntity, ProfileCaseRiskEntity, ProfileCountEntity, ProfileEpisodeTimesEntity, ProfileIntelTimesEntity, ProfileShareTimesEntity, TrainingCoverageEntity])],
  providers: [ProfileProjection, TrainingCoverageProjection],
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
      controllers: [ProfileController, TrainingController],
      providers: [{ provide: ANALYSIS_SETTINGS, useValue: settings }, ProfileQuery, CommandStreams, TrainingCoverageQuery, TrainingService],
    };
  }
}
