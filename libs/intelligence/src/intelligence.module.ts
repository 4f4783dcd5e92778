import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommandStreams } from '@app/common';
import { DisseminateIntelligenceController } from './intelligence-item/disseminate-intelligence/disseminate-intelligence.controller';
import { DisseminateIntelligenceHandler } from './intelligence-item/disseminate-intelligence/disseminate-intelligence.handler';
import { GradeIntelligenceController } from './intelligence-item/grade-intelligence/grade-intelligence.controller';
import { GradeIntelligenceHandler } from './intelligence-item/grade-intelligence/grade-intelligence.handler';
import { GetOriginalIntelligenceController } from './intelligence-item/read-original/get-original.controller';
import { GetOriginalIntelligenceHandler } from './intelligence-item/read-original/get-original.handler';
import { RegradeIntelligenceController } from './intelligence-item/regrade-intelligence/regrade-intelligence.controller';
import { RegradeIntelligenceHandler } from './intelligence-item/regrade-intelligence/regrade-intelligence.handler';
import { SanitiseIntelligenceController } from './intelligence-item/sanitise-intelligence/sanitise-intelligence.controller';
import { SanitiseIntelligenceHandler } from './intelligence-item/sanitise-intelligence/sanitise-intelligence.handler';
import { SubmitInformationController } from './intelligence-item/submit-information/submit-information.controller';
import { SubmitInformationHandler } from './intelligence-item/submit-information/submit-information.handler';
import { GetIntelligenceItemHandler, ListIntelligenceHandler } from './intelligence-register/get-intelligence.handler';
import { IntelligenceRegisterController } from './intelligence-register/intelligence-register.controller';
import { INTELLIGENCE_REGISTER_ENTITIES } from './intelligence-register/intelligence-register.entity';
import { IntelligenceRegisterProjection } from './intelligence-register/intelligence-register.projection';
import { AddIdentifiersController } from './person-of-interest/add-identifiers/add-identifiers.controller';
import { AddIdentifiersHandler } from './person-of-interest/add-identifiers/add-identifiers.handler';
import { LinkPersonOfInterestController } from './person-of-interest/link-person-of-interest/link-person-of-interest.controller';
import { LinkPersonOfInterestHandler } from './person-of-interest/link-person-of-interest/link-person-of-interest.handler';
import { MarkVulnerableYoungPersonController } from './person-of-interest/mark-vulnerable-young-person/mark-vulnerable-young-person.controller';
import { MarkVulnerableYoungPersonHandler } from './person-of-interest/mark-vulnerable-young-person/mark-vulnerable-young-person.handler';
import { MergePersonsOfInterestController } from './person-of-interest/merge-persons-of-interest/merge-persons-of-interest.controller';
import { MergePersonsOfInterestHandler } from './person-of-interest/merge-persons-of-interest/merge-persons-of-interest.handler';
import { RecordDisengagementInterventionController } from './person-of-interest/record-disengagement-intervention/record-disengagement-intervention.controller';
import { RecordDisengagementInterventionHandler } from './person-of-interest/record-disengagement-intervention/record-disengagement-intervention.handler';
import { ErasePersonOfInterestController } from './person-of-interest/erase-person-of-interest/erase-person-of-interest.controller';
import { RecordDisruptionController } from './person-of-interest/record-disruption/record-disruption.controller';
import { RecordDisruptionHandler } from './person-of-interest/record-disruption/record-disruption.handler';
import { RecordPersonOfInterestController } from './person-of-interest/record-person-of-interest/record-person-of-interest.controller';
import { RecordPersonOfInterestHandler } from './person-of-interest/record-person-of-interest/record-person-of-interest.handler';
import { GetPoiNetworkHandler } from './poi-network/get-poi-network.handler';
import { PoiProfileController } from './poi-profile/poi-profile.controller';
import { PoiNetworkController } from './poi-network/poi-network.controller';
import { GetPoiProfileHandler } from './poi-profile/get-poi-profile.handler';
import { PoiDirectory } from './poi-profile/poi-directory';
import { PoiAccessRecords } from './poi-profile/poi-access';
import { IntelligenceAccessRecords } from './intelligence-register/intelligence-access';
import { POI_PROFILE_ENTITIES } from './poi-profile/poi-profile.entity';
import { PoiProfileProjection } from './poi-profile/poi-profile.projection';
import { PoliceFeedController } from './police-feed/police-feed.controller';
import { PoliceFeedModule } from './police-feed/police-feed.module';
import { PoliceFeedReader } from './police-feed/police-feed.query';

/** The intelligence context's read models and projections: what a projector process needs. */
@Module({
  imports: [TypeOrmModule.forFeature([...POI_PROFILE_ENTITIES, ...INTELLIGENCE_REGISTER_ENTITIES])],
  providers: [PoiProfileProjection, IntelligenceRegisterProjection],
  exports: [TypeOrmModule],
})
export class IntelligenceReadModelsModule {}

/**
 * The intelligence context: persons of interest (identifiers, merges, links, vulnerable young
 * people and disengagement, disruption), information graded into intelligence, sanitised and
 * disseminated to the police feed (with the unit's acknowledgements), and their read models (POI
 * profile, intelligence register, police feed, link network).
 */
@Module({
  imports: [CqrsModule, IntelligenceReadModelsModule, PoliceFeedModule],
  controllers: [
    RecordPersonOfInterestController,
    AddIdentifiersController,
    MergePersonsOfInterestController,
    LinkPersonOfInterestController,
    MarkVulnerableYoungPersonController,
    RecordDisengagementInterventionController,
    RecordDisruptionController,
    ErasePersonOfInterestController,
    PoiProfileController,
    PoiNetworkController,
    SubmitInformationController,
    GradeIntelligenceController,
    RegradeIntelligenceController,
    SanitiseIntelligenceController,
    DisseminateIntelligenceController,
    GetOriginalIntelligenceController,
    IntelligenceRegisterController,
    PoliceFeedController,
  ],
  providers: [
    // The one write path: the access policy (WRITE_POLICY) comes from AccessModule, the outbox
    // messages (OUTBOX_MESSAGES) from MessagingModule, both global.
    CommandStreams,
    PoiDirectory,
    PoiAccessRecords,
    IntelligenceAccessRecords,
    RecordPersonOfInterestHandler,
    AddIdentifiersHandler,
    MergePersonsOfInterestHandler,
    LinkPersonOfInterestHandler,
    MarkVulnerableYoungPersonHandler,
    RecordDisengagementInterventionHandler,
    RecordDisruptionHandler,
    GetPoiProfileHandler,
    GetPoiNetworkHandler,
    SubmitInformationHandler,
    GradeIntelligenceHandler,
    RegradeIntelligenceHandler,
    SanitiseIntelligenceHandler,
    DisseminateIntelligenceHandler,
    GetOriginalIntelligenceHandler,
    GetIntelligenceItemHandler,
    ListIntelligenceHandler,
    PoliceFeedReader,
  ],
})
export class IntelligenceModule {}
