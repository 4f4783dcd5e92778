import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StreamCommandExecutor } from '@app/common';
import { ItemCommands } from '../intelligence-item/item-commands';
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
 * The police feed's moving parts, wherever they run: the mapper that puts disseminated items and
 * disclosures in the outbox (and, on EventStoreDB, lets the relay derive them), the feed read
 * model, and the acknowledgements consumer. Needs MessagingModule (global).
 */
@Module({
  imports: [TypeOrmModule.forFeature(POLICE_FEED_ENTITIES), PoliceFeedMappingModule],
  providers: [StreamCommandExecutor, ItemCommands, PoliceFeedProjection, PoliceAcknowledgements, PoliceAcknowledgementsConsumer],
  exports: [TypeOrmModule, PoliceAcknowledgements],
})
export class PoliceFeedModule {}
