import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { eventOf } from '@app/common/domain';
import { caseViewEventSchemas, semracMeetingStream } from '@app/cases';
import { shareEventSchemas } from '@app/sharing';
import { intelligenceItemEventSchemas, intelligenceStreamId, personOfInterestEventSchemas } from '@app/intelligence';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import {
  ActionDue,
  CaseMissing,
  CaseRisk,
  EpisodeTimes,
  IntelTimes,
  ProfileFact,
  ShareTimes,
  episodeFacts,
  intelFacts,
  monthOf,
  poiFacts,
  referralFacts,
  repeatedMissingFacts,
  riskFacts,
  semracFacts,
  shareFacts,
} from './profile-facts';
import { ProfileActionDueEntity, ProfileCaseMissingEntity, ProfileCaseRiskEntity, ProfileCountEntity, ProfileEpisodeTimesEntity, ProfileIntelTimesEntity, ProfileShareTimesEntity } from './profile.entities';

const EPISODE_EVENTS = ['MissingEpisodeReported', 'ChildReturned', 'ReturnInterviewHeld', 'ReturnInterviewNotHeld'];
const RISK_EVENTS = ['RiskAssessed', 'DiscussedAtSemrac'];
const INTEL_EVENTS = ['InformationSubmitted', 'IntelligenceGraded', 'IntelligenceDisseminated', 'PoliceAcknowledgementRecorded'];
const SEMRAC_EVENTS = ['CaseDiscussionRecorded', 'ActionStatusChanged', 'MeetingClosed'];
const SHARE_EVENTS = ['ShareRequested', 'ShareApproved', 'ShareRefused', 'ShareSent', 'DecidedNotToShare'];
const POI_EVENTS = ['PersonOfInterestRecorded', 'PersonOfInterestLinked', 'DisruptionRecorded', 'DisengagementInterventionRecorded'];

/** The projection's name: its checkpoint, and what `ProjectionsService.rebuild` is given. */
export const PROFILE_PROJECTION = 'analysis-profile';

const cellKey = (month: string, measure: string, value: string) => `${month}\u0000${measure}\u0000${value}`;

/**
 * The problem profile's counts (issue 14, strategy action 2.1): referrals, missing episodes,
 * SEMRAC listings, meetings and actions, children's risk bands, persons of interest, intelligence
 * and sharing, by month, measure and value. Every event the store holds was checked against its
 * context's schema when it was written; fields erased since read as erased and count as not known.
 * What a count needs from an earlier event (a submission's time, an action's due date) is kept in
 * a working table of ids, codes and times. One read and one write of each table per batch.
 */
@Injectable()
@ReadModelProjection()
export class ProfileProjection implements Projection {
  readonly name = PROFILE_PROJECTION;
  /** 2: children's risk bands, first and latest; children missing repeatedly; persons of interest; intelligence; sharing; SEMRAC meetings and actions. */
  readonly version = 2;
  readonly entities = [ProfileCountEntity, ProfileEpisodeTimesEntity, ProfileCaseRiskEntity, ProfileCaseMissingEntity, ProfileIntelTimesEntity, ProfileShareTimesEntity, ProfileActionDueEntity];
  readonly eventTypes = ['ReferralReceived', 'ListedForSemrac', ...EPISODE_EVENTS, ...RISK_EVENTS, ...POI_EVENTS, ...INTEL_EVENTS, ...SHARE_EVENTS, ...SEMRAC_EVENTS];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const episodes = new Map<string, EpisodeTimes | undefined>();
    const episodeIds = [...new Set(events.filter((e) => EPISODE_EVENTS.includes(e.type)).map((e) => String(e.data.episodeId)))];
    for (const chunk of inChunks(episodeIds)) {
      for (const row of await manager.findBy(ProfileEpisodeTimesEntity, { episodeId: In(chunk) })) episodes.set(row.episodeId, row);
    }
    const touchedEpisodes = new Set<string>();
    const risks = new Map<string, CaseRisk>();
    const caseIds = [...new Set(events.filter((e) => RISK_EVENTS.includes(e.type)).map((e) => String(e.data.caseId)))];
    for (const chunk of inChunks(caseIds)) {
      for (const row of await manager.findBy(ProfileCaseRiskEntity, { caseId: In(chunk) })) risks.set(row.caseId, row);
    }
    const touchedRisks = new Set<string>();
    const missing = new Map<string, CaseMissing>();
    const missingCaseIds = [...new Set(events.filter((e) => e.type === 'MissingEpisodeReported').map((e) => String(e.data.caseId)))];
    for (const chunk of inChunks(missingCaseIds)) {
      for (const row of await manager.findBy(ProfileCaseMissingEntity, { caseId: In(chunk) })) missing.set(row.caseId, row);
    }
    const touchedMissing = new Set<string>();
    // PoliceAcknowledgementRecorded is also a disclosure notice's event: only an item's stream counts here.
    const isIntel = (e: RecordedEvent) => INTEL_EVENTS.includes(e.type) && e.streamId === intelligenceStreamId(String(e.data.itemId));
    const items = new Map<string, IntelTimes | undefined>();
    for (const chunk of inChunks([...new Set(events.filter(isIntel).map((e) => String(e.data.itemId)))])) {
      for (const row of await manager.findBy(ProfileIntelTimesEntity, { itemId: In(chunk) })) items.set(row.itemId, row);
    }
    const touchedItems = new Set<string>();
    const shares = new Map<string, ShareTimes | undefined>();
    for (const chunk of inChunks([...new Set(events.filter((e) => SHARE_EVENTS.includes(e.type)).map((e) => String(e.data.shareId)))])) {
      for (const row of await manager.findBy(ProfileShareTimesEntity, { shareId: In(chunk) })) shares.set(row.shareId, row);
    }
    const touchedShares = new Set<string>();
    const actions = new Map<string, ActionDue>();
    const actionIds = events.flatMap((e) =>
      e.type === 'ActionStatusChanged' ? [String(e.data.actionId)] : e.type === 'CaseDiscussionRecorded' && Array.isArray(e.data.actions) ? e.data.actions.map((a) => String((a as { actionId?: unknown }).actionId)) : [],
    );
    for (const chunk of inChunks([...new Set(actionIds)])) {
      for (const row of await manager.findBy(ProfileActionDueEntity, { actionId: In(chunk) })) actions.set(row.actionId, row);
    }
    const touchedActions = new Set<string>();

    const deltas = new Map<string, ProfileFact>();
    const add = (facts: readonly ProfileFact[]) => {
      for (const fact of facts) {
        const key = cellKey(fact.month, fact.measure, fact.value);
        const current = deltas.get(key);
        deltas.set(key, current ? { ...current, delta: current.delta + fact.delta } : { ...fact });
      }
    };

    for (const recorded of events) {
      const meetingEvent = eventOf(semracMeetingStream.events, recorded);
      if (meetingEvent) {
        switch (meetingEvent.type) {
          case 'CaseDiscussionRecorded':
          case 'ActionStatusChanged':
          case 'MeetingClosed': {
            const next = semracFacts(actions, meetingEvent);
            for (const action of next.changed) {
              actions.set(action.actionId, action);
              touchedActions.add(action.actionId);
            }
            add(next.facts);
          }
        }
        continue;
      }
      const shareEvent = eventOf(shareEventSchemas, recorded);
      if (shareEvent) {
        switch (shareEvent.type) {
          case 'ShareRequested':
          case 'ShareApproved':
          case 'ShareRefused':
          case 'ShareSent':
          case 'DecidedNotToShare': {
            const shareId = shareEvent.data.shareId;
            const next = shareFacts(shares.get(shareId), shareEvent);
            if (next.times !== shares.get(shareId)) touchedShares.add(shareId);
            shares.set(shareId, next.times);
            add(next.facts);
          }
        }
        continue;
      }
      const intelEvent = isIntel(recorded) ? eventOf(intelligenceItemEventSchemas, recorded) : undefined;
      if (intelEvent) {
        switch (intelEvent.type) {
          case 'InformationSubmitted':
          case 'IntelligenceGraded':
          case 'IntelligenceDisseminated':
          case 'PoliceAcknowledgementRecorded': {
            const itemId = intelEvent.data.itemId;
            const next = intelFacts(items.get(itemId), intelEvent, recorded.metadata?.actor?.agencyId);
            if (next.times !== items.get(itemId)) touchedItems.add(itemId);
            items.set(itemId, next.times);
            add(next.facts);
          }
        }
        continue;
      }
      const poiEvent = eventOf(personOfInterestEventSchemas, recorded);
      if (poiEvent) {
        switch (poiEvent.type) {
          case 'PersonOfInterestRecorded':
          case 'PersonOfInterestLinked':
          case 'DisruptionRecorded':
          case 'DisengagementInterventionRecorded':
            add(poiFacts(poiEvent));
        }
        continue;
      }
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
          if (event.type === 'MissingEpisodeReported') {
            const repeated = repeatedMissingFacts(missing.get(event.data.caseId), event.data);
            if (repeated.missing !== missing.get(event.data.caseId)) touchedMissing.add(event.data.caseId);
            missing.set(event.data.caseId, repeated.missing);
            add(repeated.facts);
          }
          break;
        }
        case 'RiskAssessed':
        case 'DiscussedAtSemrac': {
          const next = riskFacts(risks.get(event.data.caseId), event);
          risks.set(event.data.caseId, next.risk);
          touchedRisks.add(event.data.caseId);
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
    await upsertRows(manager, ProfileCaseRiskEntity, [...touchedRisks].map((id) => risks.get(id)!), ['caseId']);
    await upsertRows(manager, ProfileCaseMissingEntity, [...touchedMissing].map((id) => missing.get(id)!), ['caseId']);
    const itemTimes = [...touchedItems].map((id) => items.get(id)).filter((t): t is IntelTimes => t !== undefined);
    await upsertRows(manager, ProfileIntelTimesEntity, itemTimes, ['itemId']);
    const shareTimes = [...touchedShares].map((id) => shares.get(id)).filter((t): t is ShareTimes => t !== undefined);
    await upsertRows(manager, ProfileShareTimesEntity, shareTimes, ['shareId']);
    await upsertRows(manager, ProfileActionDueEntity, [...touchedActions].map((id) => actions.get(id)!), ['actionId']);
  }
}
