import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
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

/** The cases context's read models and their projections: what a projector process needs. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseViewEntity])],
  providers: [CaseViewProjection],
  exports: [TypeOrmModule],
})
export class CasesReadModelsModule {}

/** The cases context: referrals, the case view and their HTTP API. */
@Module({
  imports: [CqrsModule, CasesReadModelsModule],
  controllers: [ReceiveReferralController, ChangeCaseController, CaseViewController, ReferenceController],
  providers: [CaseCommandExecutor, ReceiveReferralHandler, ChangeCaseHandler, GetCaseViewHandler],
})
export class CasesModule {}
