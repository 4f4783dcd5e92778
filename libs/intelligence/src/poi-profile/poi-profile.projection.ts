import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { PERSON_OF_INTEREST_EVENT_TYPES } from '../person-of-interest/person-of-interest.events';
import { personOfInterestEventSchemas } from '../person-of-interest/person-of-interest.schemas';
import { PoiLinkView, PoiProfileView, evolvePoiProfile, linkView } from './poi-profile-view';
import { PoiLinkEntity, PoiProfileEntity } from './poi-profile.entity';

/** POI profiles and the link table the network is read from. */
@Injectable()
@ReadModelProjection()
export class PoiProfileProjection implements Projection {
  readonly name = 'poi-profiles';
  readonly version = 1;
  readonly entities = [PoiProfileEntity, PoiLinkEntity];
  readonly eventTypes = PERSON_OF_INTEREST_EVENT_TYPES;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const views = new Map<string, PoiProfileView | undefined>();
    const ids = [...new Set(events.map((e) => String(e.data.poiId)))];
    for (const chunk of inChunks(ids)) {
      for (const row of await manager.findBy(PoiProfileEntity, { poiId: In(chunk) })) views.set(row.poiId, row.view);
    }
    const links: PoiLinkView[] = [];
    for (const recorded of events) {
      const event = eventOf(personOfInterestEventSchemas, recorded);
      if (!event) continue;
      views.set(event.data.poiId, evolvePoiProfile(views.get(event.data.poiId), event, recorded));
      if (event.type === 'PersonOfInterestLinked') links.push(linkView(event, recorded));
    }
    const rows = [...views.values()].filter((v): v is PoiProfileView => v !== undefined).map(toProfileRow);
    await upsertRows(manager, PoiProfileEntity, rows, ['poiId']);
    await upsertRows(manager, PoiLinkEntity, links.map(toLinkRow), ['linkId']);
  }
}

export function toProfileRow(view: PoiProfileView): PoiProfileEntity {
  return {
    poiId: view.poiId,
    status: view.status,
    mergedInto: view.mergedInto ?? null,
    displayName: view.displayName.slice(0, 200),
    vulnerableYoungPerson: view.vulnerableYoungPerson !== undefined,
    view,
  };
}

export function toLinkRow(view: PoiLinkView): PoiLinkEntity {
  const { target } = view;
  return {
    linkId: view.linkId,
    poiId: view.poiId,
    targetKind: target.kind,
    targetKey: target.kind === 'case' ? target.caseId : target.kind === 'poi' ? target.poiId : target.locationKey,
    nature: view.nature,
    view,
  };
}
