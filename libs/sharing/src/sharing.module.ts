import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommandStreams } from '@app/common';
import { ShareExchangeConsumer } from './exchange/share-exchange.consumer';
import { ShareMessagesMapper } from './exchange/share-messages.mapper';
import { SharingDirectory } from './exchange/sharing-directory';
import { LinkInboundShareController } from './inbound-share/link-inbound-share/link-inbound-share.controller';
import { LinkInboundShareHandler } from './inbound-share/link-inbound-share/link-inbound-share.handler';
import { SHARING_KEYS, loadSharingKeys } from './keys/sharing-keys';
import { SHARING_READ_MODEL_ENTITIES } from './read-models/sharing.entities';
import { InboxProjection, OutboundSharesProjection, RefusedShareMessagesProjection } from './read-models/sharing.projections';
import { InboxController } from './read-models/inbox.controller';
import { OutboundSharesController } from './read-models/outbound-shares.controller';
import { SharingRegisterController } from './read-models/sharing-register.controller';
import { ShareLabelRuleRegistration } from './read-models/share-label-rule';
import { SharingQueries } from './read-models/sharing.queries';
import { ApproveShareController } from './share/approve-share/approve-share.controller';
import { ApproveShareHandler } from './share/approve-share/approve-share.handler';
import { DecideNotToShareController } from './share/decide-not-to-share/decide-not-to-share.controller';
import { DecideNotToShareHandler } from './share/decide-not-to-share/decide-not-to-share.handler';
import { ForwardShareController } from './share/forward-share/forward-share.controller';
import { ForwardShareHandler } from './share/forward-share/forward-share.handler';
import { RefuseShareController } from './share/refuse-share/refuse-share.controller';
import { RefuseShareHandler } from './share/refuse-share/refuse-share.handler';
import { RequestShareController } from './share/request-share/request-share.controller';
import { RequestShareHandler } from './share/request-share/request-share.handler';
import { RevokeShareController } from './share/revoke-share/revoke-share.controller';
import { RevokeShareHandler } from './share/revoke-share/revoke-share.handler';
import { ShareContentAssembler } from './share/share-content.assembler';
import { InboundShareCommands, ShareCommands } from './share/share-commands';
import { SHARING_SETTINGS, SharingSettings } from './sharing.settings';

/**
 * The sharing read models (outbound shares, the inbox, refused messages) and their projections:
 * what an auditor's process needs to check them against a rebuild, without the exchange.
 */
@Module({
  imports: [TypeOrmModule.forFeature(SHARING_READ_MODEL_ENTITIES)],
  providers: [OutboundSharesProjection, InboxProjection, RefusedShareMessagesProjection],
  exports: [TypeOrmModule],
})
export class SharingReadModelsModule {}

/**
 * The exchange with peers: this board's identity and keys, the share messages its events cause
 * (outbox mapper), the consumer of its share topic and the read models, and the write path (which
 * stores those messages in the outbox with their events; the access policy comes from AccessModule).
 * What a projector process needs; MessagingModule runs the consumer where projections run.
 */
@Module({})
export class SharingExchangeModule {
  static forRoot(settings: SharingSettings): DynamicModule {
    return {
      module: SharingExchangeModule,
      imports: [SharingReadModelsModule],
      providers: [
        { provide: SHARING_SETTINGS, useValue: settings },
        { provide: SHARING_KEYS, useFactory: () => loadSharingKeys(settings) },
        SharingDirectory,
        CommandStreams,
        ShareMessagesMapper,
        ShareExchangeConsumer,
      ],
      exports: [SHARING_SETTINGS, SHARING_KEYS, SharingDirectory, CommandStreams, SharingReadModelsModule],
    };
  }
}

/**
 * Cross-border sharing (DOMAIN.md, "Cross-border sharing"; issue 5): outbound shares requested,
 * approved or refused by a sharing officer who is not the requester, sent through the outbox,
 * acknowledged, revoked and confirmed; the inbox of received shares, readable by the roles their
 * TLP label allows, linked to local records and passed on without widening the label; the
 * sharing register. Needs EventStoreModule, ProjectionsModule and MessagingModule, and AccessModule
 * (the write path's policy, and the decision and record of every read of share content): without
 * it the app does not start.
 */
@Module({})
export class SharingModule {
  static forRoot(settings: SharingSettings): DynamicModule {
    return {
      module: SharingModule,
      imports: [CqrsModule, SharingExchangeModule.forRoot(settings)],
      controllers: [
        // Literal paths before parameterised ones: /shares/decisions-not-to-share is not a share id.
        DecideNotToShareController,
        RequestShareController,
        ApproveShareController,
        RefuseShareController,
        RevokeShareController,
        ForwardShareController,
        OutboundSharesController,
        InboxController,
        LinkInboundShareController,
        SharingRegisterController,
      ],
      providers: [
        ShareContentAssembler,
        ShareCommands,
        InboundShareCommands,
        SharingQueries,
        ShareLabelRuleRegistration,
        RequestShareHandler,
        DecideNotToShareHandler,
        ApproveShareHandler,
        RefuseShareHandler,
        RevokeShareHandler,
        ForwardShareHandler,
        LinkInboundShareHandler,
      ],
    };
  }
}
