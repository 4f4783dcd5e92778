import type { CasesSettings } from '../cases.settings';
import type { SemracListingDetail, SemracRule } from './semrac-listing.events';
import { listedRulesAfter } from './semrac-listing.decider';

/**
 * The SEMRAC overview criteria (strategy section 4; thresholds are the board's configuration):
 * missing N or more times in any window of D days; missing for more than H hours; an episode
 * that appears concerning; a risk assessment banded moderate or significant. Pure: the listing
 * process manager keeps the facts in its table and acts on what these functions say.
 */

export type ListingThresholds = Pick<CasesSettings, 'SEMRAC_MISSING_EPISODES' | 'SEMRAC_MISSING_WINDOW_DAYS' | 'SEMRAC_MISSING_HOURS'>;

export interface EpisodeFacts {
  episodeId: string;
  /** The id of the MissingEpisodeReported event: the episode's identity in listings. */
  reportEventId: string;
  lastSeenAt: string;
  returnedAt?: string;
  concerning: boolean;
  /** A listing under 'missing-over-threshold' for this episode exists: it is never listed twice for it. */
  overThresholdListed?: boolean;
}

/** What the process manager knows of one case. */
export interface CaseListingFacts {
  caseId: string;
  /** Rules the case is listed under and not yet discussed (as the case decider sees it). */
  listedRules: string[];
  episodes: EpisodeFacts[];
}

/** A rule met: list the case under it. */
export interface Firing {
  rule: SemracRule;
  detail: SemracListingDetail;
  /** The stored event that met the rule. */
  triggeredBy: string;
  /**
   * What the listing's event id derives from, with the rule. The triggering event's id, except for
   * an episode over the threshold: there it is the episode's report, so the return and the sweep
   * of open episodes name the same listing and the store keeps only one.
   */
  key: string;
}

/** The stored event fields the rules read. */
export interface ListingSourceEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LISTABLE_BANDS = ['moderate', 'significant'];

export const emptyListingFacts = (caseId: string): CaseListingFacts => ({ caseId, listedRules: [], episodes: [] });

/**
 * The episodes of a window of `SEMRAC_MISSING_WINDOW_DAYS` days (bounds included: the last
 * sighting exactly D×24 hours after the first is within) that holds the given episode and at
 * least `SEMRAC_MISSING_EPISODES` episodes; undefined when there is none.
 */
export function repeatedlyMissing(episodes: readonly EpisodeFacts[], episodeId: string, t: ListingThresholds): string[] | undefined {
  const at = (e: EpisodeFacts) => Date.parse(e.lastSeenAt);
  const sorted = [...episodes].sort((a, b) => at(a) - at(b) || a.episodeId.localeCompare(b.episodeId));
  const target = sorted.find((e) => e.episodeId === episodeId);
  if (!target) return undefined;
  const window = t.SEMRAC_MISSING_WINDOW_DAYS * DAY;
  for (const start of sorted) {
    if (at(start) > at(target)) break;
    if (at(target) - at(start) > window) continue;
    const inWindow = sorted.filter((e) => at(e) >= at(start) && at(e) - at(start) <= window);
    if (inWindow.length >= t.SEMRAC_MISSING_EPISODES) return inWindow.map((e) => e.episodeId);
  }
  return undefined;
}

/** Missing for MORE than the threshold: exactly `SEMRAC_MISSING_HOURS` hours is not. */
export function missingOverThreshold(episode: Pick<EpisodeFacts, 'lastSeenAt' | 'returnedAt'>, t: ListingThresholds): boolean {
  return episode.returnedAt !== undefined && Date.parse(episode.returnedAt) - Date.parse(episode.lastSeenAt) > t.SEMRAC_MISSING_HOURS * HOUR;
}

/** Not yet returned, and last seen more than the threshold ago. */
export function stillMissingOverThreshold(episode: Pick<EpisodeFacts, 'lastSeenAt' | 'returnedAt'>, now: Date, t: ListingThresholds): boolean {
  return episode.returnedAt === undefined && now.getTime() - Date.parse(episode.lastSeenAt) > t.SEMRAC_MISSING_HOURS * HOUR;
}

/** Moderate or significant (DOMAIN.md, risk assessment: "moderate or significant → listed"). */
export function riskBandListable(band: unknown): boolean {
  return typeof band === 'string' && LISTABLE_BANDS.includes(band);
}

/**
 * Pure: the facts after one more event, and the rules it meets that the case is not already
 * listed under. Acting on a firing is the caller's: `markListed` records it.
 */
export function onListingEvent(
  facts: CaseListingFacts,
  event: ListingSourceEvent,
  t: ListingThresholds,
): { facts: CaseListingFacts; firings: Firing[] } {
  const d = event.data;
  const firings: Firing[] = [];
  let next = facts;
  switch (event.type) {
    case 'MissingEpisodeReported': {
      const episodeId = String(d.episodeId);
      if (next.episodes.some((e) => e.episodeId === episodeId)) break;
      const episode: EpisodeFacts = { episodeId, reportEventId: event.id, lastSeenAt: String(d.lastSeenAt), concerning: d.concerning === true };
      next = { ...next, episodes: [...next.episodes, episode] };
      const window = repeatedlyMissing(next.episodes, episodeId, t);
      if (window) {
        firings.push({
          rule: 'missing-repeatedly',
          detail: {
            summary: `${window.length} missing episodes within ${t.SEMRAC_MISSING_WINDOW_DAYS} days (threshold ${t.SEMRAC_MISSING_EPISODES})`,
            episodeIds: window,
          },
          triggeredBy: event.id,
          key: event.id,
        });
      }
      if (episode.concerning) firings.push(concerning(episodeId, event.id));
      break;
    }
    case 'MissingEpisodeUpdated': {
      const episode = next.episodes.find((e) => e.episodeId === d.episodeId);
      if (!episode || typeof d.concerning !== 'boolean') break;
      next = withEpisode(next, { ...episode, concerning: d.concerning });
      if (d.concerning && !episode.concerning) firings.push(concerning(episode.episodeId, event.id));
      break;
    }
    case 'ChildReturned': {
      const episode = next.episodes.find((e) => e.episodeId === d.episodeId);
      if (!episode || episode.returnedAt) break;
      const returned = { ...episode, returnedAt: String(d.returnedAt) };
      next = withEpisode(next, returned);
      if (!returned.overThresholdListed && missingOverThreshold(returned, t)) {
        const hours = (Date.parse(returned.returnedAt) - Date.parse(returned.lastSeenAt)) / HOUR;
        firings.push({
          rule: 'missing-over-threshold',
          detail: { summary: `Missing for ${formatHours(hours)} hours (more than ${t.SEMRAC_MISSING_HOURS})`, episodeIds: [episode.episodeId] },
          triggeredBy: event.id,
          key: episode.reportEventId,
        });
      }
      break;
    }
    case 'RiskAssessed':
      if (riskBandListable(d.band)) {
        firings.push({
          rule: 'risk-band',
          detail: { summary: `Risk assessed as ${String(d.band)}`, assessmentId: String(d.assessmentId), band: String(d.band) },
          triggeredBy: event.id,
          key: event.id,
        });
      }
      break;
    case 'ListedForSemrac': {
      next = { ...next, listedRules: listedRulesAfter(next.listedRules, event) };
      const detail = d.detail as SemracListingDetail | undefined;
      if (d.rule === 'missing-over-threshold') next = flagOverThreshold(next, detail?.episodeIds ?? []);
      break;
    }
    default:
      next = { ...next, listedRules: listedRulesAfter(next.listedRules, event) };
  }
  return { facts: next, firings: firings.filter((f) => !next.listedRules.includes(f.rule)) };
}

/** The facts once the case is listed (or found already listed) for a firing. */
export function markListed(facts: CaseListingFacts, firing: Firing): CaseListingFacts {
  const next = { ...facts, listedRules: facts.listedRules.includes(firing.rule) ? facts.listedRules : [...facts.listedRules, firing.rule] };
  return firing.rule === 'missing-over-threshold' ? flagOverThreshold(next, firing.detail.episodeIds ?? []) : next;
}

/** Open episodes past the threshold that no listing covers yet: for the periodic sweep. */
export function openEpisodesOverThreshold(facts: CaseListingFacts, now: Date, t: ListingThresholds): Firing[] {
  if (facts.listedRules.includes('missing-over-threshold')) return [];
  return facts.episodes
    .filter((e) => !e.overThresholdListed && stillMissingOverThreshold(e, now, t))
    .map((e) => ({
      rule: 'missing-over-threshold' as const,
      detail: { summary: `Still missing more than ${t.SEMRAC_MISSING_HOURS} hours after last seen`, episodeIds: [e.episodeId] },
      triggeredBy: e.reportEventId,
      key: e.reportEventId,
    }));
}

/** The earliest last sighting among open episodes no over-threshold listing covers: what the sweep looks for. */
export function openSince(facts: CaseListingFacts): string | undefined {
  const open = facts.episodes.filter((e) => !e.returnedAt && !e.overThresholdListed).map((e) => new Date(Date.parse(e.lastSeenAt)).toISOString());
  return open.length === 0 ? undefined : open.sort()[0];
}

function concerning(episodeId: string, eventId: string): Firing {
  return { rule: 'missing-concerning', detail: { summary: 'Missing episode marked as concerning', episodeIds: [episodeId] }, triggeredBy: eventId, key: eventId };
}

function withEpisode(facts: CaseListingFacts, episode: EpisodeFacts): CaseListingFacts {
  return { ...facts, episodes: facts.episodes.map((e) => (e.episodeId === episode.episodeId ? episode : e)) };
}

function flagOverThreshold(facts: CaseListingFacts, episodeIds: readonly string[]): CaseListingFacts {
  return { ...facts, episodes: facts.episodes.map((e) => (episodeIds.includes(e.episodeId) ? { ...e, overThresholdListed: true } : e)) };
}

function formatHours(hours: number): string {
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
}
