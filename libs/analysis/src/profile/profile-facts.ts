import { DEFAULT_CASES_SETTINGS, ListingThresholds, RISK_BANDS, repeatedlyMissing } from '@app/cases';
import { ERASED } from '@app/event-store';
import { POI_GENDERS } from '@app/intelligence';
import { ETHNIC_GROUP_CODES, NOT_CODED, ethnicGroupOf } from './ethnicity';

/**
 * The problem profile's facts (strategy action 2.1): what one event adds to the counts, as
 * (measure, value) pairs in the month of the fact's own time. Pure: the projection and its
 * tests read the same rules. Codes and bands only: nothing here identifies a child.
 */

/** The profile's tables, in the order the API answers them. */
export const PROFILE_MEASURES = [
  'referrals.count',
  'referrals.agencyKind',
  'referrals.model',
  'referrals.sign',
  'referrals.vulnerability',
  'referrals.ageBand',
  'referrals.gender',
  'referrals.ethnicGroup',
  'referrals.vulnerableGroup',
  'referrals.area',
  'referrals.school',
  'missing.reported',
  'missing.duration',
  'missing.returnInterview',
  'missing.repeatedly',
  'semrac.listed',
  'risk.firstBand',
  'risk.latestBand',
  'risk.movement',
  'poi.ageBand',
  'poi.gender',
  'poi.childLinks',
  'poi.disruption',
  'poi.intervention',
  'intel.submitted',
  'intel.grading',
  'intel.toDissemination',
  'intel.acknowledgement',
  'sharing.peer',
  'sharing.label',
  'sharing.lawfulBasis',
  'sharing.toApproval',
  'sharing.notShared',
  'semrac.meetings',
  'semrac.actionsDone',
] as const;
export type ProfileMeasure = (typeof PROFILE_MEASURES)[number];

/**
 * Tables where one referral may fill several rows (a referral names many signs): their total is
 * the number of referrals, not the sum of the rows.
 */
export const PER_REFERRAL_MEASURES: readonly ProfileMeasure[] = ['referrals.sign', 'referrals.vulnerability', 'referrals.vulnerableGroup'];

export const AGE_BANDS = ['under-10', '10-12', '13-15', '16-17', '18-plus', 'not-known'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const DURATION_BANDS = ['under-24h', '1-3-days', 'over-3-days', 'still-missing'] as const;
export type DurationBand = (typeof DURATION_BANDS)[number];

/** Return home interviews (statutory guidance, 2014): offered within 72 hours of the return. */
export const RETURN_INTERVIEW_HOURS = 72;
const HOUR = 3_600_000;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether text is a month `YYYY-MM`. */
export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The month `YYYY-MM` of a date or a moment (in UTC), or undefined when it is no time. */
export function monthOf(when: string | null | undefined): string | undefined {
  if (!when) return undefined;
  if (DATE_ONLY.test(when)) return when.slice(0, 7);
  const at = Date.parse(when);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString().slice(0, 7);
}

/** The month `months` after (or before, when negative) a month `YYYY-MM`. */
export function addMonths(month: string, months: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** How many months from `from` to `to`, both included (1 for the same month). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return ty * 12 + tm - (fy * 12 + fm) + 1;
}

/** Whole years from a date of birth to a day, or undefined when either is no date. */
export function ageOn(dateOfBirth: string, on: string): number | undefined {
  if (!DATE_ONLY.test(dateOfBirth.slice(0, 10)) || Number.isNaN(Date.parse(dateOfBirth.slice(0, 10)))) return undefined;
  const day = DATE_ONLY.test(on) ? on : Number.isNaN(Date.parse(on)) ? undefined : new Date(Date.parse(on)).toISOString().slice(0, 10);
  if (!day) return undefined;
  const [by, bm, bd] = dateOfBirth.slice(0, 10).split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age < 0 ? undefined : age;
}

/** The age band at referral: from the date of birth where known (and readable), else the approximate age. */
export function ageBandOf(child: { dateOfBirth?: string | null; approximateAge?: number | null }, referredAt: string): AgeBand {
  const fromBirth = child.dateOfBirth ? ageOn(child.dateOfBirth, referredAt) : undefined;
  const age = fromBirth ?? (typeof child.approximateAge === 'number' && child.approximateAge >= 0 ? child.approximateAge : undefined);
  if (age === undefined) return 'not-known';
  if (age < 10) return 'under-10';
  if (age < 13) return '10-12';
  if (age < 16) return '13-15';
  if (age < 18) return '16-17';
  return '18-plus';
}

/** How long a child was missing, from last seen to return. */
export function durationBandOf(lastSeenAt: string, returnedAt: string): Exclude<DurationBand, 'still-missing'> {
  const hours = (Date.parse(returnedAt) - Date.parse(lastSeenAt)) / HOUR;
  if (hours < 24) return 'under-24h';
  if (hours <= 72) return '1-3-days';
  return 'over-3-days';
}

/** Whether a return interview was held within RETURN_INTERVIEW_HOURS of the return. */
export function heldInTime(returnedAt: string | null | undefined, heldAt: string): boolean {
  if (!returnedAt) return false;
  return Date.parse(heldAt) - Date.parse(returnedAt) <= RETURN_INTERVIEW_HOURS * HOUR;
}

/** The longest value a count is kept under (the read model's column). */
export const MAX_VALUE_LENGTH = 60;

/** An id as a table's value (an agency's or a peer's, from the board's configuration); a longer one than a value may be counts as `other`. */
export function idValue(id: string | undefined): string {
  if (!id) return 'not-known';
  return id.length <= MAX_VALUE_LENGTH ? id : 'other';
}

/** One count to add: in a month, under a measure, for a value. */
export interface ProfileFact {
  month: string;
  measure: ProfileMeasure;
  value: string;
  /** +1, or -1 where a later fact moves a count (a still-missing episode that returns). */
  delta: number;
  /** The segment of children it is counted in besides everyone (`group:looked-after`); undefined: everyone (`all`). */
  segment?: string;
}

/** The segment every count is in: the unfiltered profile. */
export const ALL_SEGMENT = 'all';

/**
 * What the profile can be filtered by (strategy action 2.1: vulnerable groups, and who is at risk by
 * age, gender and ethnicity), and each filter's values: a child's case is in one segment per filter
 * it matches (several groups at once; one gender, age band and ethnic group).
 */
export const PROFILE_FILTERS = {
  group: ['looked-after', 'care-leaver', 'migrant-or-unaccompanied'],
  gender: ['female', 'male', 'non-binary', 'not-known'],
  ageBand: AGE_BANDS,
  ethnicGroup: [...ETHNIC_GROUP_CODES, NOT_CODED],
} as const satisfies Record<string, readonly string[]>;
export type ProfileFilterName = keyof typeof PROFILE_FILTERS;
export const PROFILE_FILTER_NAMES = Object.keys(PROFILE_FILTERS) as ProfileFilterName[];

/** The segment a filter picks: `group:looked-after`, `ageBand:13-15`. */
export function segmentOf(filter: ProfileFilterName, value: string): string {
  return `${filter}:${value}`;
}

/**
 * The tables about one child's case, counted in the case's segments too and answered under a
 * filter: referrals, missing episodes, risk, SEMRAC listings and actions. The others (persons of
 * interest, intelligence, sharing, meetings held) are not about one child and a filter leaves them out.
 */
export const CHILD_MEASURES: readonly ProfileMeasure[] = PROFILE_MEASURES.filter(
  (measure) => /^(referrals|missing|risk)\./.test(measure) || measure === 'semrac.listed' || measure === 'semrac.actionsDone',
);

/** The child as a referral describes them, as far as the segments need: codes, flags and the dates an age is reckoned from. */
export type SegmentChild = Pick<ReferralFacts['child'], 'dateOfBirth' | 'approximateAge' | 'gender' | 'ethnicity' | 'lookedAfter' | 'careLeaver' | 'migrantOrUnaccompanied'>;

/**
 * The segments of a child's case, from a referral: each vulnerable group it names, its gender, its
 * age band at referral and its ethnic group. Flags, gender and approximate age stay readable after
 * an erasure; the date of birth and ethnicity read as erased, and count as not known then.
 */
export function childSegments(child: SegmentChild, referredAt: string): string[] {
  const gender = (PROFILE_FILTERS.gender as readonly string[]).includes(child.gender) ? child.gender : 'not-known';
  return [
    ...(child.lookedAfter === true ? [segmentOf('group', 'looked-after')] : []),
    ...(child.careLeaver === true ? [segmentOf('group', 'care-leaver')] : []),
    ...(child.migrantOrUnaccompanied === true ? [segmentOf('group', 'migrant-or-unaccompanied')] : []),
    segmentOf('gender', gender),
    segmentOf('ageBand', ageBandOf(child, referredAt)),
    segmentOf('ethnicGroup', ethnicGroupOf(child.ethnicity)),
  ];
}

/** The facts counted for everyone and again in each segment given. */
export function inSegments(facts: readonly ProfileFact[], segments: readonly string[]): ProfileFact[] {
  return [...facts, ...segments.flatMap((segment) => facts.map((fact) => ({ ...fact, segment })))];
}

/** A place the board did not configure: counted, never shown by its text. */
export const OTHER_PLACE = 'other';
/** No area or school on the referral (left out, blank, or erased since). */
export const NOT_RECORDED = 'not-recorded';

/** Lower case, one space between words, none at the ends: " North  Ward" and "north ward" are one place. */
export function placeKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A configured place name as shown: the board's own spelling, its spaces tidied. */
export function placeName(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** The board's wards and schools (PROFILE_AREAS, PROFILE_SCHOOLS), by their matching key. */
export interface ProfilePlaces {
  areas: ReadonlyMap<string, string>;
  schools: ReadonlyMap<string, string>;
}

/** The places of the board's settings: comma-separated names; empty entries are passed over. */
export function profilePlaces(settings: { PROFILE_AREAS?: string; PROFILE_SCHOOLS?: string }): ProfilePlaces {
  const names = (list = '') => new Map(placeNames(list).map((name) => [placeKey(name), name] as const));
  return { areas: names(settings.PROFILE_AREAS), schools: names(settings.PROFILE_SCHOOLS) };
}

/** The names of a comma-separated setting, tidied, in the board's order. */
export function placeNames(list: string): string[] {
  return list
    .split(',')
    .map(placeName)
    .filter((name) => name.length > 0);
}

export const NO_PLACES: ProfilePlaces = { areas: new Map(), schools: new Map() };

/**
 * The row a referral's free-text area or school counts under: the configured name it matches (any
 * case, any spacing), `other` for any other text, `not-recorded` for none. The text itself never
 * becomes a row: it is the child's record, sealed, and may name them.
 */
export function placeOf(text: string | null | undefined, configured: ReadonlyMap<string, string>): string {
  if (typeof text !== 'string' || text === ERASED) return NOT_RECORDED;
  const key = placeKey(text);
  if (key.length === 0) return NOT_RECORDED;
  return configured.get(key) ?? OTHER_PLACE;
}

/** What a referral tells the profile (the ReferralReceived event's data, as stored; personal fields may read as erased). */
export interface ReferralFacts {
  referringAgency: { kind: string };
  child: {
    dateOfBirth?: string | null;
    approximateAge?: number | null;
    gender: string;
    ethnicity?: string | null;
    area?: string | null;
    school?: string | null;
    lookedAfter: boolean | null;
    careLeaver: boolean | null;
    migrantOrUnaccompanied: boolean | null;
  };
  vulnerabilities: readonly string[];
  signs: readonly string[];
  suspectedModel: string;
  referredAt: string;
}

/**
 * Every count one referral adds, in the month it was made: for everyone, and again in the segments
 * of its child (`childSegments`). Its area and school count under the board's names (`placeOf`).
 */
export function referralFacts(referral: ReferralFacts, places: ProfilePlaces = NO_PLACES): ProfileFact[] {
  return inSegments(referralCounts(referral, places), childSegments(referral.child, referral.referredAt));
}

/** The counts one referral adds for everyone; `referralFacts` adds them again in its child's segments. */
export function referralCounts(referral: ReferralFacts, places: ProfilePlaces = NO_PLACES): ProfileFact[] {
  const month = monthOf(referral.referredAt);
  if (!month) return [];
  const fact = (measure: ProfileMeasure, value: string): ProfileFact => ({ month, measure, value, delta: 1 });
  const { child } = referral;
  return [
    fact('referrals.count', 'all'),
    fact('referrals.agencyKind', referral.referringAgency.kind),
    fact('referrals.model', referral.suspectedModel),
    ...[...new Set(referral.signs)].map((sign) => fact('referrals.sign', sign)),
    ...[...new Set(referral.vulnerabilities)].map((v) => fact('referrals.vulnerability', v)),
    fact('referrals.ageBand', ageBandOf(child, referral.referredAt)),
    fact('referrals.gender', child.gender),
    fact('referrals.ethnicGroup', ethnicGroupOf(child.ethnicity)),
    ...(child.lookedAfter ? [fact('referrals.vulnerableGroup', 'looked-after')] : []),
    ...(child.careLeaver ? [fact('referrals.vulnerableGroup', 'care-leaver')] : []),
    ...(child.migrantOrUnaccompanied ? [fact('referrals.vulnerableGroup', 'migrant-or-unaccompanied')] : []),
    fact('referrals.area', placeOf(child.area, places.areas)),
    fact('referrals.school', placeOf(child.school, places.schools)),
  ];
}

/** What the profile keeps of an episode between its events: ids, times, and the segments its counts stand in. */
export interface EpisodeTimes {
  episodeId: string;
  reportedAt: string;
  lastSeenAt: string;
  returnedAt: string | null;
  /** The segments of the child's case when the episode was reported: every count of the episode is in them. */
  segments: string[];
}

/** A missing episode's event as the profile reads it (codes and times; never the notes). */
export type EpisodeFactEvent =
  | { type: 'MissingEpisodeReported'; data: { episodeId: string; missingFrom: string; lastSeenAt: string; reportedAt: string } }
  | { type: 'ChildReturned'; data: { episodeId: string; returnedAt: string } }
  | { type: 'ReturnInterviewHeld'; data: { episodeId: string; heldAt: string } }
  | { type: 'ReturnInterviewNotHeld'; data: { episodeId: string; recordedAt: string } };

/**
 * The counts one episode event adds, and the episode's times after it. An episode is still
 * missing, in the month it was reported, until the child returns; then it moves to its duration
 * band in the month of the return. Each count is in the segments of the child's case when the
 * episode was reported (`segments`, kept with its times), so a count that moves leaves the same segments.
 */
export function episodeFacts(times: EpisodeTimes | undefined, event: EpisodeFactEvent, segments: readonly string[] = []): { times: EpisodeTimes | undefined; facts: ProfileFact[] } {
  const at = (measure: ProfileMeasure, value: string, when: string, delta = 1): ProfileFact[] => {
    const month = monthOf(when);
    return month ? [{ month, measure, value, delta }] : [];
  };
  const counted = (next: EpisodeTimes | undefined, facts: ProfileFact[]) => ({ times: next, facts: inSegments(facts, next?.segments ?? []) });
  switch (event.type) {
    case 'MissingEpisodeReported': {
      if (times) return { times, facts: [] };
      const { episodeId, missingFrom, lastSeenAt, reportedAt } = event.data;
      return counted({ episodeId, reportedAt, lastSeenAt, returnedAt: null, segments: [...segments] }, [
        ...at('missing.reported', missingFrom, reportedAt),
        ...at('missing.duration', 'still-missing', reportedAt),
      ]);
    }
    case 'ChildReturned': {
      if (!times || times.returnedAt) return { times, facts: [] };
      const { returnedAt } = event.data;
      return counted({ ...times, returnedAt }, [
        ...at('missing.duration', 'still-missing', times.reportedAt, -1),
        ...at('missing.duration', durationBandOf(times.lastSeenAt, returnedAt), returnedAt),
      ]);
    }
    case 'ReturnInterviewHeld':
      return counted(times, at('missing.returnInterview', heldInTime(times?.returnedAt, event.data.heldAt) ? 'held-within-72h' : 'held-later', event.data.heldAt));
    case 'ReturnInterviewNotHeld':
      return counted(times, at('missing.returnInterview', 'not-held', event.data.recordedAt));
  }
}

/** How a child's band moved from the first to the latest; `assessed-once` while there is no second. */
export const RISK_MOVEMENTS = ['up', 'same', 'down', 'assessed-once'] as const;
export type RiskMovement = (typeof RISK_MOVEMENTS)[number];

/**
 * What the profile keeps of a case's risk between its events: the case's id, bands and their
 * times, and how many there have been. The current band follows the case view's rule
 * (`currentRiskBand`): the latest of the last assessment and the level SEMRAC last agreed.
 */
export interface CaseRisk {
  caseId: string;
  /** The band the case had after its first assessment or SEMRAC agreement, whichever came first. */
  firstBand: string;
  assessedBand: string | null;
  assessedAt: string | null;
  agreedBand: string | null;
  agreedAt: string | null;
  /** Assessments and SEMRAC agreements so far. */
  riskEvents: number;
  /** The segments the case's counts stand in: those of the case at its latest assessment or agreement. */
  segments: string[];
}

/** A case event that sets a band, as the profile reads it (codes and times; never the summary or disclosure). */
export type RiskFactEvent =
  | { type: 'RiskAssessed'; data: { caseId: string; band: string; assessedAt: string } }
  | { type: 'DiscussedAtSemrac'; data: { caseId: string; agreedRiskLevel: string; discussedAt: string } };

/** The case's current band and the time it stands from: the case view's rule, and the later of the two times. */
export function latestRisk(risk: Pick<CaseRisk, 'assessedBand' | 'assessedAt' | 'agreedBand' | 'agreedAt'>): { band: string; at: string } | undefined {
  const assessed = risk.assessedBand !== null && risk.assessedAt !== null ? { band: risk.assessedBand, at: risk.assessedAt } : undefined;
  const agreed = risk.agreedBand !== null && risk.agreedAt !== null ? { band: risk.agreedBand, at: risk.agreedAt } : undefined;
  if (assessed && agreed) return agreed.at > assessed.at ? agreed : assessed;
  return assessed ?? agreed;
}

/** Up, same or down from the first band to the latest, by the bands' order. */
export function riskMovement(first: string, latest: string, riskEvents: number): RiskMovement {
  if (riskEvents < 2) return 'assessed-once';
  // The scheme's bands and SEMRAC's agreed levels share these codes, lowest first.
  const rank = (band: string) => (RISK_BANDS as readonly string[]).indexOf(band);
  const from = rank(first);
  const to = rank(latest);
  return to > from ? 'up' : to < from ? 'down' : 'same';
}

/** What one case adds to the risk tables: once, in the month its latest band stands from, in its segments. */
function riskContribution(risk: CaseRisk | undefined, delta: number): ProfileFact[] {
  const latest = risk ? latestRisk(risk) : undefined;
  const month = monthOf(latest?.at);
  if (!risk || !latest || !month) return [];
  return inSegments(
    [
      { month, measure: 'risk.firstBand', value: risk.firstBand, delta },
      { month, measure: 'risk.latestBand', value: latest.band, delta },
      { month, measure: 'risk.movement', value: riskMovement(risk.firstBand, latest.band, risk.riskEvents), delta },
    ],
    risk.segments ?? [],
  );
}

/**
 * The counts one assessment or SEMRAC agreement moves, and the case's risk after it. Each case
 * with a band is counted once, in the month of its latest assessment or agreement: its band then,
 * its first band, and the movement between them. A later one moves the case's counts to its own
 * month, so a period's tables describe the cases whose latest assessment fell in it. The counts are
 * in the case's segments now (`segments`); a move takes them from the segments they were added in.
 */
export function riskFacts(risk: CaseRisk | undefined, event: RiskFactEvent, segments: readonly string[] = []): { risk: CaseRisk; facts: ProfileFact[] } {
  const { caseId } = event.data;
  const band = event.type === 'RiskAssessed' ? event.data.band : event.data.agreedRiskLevel;
  const at = event.type === 'RiskAssessed' ? event.data.assessedAt : event.data.discussedAt;
  const before: CaseRisk = risk ?? { caseId, firstBand: band, assessedBand: null, assessedAt: null, agreedBand: null, agreedAt: null, riskEvents: 0, segments: [] };
  const next: CaseRisk =
    event.type === 'RiskAssessed'
      ? { ...before, assessedBand: band, assessedAt: at, riskEvents: before.riskEvents + 1, segments: [...segments] }
      : { ...before, agreedBand: band, agreedAt: at, riskEvents: before.riskEvents + 1, segments: [...segments] };
  return { risk: next, facts: [...riskContribution(risk, -1), ...riskContribution(next, 1)] };
}

/**
 * The strategy's "missing repeatedly" rule as the profile counts it: 3 or more episodes within 90
 * days (SEMRAC_MISSING_EPISODES, SEMRAC_MISSING_WINDOW_DAYS at their defaults). Fixed rather than
 * read from the board's listing settings, so that a change of listing threshold neither rewrites
 * past profiles on a rebuild nor makes periods incomparable.
 */
export const REPEATED_MISSING_RULE: ListingThresholds = {
  SEMRAC_MISSING_EPISODES: DEFAULT_CASES_SETTINGS.SEMRAC_MISSING_EPISODES,
  SEMRAC_MISSING_WINDOW_DAYS: DEFAULT_CASES_SETTINGS.SEMRAC_MISSING_WINDOW_DAYS,
  SEMRAC_MISSING_HOURS: DEFAULT_CASES_SETTINGS.SEMRAC_MISSING_HOURS,
};

/** What the profile keeps of a child's episodes to apply the rule: the ids and last sightings, and the months already counted. */
export interface CaseMissing {
  caseId: string;
  episodes: { episodeId: string; lastSeenAt: string }[];
  monthsMet: string[];
}

/** A missing episode's report as the rule reads it. */
export interface MissingReport {
  caseId: string;
  episodeId: string;
  lastSeenAt: string;
  reportedAt: string;
}

/**
 * Children missing repeatedly: a report that makes a window of REPEATED_MISSING_RULE (the listing
 * rule's own function, `repeatedlyMissing`) counts the child once in the month of that report, and
 * not again that month. Summed over a period of several months, a child met in two months counts twice.
 */
export function repeatedMissingFacts(missing: CaseMissing | undefined, report: MissingReport): { missing: CaseMissing; facts: ProfileFact[] } {
  const before: CaseMissing = missing ?? { caseId: report.caseId, episodes: [], monthsMet: [] };
  if (before.episodes.some((e) => e.episodeId === report.episodeId)) return { missing: before, facts: [] };
  const episodes = [...before.episodes, { episodeId: report.episodeId, lastSeenAt: report.lastSeenAt }];
  const month = monthOf(report.reportedAt);
  const met = month !== undefined && !before.monthsMet.includes(month) && repeatedlyMissing(episodes.map((e) => ({ ...e, reportEventId: e.episodeId, concerning: false })), report.episodeId, REPEATED_MISSING_RULE) !== undefined;
  return {
    missing: { ...before, episodes, monthsMet: met ? [...before.monthsMet, month] : before.monthsMet },
    facts: met ? [{ month, measure: 'missing.repeatedly', value: 'children', delta: 1 }] : [],
  };
}

/** Age bands for persons of interest, at the time they were recorded: most are adults, some young people (action 4.3). */
export const POI_AGE_BANDS = ['under-18', '18-24', '25-34', '35-plus', 'not-known'] as const;
export type PoiAgeBand = (typeof POI_AGE_BANDS)[number];

/** The age band of a person of interest on a day: from the date of birth where readable, else the approximate age. */
export function poiAgeBandOf(identifiers: { dateOfBirth?: string | null; approximateAge?: number | null }, on: string): PoiAgeBand {
  const fromBirth = identifiers.dateOfBirth ? ageOn(identifiers.dateOfBirth, on) : undefined;
  const age = fromBirth ?? (typeof identifiers.approximateAge === 'number' && identifiers.approximateAge >= 0 ? identifiers.approximateAge : undefined);
  if (age === undefined) return 'not-known';
  if (age < 18) return 'under-18';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  return '35-plus';
}

/** A person-of-interest event as the profile reads it: codes, dates and the kind of link; never a name, address or note. */
export type PoiFactEvent =
  | { type: 'PersonOfInterestRecorded'; data: { identifiers: { dateOfBirth?: string; approximateAge?: number; gender?: string }; recordedAt: string } }
  | { type: 'PersonOfInterestLinked'; data: { target: { kind: string }; nature: string; linkedAt: string } }
  | { type: 'DisruptionRecorded'; data: { kind: string; on: string; recordedAt: string } }
  | { type: 'DisengagementInterventionRecorded'; data: { startedOn: string; recordedAt: string } };

/**
 * What one person-of-interest event adds (strategy section 4, actions 4.3 and 4.5): a person
 * recorded, by age band and gender, in the month recorded; a link to a child's case, by its
 * nature, in the month linked; a disruption, by kind, in the month it happened (served, made,
 * arrested, charged); an intervention to disengage, in the month it started. A duplicate merged
 * later stays counted as recorded: the count is of records made.
 */
export function poiFacts(event: PoiFactEvent): ProfileFact[] {
  const at = (when: string | undefined, measure: ProfileMeasure, value: string): ProfileFact[] => {
    const month = monthOf(when);
    return month ? [{ month, measure, value, delta: 1 }] : [];
  };
  switch (event.type) {
    case 'PersonOfInterestRecorded': {
      const { identifiers, recordedAt } = event.data;
      // An erased gender reads as erased: not known.
      const gender = identifiers.gender && (POI_GENDERS as readonly string[]).includes(identifiers.gender) ? identifiers.gender : 'not-known';
      return [...at(recordedAt, 'poi.ageBand', poiAgeBandOf(identifiers, recordedAt)), ...at(recordedAt, 'poi.gender', gender)];
    }
    case 'PersonOfInterestLinked':
      return event.data.target.kind === 'case' ? at(event.data.linkedAt, 'poi.childLinks', event.data.nature) : [];
    case 'DisruptionRecorded':
      return at(monthOf(event.data.on) ? event.data.on : event.data.recordedAt, 'poi.disruption', event.data.kind);
    case 'DisengagementInterventionRecorded':
      return at(monthOf(event.data.startedOn) ? event.data.startedOn : event.data.recordedAt, 'poi.intervention', 'started');
  }
}

/** How long a step took: from a partner's submission to its dissemination, from a share's request to its approval. */
export const DELAY_BANDS = ['under-24h', '1-3-days', '4-7-days', 'over-7-days', 'not-known'] as const;
export type DelayBand = (typeof DELAY_BANDS)[number];

/** The band of the time from one moment to another; not known when either is no time. */
export function delayBandOf(from: string | null, to: string): DelayBand {
  const hours = from ? (Date.parse(to) - Date.parse(from)) / HOUR : Number.NaN;
  if (Number.isNaN(hours)) return 'not-known';
  if (hours < 24) return 'under-24h';
  if (hours <= 72) return '1-3-days';
  if (hours <= 168) return '4-7-days';
  return 'over-7-days';
}

/** What the profile keeps of an item between its events: its id, when it was submitted, whether it was disseminated. */
export interface IntelTimes {
  itemId: string;
  submittedAt: string | null;
  disseminated: boolean;
}

/** An intelligence item's event as the profile reads it: ids, codes and times; never the text, the subjects or the source. */
export type IntelFactEvent =
  | { type: 'InformationSubmitted'; data: { itemId: string; submittedAt: string } }
  | { type: 'IntelligenceGraded'; data: { itemId: string; grading: { source: number; assessment: string }; gradedAt: string } }
  | { type: 'IntelligenceDisseminated'; data: { itemId: string; disseminatedAt: string } }
  | { type: 'PoliceAcknowledgementRecorded'; data: { itemId: string; outcome: string; acknowledgedAt: string } };

/**
 * What one intelligence event adds (actions 1.4, 4.1): a submission, by the submitting agency's id
 * (from the event's metadata: the data carries no submitter), in the month submitted; a first
 * grading by source and assessment (e.g. 2/B) in the month graded (regrades are not counted
 * again); the first dissemination, by the time since submission, in the month disseminated (a
 * regrade sends it again, not counted again); a police acknowledgement by outcome, in the month
 * acknowledged.
 */
export function intelFacts(times: IntelTimes | undefined, event: IntelFactEvent, submitterAgencyId?: string): { times: IntelTimes | undefined; facts: ProfileFact[] } {
  const at = (when: string, measure: ProfileMeasure, value: string): ProfileFact[] => {
    const month = monthOf(when);
    return month ? [{ month, measure, value, delta: 1 }] : [];
  };
  switch (event.type) {
    case 'InformationSubmitted':
      if (times) return { times, facts: [] };
      return {
        times: { itemId: event.data.itemId, submittedAt: event.data.submittedAt, disseminated: false },
        facts: at(event.data.submittedAt, 'intel.submitted', idValue(submitterAgencyId)),
      };
    case 'IntelligenceGraded':
      return { times, facts: at(event.data.gradedAt, 'intel.grading', `${event.data.grading.source}/${event.data.grading.assessment}`) };
    case 'IntelligenceDisseminated':
      if (times?.disseminated) return { times, facts: [] };
      return {
        times: { itemId: event.data.itemId, submittedAt: times?.submittedAt ?? null, disseminated: true },
        facts: at(event.data.disseminatedAt, 'intel.toDissemination', delayBandOf(times?.submittedAt ?? null, event.data.disseminatedAt)),
      };
    case 'PoliceAcknowledgementRecorded':
      return { times, facts: at(event.data.acknowledgedAt, 'intel.acknowledgement', event.data.outcome) };
  }
}

/** What the profile keeps of a share between its events: its id, when it was requested, whether it was approved. */
export interface ShareTimes {
  shareId: string;
  requestedAt: string | null;
  approved: boolean;
}

/** A share's event as the profile reads it: the peer's id, codes and times; never the content, purpose or reasons. */
export type ShareFactEvent =
  | { type: 'ShareRequested'; data: { shareId: string; requestedAt: string } }
  | { type: 'ShareApproved'; data: { shareId: string; approvedAt: string } }
  | { type: 'ShareRefused'; data: { shareId: string; refusedAt: string } }
  | { type: 'ShareSent'; data: { shareId: string; to: string; label: string; lawfulBasis: { code: string }; sentAt: string } }
  | { type: 'DecidedNotToShare'; data: { shareId: string; decidedAt: string } };

/**
 * What one sharing event adds (DOMAIN.md, "Cross-border sharing"): a share sent, by peer, TLP label
 * and lawful basis, in the month sent; the time from request to approval, in the month approved;
 * a sharing officer's refusal and a decision not to share, in the month decided.
 */
export function shareFacts(times: ShareTimes | undefined, event: ShareFactEvent): { times: ShareTimes | undefined; facts: ProfileFact[] } {
  const at = (when: string, measure: ProfileMeasure, value: string): ProfileFact[] => {
    const month = monthOf(when);
    return month ? [{ month, measure, value, delta: 1 }] : [];
  };
  switch (event.type) {
    case 'ShareRequested':
      return { times: times ?? { shareId: event.data.shareId, requestedAt: event.data.requestedAt, approved: false }, facts: [] };
    case 'ShareApproved':
      if (times?.approved) return { times, facts: [] };
      return {
        times: { shareId: event.data.shareId, requestedAt: times?.requestedAt ?? null, approved: true },
        facts: at(event.data.approvedAt, 'sharing.toApproval', delayBandOf(times?.requestedAt ?? null, event.data.approvedAt)),
      };
    case 'ShareRefused':
      return { times, facts: at(event.data.refusedAt, 'sharing.notShared', 'refused-by-officer') };
    case 'DecidedNotToShare':
      return { times, facts: at(event.data.decidedAt, 'sharing.notShared', 'decided-not-to-share') };
    case 'ShareSent': {
      const { to, label, lawfulBasis, sentAt } = event.data;
      return { times, facts: [...at(sentAt, 'sharing.peer', idValue(to)), ...at(sentAt, 'sharing.label', label), ...at(sentAt, 'sharing.lawfulBasis', lawfulBasis.code)] };
    }
  }
}

/** What the profile keeps of a SEMRAC action between its events: its id, its due date and whether it was done. */
export interface ActionDue {
  actionId: string;
  dueDate: string;
  done: boolean;
  /** The segments of the child's case when the action was set: its count is in them. */
  segments: string[];
}

/** A SEMRAC meeting's event as the profile reads it: ids, dates and statuses; never the summary, decisions or descriptions. */
export type SemracFactEvent =
  | { type: 'CaseDiscussionRecorded'; data: { caseId: string; actions: { actionId: string; dueDate: string }[] } }
  | { type: 'ActionStatusChanged'; data: { actionId: string; status: string; changedAt: string } }
  | { type: 'MeetingClosed'; data: { closedAt: string } };

/** Done by the end of the due day (YYYY-MM-DD, compared in UTC). */
export function doneOnTime(dueDate: string, doneAt: string): boolean {
  const done = monthOf(doneAt) ? new Date(Date.parse(doneAt)).toISOString().slice(0, 10) : undefined;
  return done !== undefined && DATE_ONLY.test(dueDate) && done <= dueDate;
}

/**
 * What one SEMRAC meeting event adds (strategy section 4): a meeting held, in the month it was
 * closed; an action done, on time or late against its due date, in the month it was first marked
 * done (done again after reopening counts no more). The due dates come from the discussion that
 * set the actions, and so do the segments an action's count is in: the discussed case's then (`segments`).
 */
export function semracFacts(actions: ReadonlyMap<string, ActionDue>, event: SemracFactEvent, segments: readonly string[] = []): { changed: ActionDue[]; facts: ProfileFact[] } {
  switch (event.type) {
    case 'CaseDiscussionRecorded':
      return {
        changed: event.data.actions.filter((a) => !actions.has(a.actionId)).map((a) => ({ actionId: a.actionId, dueDate: a.dueDate, done: false, segments: [...segments] })),
        facts: [],
      };
    case 'ActionStatusChanged': {
      const action = actions.get(event.data.actionId);
      const month = monthOf(event.data.changedAt);
      if (event.data.status !== 'done' || !action || action.done || !month) return { changed: [], facts: [] };
      return {
        changed: [{ ...action, done: true }],
        facts: inSegments([{ month, measure: 'semrac.actionsDone', value: doneOnTime(action.dueDate, event.data.changedAt) ? 'on-time' : 'late', delta: 1 }], action.segments ?? []),
      };
    }
    case 'MeetingClosed': {
      const month = monthOf(event.data.closedAt);
      return { changed: [], facts: month ? [{ month, measure: 'semrac.meetings', value: 'held', delta: 1 }] : [] };
    }
  }
}
