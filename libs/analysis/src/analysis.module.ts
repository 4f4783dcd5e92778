import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommandStreams } from '@app/common';
import { SharingDirectory, SharingSettings, loadSharingKeys } from '@app/sharing';
import { ANALYSIS_SETTINGS, AnalysisSettings } from './analysis.settings';
import { ProfileController } from './profile/profile.controller';
import { PROFILE_ENTITIES } from './profile/profile.entities';
import { profilePlaces } from './profile/profile-facts';
import { PROFILE_PLACES, ProfileProjection } from './profile/profile.projection';
import { ProfileQuery } from './profile/profile.query';
import { TrainingCoverageEntity } from './training/training-coverage.entity';
import { TrainingCoverageProjection } from './training/training-coverage.projection';
import { TrainingCoverageQuery } from './training/training-coverage.query';
import { TrainingController } from './training/training.controller';
import { TrainingService } from './training/training.service';
import { RegionalPeerProfileEntity } from './regional/regional-picture.entity';
import { RegionalPictureProjection } from './regional/regional-picture.projection';
import { RegionalController } from './regional/regional.controller';
import { RegionalMessagesMapper } from './regional/regional-messages.mapper';
import { RegionalProfileConsumer } from './regional/regional-profile.consumer';
import { RegionalScheduleRunner } from './regional/regional-schedule';
import { RegionalService } from './regional/regional.service';
import { BoardReportEntity } from './report/board-reports.entity';
import { BoardReportsProjection } from './report/board-reports.projection';
import { ReportController } from './report/report.controller';
import { ReportService } from './report/report.service';

/**
 * The profile's read models alone, for the projector and the auditor's projection checks. The
 * board's wards and schools (PROFILE_AREAS, PROFILE_SCHOOLS) shape the profile's fold: every
 * process that runs or checks it is given them, or it does not start.
 */
@Module({})
export class AnalysisReadModelsModule {
  static forRoot(settings: Pick<AnalysisSettings, 'PROFILE_AREAS' | 'PROFILE_SCHOOLS'>): DynamicModule {
    return {
      module: AnalysisReadModelsModule,
      imports: [
        TypeOrmModule.forFeature([...PROFILE_ENTITIES, TrainingCoverageEntity, RegionalPeerProfileEntity, BoardReportEntity]),
      ],
      providers: [{ provide: PROFILE_PLACES, useValue: profilePlaces(settings) }, ProfileProjection, TrainingCoverageProjection, RegionalPictureProjection, BoardReportsProjection],
      exports: [TypeOrmModule],
    };
  }
}

/**
 * The regional picture's side of the sharing channel (2.4): the mapper that signs the
 * `problem-profile.v1` messages a send causes, and the consumer of the board's profile topic. In
 * the analysis module, and in the projector of the distributed deployment, whose relay derives the
 * messages from the events on EventStoreDB and whose consumers run where projections run.
 */
@Module({})
export class RegionalExchangeModule {
  static forRoot(settings: SharingSettings): DynamicModule {
    return {
      module: RegionalExchangeModule,
      providers: [
        // This board's identity, peers and signing key as sharing has them.
        { provide: SharingDirectory, useFactory: () => new SharingDirectory(settings, loadSharingKeys(settings)) },
        CommandStreams,
        RegionalMessagesMapper,
        RegionalProfileConsumer,
      ],
      exports: [SharingDirectory],
    };
  }
}

/**
 * GET /analysis/profile for the board and analysts; reads are recorded through AccessModule's gate.
 * The regional picture (2.4) sends and receives profiles over the sharing channel: its mapper and
 * consumer run where this module is (the consumer where projections run).
 */
@Module({})
export class AnalysisModule {
  static forRoot(settings: AnalysisSettings & SharingSettings): DynamicModule {
    return {
      module: AnalysisModule,
      imports: [AnalysisReadModelsModule.forRoot(settings), RegionalExchangeModule.forRoot(settings)],
      controllers: [ProfileController, TrainingController, RegionalController, ReportController],
      providers: [
        { provide: ANALYSIS_SETTINGS, useValue: settings },
        ProfileQuery,
        CommandStreams,
        TrainingCoverageQuery,
        TrainingService,
        // The regional picture (2.4): sends on demand and on the schedule; the channel is RegionalExchangeModule's.
        RegionalService,
        RegionalScheduleRunner,
        // The board's biannual report (strategy section 7).
        ReportService,
      ],
    };
  }
}
