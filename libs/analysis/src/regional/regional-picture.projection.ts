import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { eventOf } from '@app/common/domain';
import { Projection, ReadModelProjection, RecordedEvent, upsertRows } from '@app/event-store';
import { RegionalPeerProfileEntity } from './regional-picture.entity';
import { regionalReceiptEventSchemas } from './regional.schemas';

/** The projection's name: its checkpoint, and what `ProjectionsService.rebuild` is given. */
export const REGIONAL_PICTURE_PROJECTION = 'analysis-regional-picture';

/**
 * Each peer's latest received profile. A later-sent profile replaces an earlier one; one that was
 * sent earlier but arrives later (a redelivery, a slow peer) does not. The same rows whether built
 * event by event or rebuilt.
 */
@Injectable()
@ReadModelProjection()
export class RegionalPictureProjection implements Projection {
  readonly name = REGIONAL_PICTURE_PROJECTION;
  readonly version = 1;
  readonly entities = [RegionalPeerProfileEntity];
  readonly eventTypes = ['RegionalProfileReceived'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const received = events.map((e) => ({ stored: e, event: eventOf(regionalReceiptEventSchemas, e) })).filter((x) => x.event !== undefined);
    if (received.length === 0) return;
    const peerIds = [...new Set(received.map((x) => x.event!.data.peer.id))];
    const rows = new Map((await manager.findBy(RegionalPeerProfileEntity, { peerId: In(peerIds) })).map((row) => [row.peerId, row]));
    const touched = new Set<string>();
    for (const { stored, event } of received) {
      const d = event!.data;
      const current = rows.get(d.peer.id);
      const later = current ? Date.parse(d.sentAt) - Date.parse(current.sentAt) : 1;
      if (later < 0 || (later === 0 && current!.position > stored.position)) continue;
      rows.set(
        d.peer.id,
        Object.assign(new RegionalPeerProfileEntity(), {
          peerId: d.peer.id,
          peerName: d.peer.name,
          profileId: d.profileId,
          periodFrom: d.period.from,
          periodTo: d.period.to,
          suppressionThreshold: d.suppressionThreshold,
          tables: d.tables,
          contentHash: d.contentHash,
          sentAt: d.sentAt,
          receivedAt: d.receivedAt,
          position: stored.position,
        }),
      );
      touched.add(d.peer.id);
    }
    await upsertRows(manager, RegionalPeerProfileEntity, [...touched].map((id) => rows.get(id)!), ['peerId']);
  }
}
