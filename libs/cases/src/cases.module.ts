import { EraseChildController } from './case/erase-child/erase-child.controller';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CASES_SETTINGS, CasesSettings } from './cases.settings';
import { CaseViewController } from './case-view/case-view.controller';
import { CaseViewEntity } from './case-view/case-view.entity';
import { CaseViewProjection } from './case-view/case-view.projection';
import { GetCaseViewHandler } from './case-view/get-case-view.handler';
import { CaseAccessRecords } from './case-view/case-access-records';
import { ChangeCaseController } from './case/change-case/change-case.controller';
import { ChangeCaseHandler } from './case/change-case/change-case.handler';
import { ReferenceController } from './reference/reference.controller';
import { ReceiveReferralController } from './case/receive-referral/receive-referral.controller';
import { ReceiveReferralHandler } from './case/receive-referral/receive-referral.handler';
import { ActionTrackerController } from './action-tracker/action-tracker.controller';
import { ActionTrackerEntity } from './action-tracker/action-tracker.entity';
import { ActionTrackerProjection } from './action-tracker/action-tracker.projection';
import { ListActionsHandler } from './action-tracker/list-actions.handler';
import { CaseListController } from './case-list/case-list.controller';
import { ListCasesHandler } from './case-list/list-cases.handler';
import { RecordPlansController } from './case/record-plans/record-plans.controller';
import { RecordSupportPlanHandler } from './case/record-plans/record-support-plan.handler';
import { GetSemracAgendaHandler } from './semrac-agenda/get-semrac-agenda.handler';
import { ChangeMeetingController } from './semrac-meeting/change-meeting/change-meeting.controller';
import { ChangeMeetingHandler, RecordCaseDiscussionHandler } from './semrac-meeting/change-meeting/change-meeting.handler';
import { ScheduleMeetingHandler } from './semrac-meeting/schedule-meeting/schedule-meeting.handler';
import { SemracMeetingCommandExecutor } from './semrac-meeting/semrac-meeting-command.executor';
import { GetSemracMeetingHandler } from './semrac-meetings-view/get-semrac-meeting.handler';
import { SemracMeetingsController } from './semrac-meetings-view/semrac-meetings.controller';
import { SEMRAC_MEETING_ENTITIES } from './semrac-meetings-view/semrac-meetings.entity';
import { SemracMeetingsProjection } from './semrac-meetings-view/semrac-meetings.projection';
import { AssessRiskController } from './risk/assess-risk/assess-risk.controller';
import { AssessRiskHandler } from './risk/assess-risk/assess-risk.handler';
import { RiskSchemeController } from './risk/risk-scheme.controller';
import { RISK_SCHEME, loadRiskScheme } from './risk/risk-scheme.loader';
import { ChangeMissingEpisodeController } from './missing-episode/change-missing-episode/change-missing-episode.controller';
import { ChangeMissingEpisodeHandler } from './missing-episode/change-missing-episode/change-missing-episode.handler';
import {
  GetCaseMissingEpisodesHandler,
  GetMissingEpisodeHandler,
  GetOverdueReturnInterviewsHandler,
} from './missing-episode/missing-episodes-view/get-missing-episodes.handler';
import { MissingEpisodeEntity } from './missing-episode/missing-episodes-view/missing-episode.entity';
import { MissingEpisodesController } from './missing-episode/missing-episodes-view/missing-episodes.controller';
import { MissingEpisodesProjection } from './missing-episode/missing-episodes-view/missing-episodes.projection';
import { ReportMissingEpisodeController } from './missing-episode/report-missing-episode/report-missing-episode.controller';
import { ReportMissingEpisodeHandler } from './missing-episode/report-missing-episode/report-missing-episode.handler';
import { CommandStreams } from '@app/common';
import { MissingEpisodeReferenceController } from './missing-episode/missing-episode-reference.controller';
import { SemracListingCaseEntity } from './semrac-listing/semrac-listing.entity';
import { SemracListingProcessManager } from './semrac-listing/semrac-listing.process-manager';
import { SemracOpenEpisodeSweep } from './semrac-listing/semrac-listing.sweep';

/** The cases context's read models, projections and process managers: what a projector process needs. */
@Module({})
export class CasesReadModelsModule {
  static forRoot(settings: CasesSettings): DynamicModule {
    return {
      module: CasesReadModelsModule,
      imports: [TypeOrmModule.forFeature([CaseViewEntity, ...SEMRAC_MEETING_ENTITIES, ActionTrackerEntity, MissingEpisodeEntity, SemracListingCaseEntity])],
      // The write path: the SEMRAC listing process manager issues its commands through it.
      providers: [{ provide: CASES_SETTINGS, useValue: settings }, CommandStreams, CaseViewProjection, SemracMeetingsProjection, ActionTrackerProjection,
        MissingEpisodesProjection, SemracListingProcessManager, SemracOpenEpisodeSweep],
      exports: [TypeOrmModule, CASES_SETTINGS, CommandStreams],
    };
  }
}

/** The cases context: referrals, cases, the case view and their HTTP API. */
@Module({})
export class CasesModule {
  static forRoot(settings: CasesSettings): DynamicModule {
    return {
      module: CasesModule,
      imports: [CqrsModule, CasesReadModelsModule.forRoot(settings)],
      controllers: [ReceiveReferralController, ChangeCaseController, EraseChildController, CaseViewController, ReferenceController, AssessRiskController, RiskSchemeController,
        CaseListController, RecordPlansController, ChangeMeetingController, SemracMeetingsController, ActionTrackerController,
        ReportMissingEpisodeController, ChangeMissingEpisodeController, MissingEpisodesController, MissingEpisodeReferenceController],
      providers: [
        ReceiveReferralHandler,
        ChangeCaseHandler,
        GetCaseViewHandler,
        CaseAccessRecords,
        // The board's risk scheme, or the built-in default: read once at boot (settings validated it).
        { provide: RISK_SCHEME, useFactory: () => loadRiskScheme(settings.RISK_SCHEME_FILE) },
        AssessRiskHandler,
        SemracMeetingCommandExecutor,
        ScheduleMeetingHandler,
        ChangeMeetingHandler,
        RecordCaseDiscussionHandler,
        RecordSupportPlanHandler,
        GetSemracMeetingHandler,
        GetSemracAgendaHandler,
        ListActionsHandler,
        ListCasesHandler,
        ReportMissingEpisodeHandler,
        ChangeMissingEpisodeHandler,
        GetCaseMissingEpisodesHandler,
        GetMissingEpisodeHandler,
        GetOverdueReturnInterviewsHandler,
      ],
    };
  }
}
