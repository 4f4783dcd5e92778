import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { eventOf } from '@app/common/domain';
import { caseViewEventSchemas, semracMeetingStream } from '@app/cases';
import { shareEventSchemas } from '@app/sharing';
import { intelligenceItemEventSchemas, intelligenceStreamId, personOfInterestEventSchemas } from '@app/intelligence';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import {
  ALL_SEGMENT,
  ActionDue,
  CaseMissing,
  CaseRisk,
  EpisodeTimes,
  IntelTimes,
  NO_PLACES,
  ProfileFact,
  ProfilePlaces,
  ShareTimes,
  childSegments,
  episodeFacts,
  intelFacts,
  monthOf,
  poiFacts,
  referralCounts,
  repeatedMissingFacts,
  riskFacts,
  semracFacts,
  shareFacts,
} from './profile-facts';
import {
  ProfileActionDueEntity,
  ProfileCaseMissingEntity,
  ProfileCaseRiskEntity,
  ProfileCaseSegmentsEntity,
  ProfileCountEntity,
  ProfileEpisodeTimesEntity,
  ProfileIntelTimesEntity,
  ProfileShareTimesEntity,
  PROFILE_ENTITIES,
} from './profile.entities';

const EPISODE_EVENTS = ['MissingEpisodeReported', 'ChildReturned', 'ReturnInterviewHeld', 'ReturnInterviewNotHeld'];
const RISK_EVENTS = ['RiskAssessed', 'DiscussedAtSemrac'];
const INTEL_EVENTS = ['InformationSubmitted', 'IntelligenceGraded', 'IntelligenceDisseminated', 'PoliceAcknowledgementRecorded'];
const SEMRAC_EVENTS = ['CaseDiscussionRecorded', 'ActionStatusChanged', 'MeetingClosed'];
const SHARE_EVENTS = ['ShareRequested', 'ShareApproved', 'ShareRefused', 'ShareSent', 'DecidedNotToShare'];
const POI_EVENTS = ['PersonOfInterestRecorded', 'PersonOfInterestLinked', 'DisruptionRecorded', 'DisengagementInterventionRecorded'];

/** The projection's name: its checkpoint, and what `ProjectionsService.rebuild` is given. */
export const PROFILE_PROJECTION = 'analysis-profile';

/** The board's wards and schools the projection counts areas and schools under (PROFILE_AREAS, PROFILE_SCHOOLS). */
export const PROFILE_PLACES = Symbol('PROFILE_PLACES');

/**
 * The fold's own version: 3 adds areas and schools, and each count about a child again in the
 * segments of the child's case (vulnerable group, gender, age band, ethnic group).
 */
export const PROFILE_FOLD_VERSION = 3;

/**
 * The projection's version: the fold's, and a digest of the configured wards and schools. The lists
 * decide which row a referral's area counts under, so a board that changes them gets a read model
 * rebuilt under the new lists when the projection next starts (a stored version that differs
 * rebuilds), never one counted half under the old and half under the new. The order of the names
 * does not count (it only orders the rows shown); their spelling does (it is what is shown).
 * PROFILE_FOLD_VERSION × 1,000,000 plus six digits of the digest: within the checkpoint's integer.
 */
export function profileProjectionVersion(places: ProfilePlaces): number {
  const names = (configured: ReadonlyMap<string, string>) => [...configured.values()].sort();
  const digest = createHash('sha256').update(JSON.stringify({ areas: names(places.areas), schools: names(places.schools) })).digest();
  return PROFILE_FOLD_VERSION * 1_000_000 + (digest.readUInt32BE(0) % 1_000_000);
}

const cellKey = (month: string, measure: string, value: string) => `${month}\u0000${measure}\u0000${value}`;

/** Segment → cell (month, measure, value) → how much its count moves. */
type CountDeltas = Map<string, Map<string, number>>;

/**
 * The problem profile's counts (issue 14, strategy action 2.1): referrals, missing episodes,
 * SEMRAC listings, meetings and actions, children's risk bands, persons of interest, intelligence
 * and sharing, by month, segment, measure and value: every count under `all`, and each count about
 * one child's case again in the segments of that case (its latest referral's vulnerable groups,
 * gender, age band and ethnic group). Every event the store holds was checked against its
 * context's schema when it was written; fields erased since read as erased and count as not known.
 * What a count needs from an earlier event (a submission's time, an action's due date, a case's
 * segments) is kept in a working table of ids, codes and times. One read and one write of each
 * working table per batch; the counts are only written, each moved by its delta in the database.
 */
@Injectable()
@ReadModelProjection()
export class ProfileProjection implements Projection<CountDeltas> {
  readonly name = PROFILE_PROJECTION;
  /**
   * 2: children's risk bands, first and latest; children missing repeatedly; persons of interest; intelligence; sharing; SEMRAC meetings and actions.
   * 3: areas and schools; segments. With the lists' digest: see profileProjectionVersion.
   */
  readonly version: number;
  readonly entities = PROFILE_ENTITIES;
  /**
   * A rebuild holds the counts to its end (holdWrites); each batch still reads and writes the working
   * tables once, so larger batches do that fewer times. It reads only its own event types (one in
   * four of a log that is mostly access records) and keeps codes and counts.
   */
  readonly rebuildBatchSize = 20_000;
  /**
   * The board's counts, read in its analysis and reports, not a moment after a referral: a batch at
   * most every quarter second under load, not every 50 ms as the live default. Each batch reads and writes the working
   * tables and commits, and most of a busy batch's count cells are the same (this month's, in each
   * segment), so a referral cost it about as much as the case view that practitioners do wait for.
   */
  readonly liveBatchIntervalMs = 250;
  readonly eventTypes = ['ReferralReceived', 'ListedForSemrac', ...EPISODE_EVENTS, ...RISK_EVENTS, ...POI_EVENTS, ...INTEL_EVENTS, ...SHARE_EVENTS, ...SEMRAC_EVENTS];

  constructor(@Inject(PROFILE_PLACES) private readonly places: ProfilePlaces = NO_PLACES) {
    this.version = profileProjectionVersion(places);
  }

  /**
   * A rebuild holds the counts' deltas from one batch to the next and writes each cell once at the
   * end: every batch of a long log moves most cells again (each month's, in each segment), and
   * writing them was most of a rebuild's time. The working tables are still written batch by batch.
   */
  holdWrites(): CountDeltas {
    return new Map();
  }

  flushHeld(held: CountDeltas, manager: EntityManager): Promise<void> {
    return writeCounts(held, manager);
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager, held?: CountDeltas): Promise<void> {
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
    // The segments of the cases this batch counts something of: referred, reported missing, assessed, listed, discussed.
    const caseSegments = new Map<string, string[]>();
    const segmentCaseIds = events.flatMap((e) =>
      e.type === 'ReferralReceived' || e.type === 'MissingEpisodeReported' || e.type === 'ListedForSemrac' || e.type === 'CaseDiscussionRecorded' || RISK_EVENTS.includes(e.type)
        ? [String(e.data.caseId)]
        : [],
    );
    for (const chunk of inChunks([...new Set(segmentCaseIds)])) {
      for (const row of await manager.findBy(ProfileCaseSegmentsEntity, { caseId: In(chunk) })) caseSegments.set(row.caseId, row.segments);
    }
    const touchedSegments = new Set<string>();
    const segmentsOf = (caseId: string): string[] => caseSegments.get(caseId) ?? [];

    // Segment → cell (month, measure, value) → delta. A referral adds a dozen cells in each of six or
    // so segments: each cell's key is made once, not once a segment (a rebuild adds millions).
    const deltas: CountDeltas = held ?? new Map();
    const addTo = (segment: string, key: string, delta: number) => {
      let cells = deltas.get(segment);
      if (!cells) deltas.set(segment, (cells = new Map()));
      cells.set(key, (cells.get(key) ?? 0) + delta);
    };
    const add = (facts: readonly ProfileFact[]) => {
      for (const fact of facts) addTo(fact.segment ?? ALL_SEGMENT, cellKey(fact.month, fact.measure, fact.value), fact.delta);
    };
    /** Facts for everyone, and again in each segment: `add(inSegments(facts, segments))` without the copies. */
    const addIn = (facts: readonly ProfileFact[], segments: readonly string[]) => {
      for (const fact of facts) {
        const key = cellKey(fact.month, fact.measure, fact.value);
        addTo(ALL_SEGMENT, key, fact.delta);
        for (const segment of segments) addTo(segment, key, fact.delta);
      }
    };

    for (const recorded of events) {
      const meetingEvent = eventOf(semracMeetingStream.events, recorded);
      if (meetingEvent) {
        switch (meetingEvent.type) {
          case 'CaseDiscussionRecorded':
          case 'ActionStatusChanged':
          case 'MeetingClosed': {
            const next = semracFacts(actions, meetingEvent, meetingEvent.type === 'CaseDiscussionRecorded' ? segmentsOf(meetingEvent.data.caseId) : []);
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
        case 'ReferralReceived': {
          // As referralFacts: its counts for everyone and in its child's segments, the case's from now on.
          const segments = childSegments(event.data.child, event.data.referredAt);
          addIn(referralCounts(event.data, this.places), segments);
          caseSegments.set(event.data.caseId, segments);
          touchedSegments.add(event.data.caseId);
          break;
        }
        case 'ListedForSemrac': {
          const month = monthOf(event.data.listedAt);
          if (month) addIn([{ month, measure: 'semrac.listed', value: event.data.rule, delta: 1 }], segmentsOf(event.data.caseId));
          break;
        }
        case 'MissingEpisodeReported':
        case 'ChildReturned':
        case 'ReturnInterviewHeld':
        case 'ReturnInterviewNotHeld': {
          const episodeId = event.data.episodeId;
          const next = episodeFacts(episodes.get(episodeId), event, event.type === 'MissingEpisodeReported' ? segmentsOf(event.data.caseId) : []);
          if (next.times !== episodes.get(episodeId)) touchedEpisodes.add(episodeId);
          episodes.set(episodeId, next.times);
          add(next.facts);
          if (event.type === 'MissingEpisodeReported') {
            const repeated = repeatedMissingFacts(missing.get(event.data.caseId), event.data);
            if (repeated.missing !== missing.get(event.data.caseId)) touchedMissing.add(event.data.caseId);
            missing.set(event.data.caseId, repeated.missing);
            addIn(repeated.facts, segmentsOf(event.data.caseId));
          }
          break;
        }
        case 'RiskAssessed':
        case 'DiscussedAtSemrac': {
          const next = riskFacts(risks.get(event.data.caseId), event, segmentsOf(event.data.caseId));
          risks.set(event.data.caseId, next.risk);
          touchedRisks.add(event.data.caseId);
          add(next.facts);
          break;
        }
      }
    }

    if (!held) await writeCounts(deltas, manager);
    const times = [...touchedEpisodes].map((id) => episodes.get(id)).filter((t): t is EpisodeTimes => t !== undefined);
    await upsertRows(manager, ProfileEpisodeTimesEntity, times, ['episodeId']);
    await upsertRows(manager, ProfileCaseRiskEntity, [...touchedRisks].map((id) => risks.get(id)!), ['caseId']);
    await upsertRows(manager, ProfileCaseMissingEntity, [...touchedMissing].map((id) => missing.get(id)!), ['caseId']);
    const itemTimes = [...touchedItems].map((id) => items.get(id)).filter((t): t is IntelTimes => t !== undefined);
    await upsertRows(manager, ProfileIntelTimesEntity, itemTimes, ['itemId']);
    const shareTimes = [...touchedShares].map((id) => shares.get(id)).filter((t): t is ShareTimes => t !== undefined);
    await upsertRows(manager, ProfileShareTimesEntity, shareTimes, ['shareId']);
    await upsertRows(manager, ProfileActionDueEntity, [...touchedActions].map((id) => actions.get(id)!), ['actionId']);
    await upsertRows(manager, ProfileCaseSegmentsEntity, [...touchedSegments].map((caseId) => ({ caseId, segments: caseSegments.get(caseId)! })), ['caseId']);
  }
}

/**
 * Each count moves by its delta in the database (no read of the counts first: a batch of a
 * rebuild touches cells of many months, thousands in all with the segments).
 */
async function writeCounts(deltas: CountDeltas, manager: EntityManager): Promise<void> {
  const rows: ProfileCountEntity[] = [];
  for (const [segment, cells] of deltas) {
    for (const [key, delta] of cells) {
      if (delta === 0) continue;
      const [month, measure, value] = key.split('\u0000');
      rows.push({ month, segment, measure, value, count: delta });
    }
  }
  await upsertRows(manager, ProfileCountEntity, rows, ['month', 'segment', 'measure', 'value'], { add: ['count'] });
  // A count back at zero (a still-missing episode whose child returned) leaves no row: the same
  // table whether built event by event or rebuilt in one batch. Only a negative delta brings one there.
  const lowered = rows.filter((row) => row.count < 0);
  for (const months of inChunks([...new Set(lowered.map((row) => row.month))], 100)) {
    await manager.delete(ProfileCountEntity, { count: 0, month: In(months), measure: In([...new Set(lowered.map((row) => row.measure))]) });
  }
}
