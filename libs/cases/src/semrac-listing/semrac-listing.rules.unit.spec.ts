import { DEFAULT_CASES_SETTINGS } from '../cases.settings';
import {
  CaseListingFacts,
  EpisodeFacts,
  ListingSourceEvent,
  emptyListingFacts,
  markListed,
  missingOverThreshold,
  onListingEvent,
  openEpisodesOverThreshold,
  openSince,
  repeatedlyMissing,
  riskBandListable,
  stillMissingOverThreshold,
} from './semrac-listing.rules';

const seed = DEFAULT_CASES_SETTINGS;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-01-01T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const caseId = 'case-1';

const episode = (id: string, lastSeen: number, extra: Partial<EpisodeFacts> = {}): EpisodeFacts => ({
  episodeId: id,
  reportEventId: `report-${id}`,
  lastSeenAt: iso(lastSeen),
  concerning: false,
  ...extra,
});

const reported = (id: string, lastSeen: number, concerning = false): ListingSourceEvent => ({
  id: `report-${id}`,
  type: 'MissingEpisodeReported',
  data: { caseId, episodeId: id, lastSeenAt: iso(lastSeen), concerning },
});
const returned = (id: string, at: number): ListingSourceEvent => ({ id: `return-${id}`, type: 'ChildReturned', data: { caseId, episodeId: id, returnedAt: iso(at) } });

/** Feeds events one by one, as the process manager does, listing every firing. */
function run(events: ListingSourceEvent[], facts: CaseListingFacts = emptyListingFacts(caseId), t = seed) {
  const fired: { rule: string; triggeredBy: string; key: string; episodeIds?: string[] }[] = [];
  for (const event of events) {
    const result = onListingEvent(facts, event, t);
    facts = result.facts;
    for (const firing of result.firings) {
      fired.push({ rule: firing.rule, triggeredBy: firing.triggeredBy, key: firing.key, episodeIds: firing.detail.episodeIds });
      facts = markListed(facts, firing);
    }
  }
  return { facts, fired };
}

describe('SEMRAC listing rules', () => {
  describe('missing repeatedly: 3 or more episodes in any 90 days', () => {
    it('counts a third episode last seen exactly 90 days after the first', () => {
      const episodes = [episode('a', T0), episode('b', T0 + 30 * DAY), episode('c', T0 + 90 * DAY)];
      expect(repeatedlyMissing(episodes, 'c', seed)).toEqual(['a', 'b', 'c']);
    });

    it('does not count one on day 91, nor one a millisecond past 90 days', () => {
      expect(repeatedlyMissing([episode('a', T0), episode('b', T0 + 30 * DAY), episode('c', T0 + 91 * DAY)], 'c', seed)).toBeUndefined();
      expect(repeatedlyMissing([episode('a', T0), episode('b', T0 + 30 * DAY), episode('c', T0 + 90 * DAY + 1)], 'c', seed)).toBeUndefined();
    });

    it('finds any window, not only the one starting with the first episode', () => {
      const episodes = [episode('a', T0), episode('b', T0 + 80 * DAY), episode('c', T0 + 120 * DAY), episode('d', T0 + 170 * DAY)];
      expect(repeatedlyMissing(episodes.slice(0, 3), 'c', seed)).toBeUndefined();
      expect(repeatedlyMissing(episodes, 'd', seed)).toEqual(['b', 'c', 'd']);
    });

    it('counts an episode reported late into the window it belongs to', () => {
      const episodes = [episode('a', T0), episode('c', T0 + 60 * DAY), episode('b', T0 + 20 * DAY)];
      expect(repeatedlyMissing(episodes, 'b', seed)).toEqual(['a', 'b', 'c']);
    });

    it('respects the configured count and window', () => {
      const board = { ...seed, SEMRAC_MISSING_EPISODES: 2, SEMRAC_MISSING_WINDOW_DAYS: 30 };
      expect(repeatedlyMissing([episode('a', T0), episode('b', T0 + 30 * DAY)], 'b', board)).toEqual(['a', 'b']);
      expect(repeatedlyMissing([episode('a', T0), episode('b', T0 + 30 * DAY + 1)], 'b', board)).toBeUndefined();
      expect(repeatedlyMissing([episode('a', T0), episode('b', T0 + 10 * DAY)], 'b', seed)).toBeUndefined();
    });

    it('lists on the report of the third episode, naming the episodes', () => {
      const { fired } = run([reported('a', T0), reported('b', T0 + 30 * DAY), reported('c', T0 + 90 * DAY)]);
      expect(fired).toEqual([{ rule: 'missing-repeatedly', triggeredBy: 'report-c', key: 'report-c', episodeIds: ['a', 'b', 'c'] }]);
    });
  });

  describe('missing for more than 24 hours', () => {
    it('is not met by exactly 24 hours, and is by 24 hours and a millisecond', () => {
      expect(missingOverThreshold({ lastSeenAt: iso(T0), returnedAt: iso(T0 + 24 * HOUR) }, seed)).toBe(false);
      expect(missingOverThreshold({ lastSeenAt: iso(T0), returnedAt: iso(T0 + 24 * HOUR + 1) }, seed)).toBe(true);
      expect(missingOverThreshold({ lastSeenAt: iso(T0) }, seed)).toBe(false);
    });

    it('respects the configured hours', () => {
      const board = { ...seed, SEMRAC_MISSING_HOURS: 12 };
      expect(missingOverThreshold({ lastSeenAt: iso(T0), returnedAt: iso(T0 + 12 * HOUR) }, board)).toBe(false);
      expect(missingOverThreshold({ lastSeenAt: iso(T0), returnedAt: iso(T0 + 13 * HOUR) }, board)).toBe(true);
    });

    it('lists on the return, keyed by the episode', () => {
      expect(run([reported('a', T0), returned('a', T0 + 24 * HOUR)]).fired).toEqual([]);
      expect(run([reported('a', T0), returned('a', T0 + 24 * HOUR + 1)]).fired).toEqual([
        { rule: 'missing-over-threshold', triggeredBy: 'return-a', key: 'report-a', episodeIds: ['a'] },
      ]);
    });

    it('finds open episodes past the threshold for the sweep, and not at exactly the threshold', () => {
      const { facts } = run([reported('a', T0), reported('b', T0 + HOUR), returned('b', T0 + 2 * HOUR)]);
      expect(stillMissingOverThreshold(facts.episodes[0], new Date(T0 + 24 * HOUR), seed)).toBe(false);
      expect(openEpisodesOverThreshold(facts, new Date(T0 + 24 * HOUR), seed)).toEqual([]);
      expect(openEpisodesOverThreshold(facts, new Date(T0 + 24 * HOUR + 1), seed)).toEqual([
        expect.objectContaining({ rule: 'missing-over-threshold', triggeredBy: 'report-a', key: 'report-a', detail: expect.objectContaining({ episodeIds: ['a'] }) }),
      ]);
      expect(openSince(facts)).toBe(iso(T0));
    });

    it('does not list an episode again on its return once the sweep listed it', () => {
      const sweepListing: ListingSourceEvent = {
        id: 'listing-1',
        type: 'ListedForSemrac',
        data: { caseId, rule: 'missing-over-threshold', detail: { summary: 's', episodeIds: ['a'] }, triggeredBy: 'report-a' },
      };
      const discussed: ListingSourceEvent = { id: 'd-1', type: 'DiscussedAtSemrac', data: { caseId } };
      const { facts, fired } = run([reported('a', T0), sweepListing, discussed, returned('a', T0 + 40 * HOUR)]);
      expect(fired).toEqual([]);
      expect(openSince(facts)).toBeUndefined();
      expect(openEpisodesOverThreshold(facts, new Date(T0 + 50 * HOUR), seed)).toEqual([]);
    });
  });

  describe('an episode that appears concerning', () => {
    it('lists when reported as concerning', () => {
      expect(run([reported('a', T0, true)]).fired).toEqual([{ rule: 'missing-concerning', triggeredBy: 'report-a', key: 'report-a', episodeIds: ['a'] }]);
    });

    it('lists when an update marks it concerning, not when an update leaves it so', () => {
      const update = (id: string, concerning: boolean): ListingSourceEvent => ({ id, type: 'MissingEpisodeUpdated', data: { caseId, episodeId: 'a', concerning } });
      expect(run([reported('a', T0), update('u-1', true)]).fired).toEqual([{ rule: 'missing-concerning', triggeredBy: 'u-1', key: 'u-1', episodeIds: ['a'] }]);
      expect(run([reported('a', T0), { id: 'u-2', type: 'MissingEpisodeUpdated', data: { caseId, episodeId: 'a', riskLevel: 'high' } }]).fired).toEqual([]);
      const discussed: ListingSourceEvent = { id: 'd-1', type: 'DiscussedAtSemrac', data: { caseId } };
      expect(run([reported('a', T0, true), discussed, update('u-3', true)]).fired.map((f) => f.triggeredBy)).toEqual(['report-a']);
    });
  });

  describe('risk band moderate or above', () => {
    it('lists moderate and significant, not mild or none', () => {
      expect(['none', 'mild', 'moderate', 'significant'].map(riskBandListable)).toEqual([false, false, true, true]);
      const assessed = (id: string, band: string): ListingSourceEvent => ({ id, type: 'RiskAssessed', data: { caseId, assessmentId: `as-${id}`, band } });
      expect(run([assessed('r-1', 'mild')]).fired).toEqual([]);
      expect(run([assessed('r-2', 'moderate')]).fired).toEqual([{ rule: 'risk-band', triggeredBy: 'r-2', key: 'r-2', episodeIds: undefined }]);
      expect(run([assessed('r-3', 'significant')]).fired.map((f) => f.rule)).toEqual(['risk-band']);
    });
  });

  describe('one listing per rule until SEMRAC discusses the child', () => {
    it('does not list again under a rule already listed, and lists again after a discussion', () => {
      const assessed = (id: string): ListingSourceEvent => ({ id, type: 'RiskAssessed', data: { caseId, assessmentId: id, band: 'significant' } });
      const discussed: ListingSourceEvent = { id: 'd-1', type: 'DiscussedAtSemrac', data: { caseId } };
      expect(run([assessed('r-1'), assessed('r-2'), discussed, assessed('r-3')]).fired.map((f) => f.triggeredBy)).toEqual(['r-1', 'r-3']);
    });

    it('lists several rules met by one event', () => {
      const events = [reported('a', T0), reported('b', T0 + DAY), reported('c', T0 + 2 * DAY, true)];
      expect(run(events).fired.map((f) => f.rule)).toEqual(['missing-repeatedly', 'missing-concerning']);
    });
  });
});
