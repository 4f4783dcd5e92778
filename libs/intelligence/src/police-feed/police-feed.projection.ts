import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, upsertRows } from '@app/event-store';
import { disclosureNoticeEventSchemas } from './disclosure-notice.schemas';
import { PoliceFeedAcknowledgementEntity, PoliceFeedItemEntity } from './police-feed.entity';
import { POLICE_FEED_SOURCE_EVENTS, feedDocumentFor } from './police-feed.mapper';

/**
 * The police feed as sent: one row per message (the very document the outbox holds, rebuilt by
 * the same pure mapping), and the unit's acknowledgements. Delivery state is the outbox's and is
 * read at query time.
 */
@Injectable()
@ReadModelProjection()
export class PoliceFeedProjection implements Projection {
  readonly name = 'police-feed';
  readonly version = 1;
  readonly entities = [PoliceFeedItemEntity, PoliceFeedAcknowledgementEntity];
  readonly eventTypes = [...POLICE_FEED_SOURCE_EVENTS, 'PoliceAcknowledgementRecorded'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const items: PoliceFeedItemEntity[] = [];
    const acknowledgements: PoliceFeedAcknowledgementEntity[] = [];
    for (const event of events) {
      // An acknowledgement has the one schema on an item's stream and on a disclosure notice's.
      const acknowledgement = eventOf(disclosureNoticeEventSchemas, event);
      if (acknowledgement) {
        const d = acknowledgement.data;
        acknowledgements.push({
          messageId: d.messageId,
          itemId: d.itemId,
          outcome: d.outcome,
          operationRef: d.operationRef ?? null,
          unitId: d.unit.id,
          officer: d.unit.officer,
          acknowledgedAt: d.acknowledgedAt,
          via: d.via,
          position: event.position,
        });
        continue;
      }
      const document = feedDocumentFor(event);
      if (!document) continue;
      items.push({
        messageId: document.messageId,
        position: event.position,
        itemId: document.itemId,
        kind: document.kind,
        sequence: document.sequence,
        urgent: document.urgent,
        disseminatedAt: document.disseminatedAt,
        document,
      });
    }
    await upsertRows(manager, PoliceFeedItemEntity, items, ['messageId']);
    await upsertRows(manager, PoliceFeedAcknowledgementEntity, acknowledgements, ['messageId']);
  }
}
