import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, upsertRows } from '@app/event-store';
import { MISSING_EPISODE_EVENT_TYPES } from '../missing-episode.events';
import { missingEpisodeEventSchemas } from '../missing-episode.schemas';
import { MissingEpisodeView, evolveMissingEpisodeView } from './missing-episode-view';
import { MissingEpisodeEntity } from './missing-episode.entity';

/** The missing episodes read model: one row per episode, built by `evolveMissingEpisodeView`. */
@Injectable()
@ReadModelProjection()
export class MissingEpisodesProjection implements Projection {
  readonly name = 'missing-episodes';
  readonly version = 1;
  readonly entities = [MissingEpisodeEntity];
  readonly eventTypes = MISSING_EPISODE_EVENT_TYPES;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const views = new Map<string, MissingEpisodeView | undefined>();
    const ids = [...new Set(events.map((e) => String(e.data.episodeId)))];
    for (let i = 0; i < ids.length; i += 500) {
      for (const row of await manager.findBy(MissingEpisodeEntity, { episodeId: In(ids.slice(i, i + 500)) })) views.set(row.episodeId, row.view);
    }
    for (const recorded of events) {
      const event = eventOf(missingEpisodeEventSchemas, recorded);
      if (!event) continue;
      views.set(event.data.episodeId, evolveMissingEpisodeView(views.get(event.data.episodeId), event, recorded));
    }
    const rows = [...views.values()].filter((v): v is MissingEpisodeView => v !== undefined).map(toRow);
    await upsertRows(manager, MissingEpisodeEntity, rows, ['episodeId']);
  }
}

export function toRow(view: MissingEpisodeView): MissingEpisodeEntity {
  return {
    episodeId: view.episodeId,
    caseId: view.caseId,
    status: view.status,
    lastSeenAt: view.lastSeenAt,
    returnedAt: view.return?.returnedAt ?? null,
    durationMinutes: view.return?.durationMinutes ?? null,
    concerning: view.concerning,
    policeCategory: view.policeCategory,
    riskLevel: view.riskLevel,
    interviewDueAt: view.interview.dueAt ?? null,
    interviewStatus: view.interview.status,
    view,
  };
}
