import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommandStreams } from '@app/common';
import { PoliceAcknowledgements } from './police-acknowledgements';
import { PoliceAcknowledgementsConsumer } from './police-acknowledgements.consumer';
import { POLICE_FEED_ENTITIES } from './police-feed.entity';
import { PoliceFeedMapper } from './police-feed.mapper';
import { PoliceFeedProjection } from './police-feed.projection';

/**
 * The mapper alone, for a service that records what the feed carries without running the feed:
 * the cases service records disclosures, which go to the police as urgent items.
 */
@Module({ providers: [PoliceFeedMapper] })
export class PoliceFeedMappingModule {}

/**
 * The police feed's read model alone (its rows and projection): what a service that checks or
 * rebuilds projections needs, without the write path and so without the access policy.
 */
@Module({
  imports: [TypeOrmModule.forFeature(POLICE_FEED_ENTITIES)],
  providers: [PoliceFeedProjection],
  exports: [TypeOrmModule],
})
export class PoliceFeedReadModelsModule {}

/**
 * The police feed's moving parts, wherever they run: the mapper that puts disseminated items and
 * disclosures in the outbox (and, on EventStoreDB, lets the relay derive them), the feed read
 * model, and the acknowledgements consumer, which records through the write path. Needs
 * MessagingModule and AccessModule (both global): without the access policy the app does not start.
 */
@Module({
  imports: [PoliceFeedReadModelsModule, PoliceFeedMappingModule],
  providers: [CommandStreams, PoliceAcknowledgements, PoliceAcknowledgementsConsumer],
  exports: [PoliceFeedReadModelsModule, PoliceAcknowledgements],
})
export class PoliceFeedModule {}
