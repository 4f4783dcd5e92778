import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { INTELLIGENCE_ITEM_EVENT_TYPES, REFERENCED_SUBJECT_KINDS } from '../intelligence-item/intelligence-item.events';
import { intelligenceItemEventSchemas } from '../intelligence-item/intelligence-item.schemas';
import { IntelligenceItemView, evolveIntelligenceItemView } from './intelligence-item-view';
import { IntelligenceItemEntity, IntelligenceItemRefEntity, IntelligenceItemSubmitterEntity } from './intelligence-register.entity';

/**
 * The intelligence register, built by `evolveIntelligenceItemView`. It sees every event of an item
 * stream so that its revision is the stream's, but reads nothing sealed: the view copies fields
 * one by one and ignores `SourceDetailsRecorded`'s data.
 */
@Injectable()
@ReadModelProjection()
export class IntelligenceRegisterProjection implements Projection {
  readonly name = 'intelligence-register';
  readonly version = 3;
  readonly entities = [IntelligenceItemEntity, IntelligenceItemRefEntity, IntelligenceItemSubmitterEntity];
  readonly eventTypes = INTELLIGENCE_ITEM_EVENT_TYPES;

  async apply(all: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    // PoliceAcknowledgementRecorded is also a disclosure notice's event: only item streams count here.
    const events = all.filter((e) => e.streamId.startsWith('intel-'));
    const views = new Map<string, IntelligenceItemView | undefined>();
    const ids = [...new Set(events.map((e) => String(e.data.itemId)))];
    for (const chunk of inChunks(ids)) {
      for (const row of await manager.findBy(IntelligenceItemEntity, { itemId: In(chunk) })) views.set(row.itemId, row.view);
    }
    const refs: IntelligenceItemRefEntity[] = [];
    const submitters: IntelligenceItemSubmitterEntity[] = [];
    for (const recorded of events) {
      const event = eventOf(intelligenceItemEventSchemas, recorded);
      if (!event) continue;
      const itemId = event.data.itemId;
      views.set(itemId, evolveIntelligenceItemView(views.get(itemId), event, recorded));
      if (event.type === 'InformationSubmitted') {
        submitters.push({ itemId, agencyId: recorded.metadata.actor.agencyId });
        for (const subject of event.data.subjects) {
          if (REFERENCED_SUBJECT_KINDS.includes(subject.kind) && subject.ref) refs.push({ itemId, kind: subject.kind, ref: subject.ref });
        }
      }
    }
    const rows = [...views.values()].filter((v): v is IntelligenceItemView => v !== undefined).map(toRow);
    await upsertRows(manager, IntelligenceItemEntity, rows, ['itemId']);
    await upsertRows(manager, IntelligenceItemRefEntity, refs, ['itemId', 'kind', 'ref']);
    await upsertRows(manager, IntelligenceItemSubmitterEntity, submitters, ['itemId']);
  }
}

export function toRow(view: IntelligenceItemView): IntelligenceItemEntity {
  return {
    itemId: view.itemId,
    status: view.status,
    handling: view.grading?.handling ?? null,
    gradingCode: view.grading?.code ?? null,
    urgent: view.urgent,
    submittedAt: view.submittedAt,
    disseminatedAt: view.disseminatedAt ?? null,
    view,
  };
}
