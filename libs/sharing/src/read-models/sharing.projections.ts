import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { INBOUND_SHARE_EVENT_TYPES } from '../inbound-share/inbound-share.events';
import { inboundShareEventSchemas } from '../inbound-share/inbound-share.schemas';
import { sharingRefusalEventSchemas } from '../refusals/sharing-refusal.schemas';
import { SHARE_EVENT_TYPES } from '../share/share.events';
import { shareEventSchemas } from '../share/share.schemas';
import { InboundShareView, evolveInboundShareView, withOnwardShare } from './inbound-share-view';
import { OutboundShareView, evolveOutboundShareView } from './outbound-share-view';
import { InboundShareEntity, OutboundShareEntity, RefusedShareMessageEntity } from './sharing.entities';

/** Outbound shares with their state; also what the sharing register reads. */
@Injectable()
@ReadModelProjection()
export class OutboundSharesProjection implements Projection {
  readonly name = 'sharing-outbound';
  readonly version = 1;
  readonly entities = [OutboundShareEntity];
  readonly eventTypes = SHARE_EVENT_TYPES;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const views = new Map<string, OutboundShareView | undefined>();
    const ids = [...new Set(events.map((e) => String(e.data.shareId)))];
    for (const chunk of inChunks(ids)) for (const row of await manager.findBy(OutboundShareEntity, { shareId: In(chunk) })) views.set(row.shareId, row.view);
    for (const recorded of events) {
      const event = eventOf(shareEventSchemas, recorded);
      if (!event) continue;
      views.set(event.data.shareId, evolveOutboundShareView(views.get(event.data.shareId), event, recorded));
    }
    const rows = [...views.values()]
      .filter((v): v is OutboundShareView => v !== undefined)
      .map((view) => ({ shareId: view.shareId, state: view.state, peerId: view.peer.id, createdAt: view.requestedAt ?? view.decisionNotToShare!.at, view }));
    await upsertRows(manager, OutboundShareEntity, rows, ['shareId']);
  }
}

/** The inbox: received shares, their links, onward shares and revocation. */
@Injectable()
@ReadModelProjection()
export class InboxProjection implements Projection {
  readonly name = 'sharing-inbox';
  readonly version = 1;
  readonly entities = [InboundShareEntity];
  readonly eventTypes = [...INBOUND_SHARE_EVENT_TYPES, 'ShareRequested'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    // An onward share (ShareRequested) belongs to the received share it passes on.
    const key = (e: RecordedEvent) => {
      const requested = eventOf(shareEventSchemas, e);
      return requested?.type === 'ShareRequested' ? requested.data.onwardFrom?.originalShareId : String(e.data.shareId);
    };
    const views = new Map<string, InboundShareView | undefined>();
    const ids = [...new Set(events.map(key).filter((id): id is string => id !== undefined))];
    for (const chunk of inChunks(ids)) for (const row of await manager.findBy(InboundShareEntity, { shareId: In(chunk) })) views.set(row.shareId, row.view);
    for (const recorded of events) {
      const id = key(recorded);
      if (!id) continue;
      const requested = eventOf(shareEventSchemas, recorded);
      if (requested?.type === 'ShareRequested') {
        const view = views.get(id);
        if (view) views.set(id, withOnwardShare(view, requested.data));
        continue;
      }
      const event = eventOf(inboundShareEventSchemas, recorded);
      if (event) views.set(id, evolveInboundShareView(views.get(id), event, recorded));
    }
    const rows = [...views.values()]
      .filter((v): v is InboundShareView => v !== undefined)
      .map((view) => ({ shareId: view.shareId, fromId: view.from.id, label: view.label, revoked: view.revocation !== undefined, receivedAt: view.receivedAt, view }));
    await upsertRows(manager, InboundShareEntity, rows, ['shareId']);
  }
}

/** Messages refused on this board's share topic. */
@Injectable()
@ReadModelProjection()
export class RefusedShareMessagesProjection implements Projection {
  readonly name = 'sharing-refusals';
  readonly version = 1;
  readonly entities = [RefusedShareMessageEntity];
  readonly eventTypes = ['ShareMessageRefused'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const rows = events.flatMap((e) => {
      const refused = eventOf(sharingRefusalEventSchemas, e);
      if (!refused) return [];
      const { data } = refused;
      return [{ messageId: data.messageId, reason: data.reason, refusedAt: data.refusedAt, view: data }];
    });
    await upsertRows(manager, RefusedShareMessageEntity, rows, ['messageId']);
  }
}
