import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CASES_SETTINGS, CasesSettings } from './cases.settings';
import { CaseViewController } from './case-view/case-view.controller';
import { CaseViewEntity } from './case-view/case-view.entity';
import { CaseViewProjection } from './case-view/case-view.projection';
import { GetCaseViewHandler } from './case-view/get-case-view.handler';
import { CaseCommandExecutor } from './case/case-command.executor';
import { ChangeCaseController } from './case/change-case/change-case.controller';
import { ChangeCaseHandler } from './case/change-case/change-case.handler';
import { ReferenceController } from './reference/reference.controller';
import { ReceiveReferralController } from './case/receive-referral/receive-referral.controller';
import { ReceiveReferralHandler } from './case/receive-referral/receive-referral.handler';

/** The cases context's read models, projections and process managers: what a projector process needs. */
@Module({})
export class CasesReadModelsModule {
  static forRoot(settings: CasesSettings): DynamicModule {
    return {
      module: CasesReadModelsModule,
      imports: [TypeOrmModule.forFeature([CaseViewEntity])],
      providers: [{ provide: CASES_SETTINGS, useValue: settings }, CaseViewProjection],
      exports: [TypeOrmModule, CASES_SETTINGS],
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
      controllers: [ReceiveReferralController, ChangeCaseController, CaseViewController, ReferenceController],
      providers: [CaseCommandExecutor, ReceiveReferralHandler, ChangeCaseHandler, GetCaseViewHandler],
    };
  }
}
