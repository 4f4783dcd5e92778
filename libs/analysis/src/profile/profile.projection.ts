import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { eventOf } from '@app/common/domain';
import { caseViewEventSchemas } from '@app/cases';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { EpisodeTimes, ProfileFact, episodeFacts, monthOf, referralFacts } from './profile-facts';
import { ProfileCountEntity, ProfileEpisodeTimesEntity } from './profile.entities';

const EPISODE_EVENTS = ['MissingEpisodeReported', 'ChildReturned', 'ReturnInterviewHeld', 'ReturnInterviewNotHeld'];

/** The projection's name: its checkpoint, and what `ProjectionsService.rebuild` is given. */
export const PROFILE_PROJECTION = 'analysis-profile';

const cellKey = (month: string, measure: string, value: string) => `${month}\u0000${measure}\u0000${value}`;

/**
 * The problem profile's counts (issue 14, strategy action 2.1): referrals, missing episodes and
 * SEMRAC listings by month, measure and value. Every event the store holds was checked against
 * its context's schema when it was written; fields erased since read as erased and count as not
 * known. One read and one write of each table per batch.
 */
@Injectable()
@ReadModelProjection()
export class ProfileProjection implements Projection {
  readonly name = PROFILE_PROJECTION;
  readonly version = 1;
  readonly entities = [ProfileCountEntity, ProfileEpisodeTimesEntity];
  readonly eventTypes = ['ReferralReceived', 'ListedForSemrac', ...EPISODE_EVENTS];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const episodes = new Map<string, EpisodeTimes | undefined>();
    const episodeIds = [...new Set(events.filter((e) => EPISODE_EVENTS.includes(e.type)).map((e) => String(e.data.episodeId)))];
    for (const chunk of inChunks(episodeIds)) {
      for (const row of await manager.findBy(ProfileEpisodeTimesEntity, { episodeId: In(chunk) })) episodes.set(row.episodeId, row);
    }
    const touchedEpisodes = new Set<string>();

    const deltas = new Map<string, ProfileFact>();
    const add = (facts: readonly ProfileFact[]) => {
      for (const fact of facts) {
        const key = cellKey(fact.month, fact.measure, fact.value);
        const current = deltas.get(key);
        deltas.set(key, current ? { ...current, delta: current.delta + fact.delta } : { ...fact });
      }
    };

    for (const recorded of events) {
      const event = eventOf(caseViewEventSchemas, recorded);
      if (!event) continue;
      switch (event.type) {
        case 'ReferralReceived':
          add(referralFacts(event.data));
          break;
        case 'ListedForSemrac': {
          const month = monthOf(event.data.listedAt);
          if (month) add([{ month, measure: 'semrac.listed', value: event.data.rule, delta: 1 }]);
          break;
        }
        case 'MissingEpisodeReported':
        case 'ChildReturned':
        case 'ReturnInterviewHeld':
        case 'ReturnInterviewNotHeld': {
          const episodeId = event.data.episodeId;
          const next = episodeFacts(episodes.get(episodeId), event);
          if (next.times !== episodes.get(episodeId)) touchedEpisodes.add(episodeId);
          episodes.set(episodeId, next.times);
          add(next.facts);
          break;
        }
      }
    }

    const changed = [...deltas.values()].filter((fact) => fact.delta !== 0);
    const counts = new Map<string, ProfileCountEntity>();
    // A month holds a few hundred cells at most: read the batch's months whole.
    for (const months of inChunks([...new Set(changed.map((fact) => fact.month))], 100)) {
      for (const row of await manager.findBy(ProfileCountEntity, { month: In(months) })) counts.set(cellKey(row.month, row.measure, row.value), row);
    }
    const rows = changed.map((fact) => {
      const key = cellKey(fact.month, fact.measure, fact.value);
      return { month: fact.month, measure: fact.measure, value: fact.value, count: (counts.get(key)?.count ?? 0) + fact.delta };
    });
    // A count back at zero (a still-missing episode whose child returned) leaves no row: the same
    // table whether built event by event or rebuilt in one batch.
    await upsertRows(manager, ProfileCountEntity, rows.filter((row) => row.count !== 0), ['month', 'measure', 'value']);
    for (const row of rows.filter((r) => r.count === 0)) await manager.delete(ProfileCountEntity, { month: row.month, measure: row.measure, value: row.value });
    const times = [...touchedEpisodes].map((id) => episodes.get(id)).filter((t): t is EpisodeTimes => t !== undefined);
    await upsertRows(manager, ProfileEpisodeTimesEntity, times, ['episodeId']);
  }
}
