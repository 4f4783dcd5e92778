import { ethnicGroupOf } from './ethnicity';

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
  'missing.reported',
  'missing.duration',
  'missing.returnInterview',
  'semrac.listed',
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

/** One count to add: in a month, under a measure, for a value. */
export interface ProfileFact {
  month: string;
  measure: ProfileMeasure;
  value: string;
  /** +1, or -1 where a later fact moves a count (a still-missing episode that returns). */
  delta: number;
}

/** What a referral tells the profile (the ReferralReceived event's data, as stored; personal fields may read as erased). */
export interface ReferralFacts {
  referringAgency: { kind: string };
  child: {
    dateOfBirth?: string | null;
    approximateAge?: number | null;
    gender: string;
    ethnicity?: string | null;
    lookedAfter: boolean | null;
    careLeaver: boolean | null;
    migrantOrUnaccompanied: boolean | null;
  };
  vulnerabilities: readonly string[];
  signs: readonly string[];
  suspectedModel: string;
  referredAt: string;
}

/** Every count one referral adds, in the month it was made. */
export function referralFacts(referral: ReferralFacts): ProfileFact[] {
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
  ];
}

/** What the profile keeps of an episode between its events: ids and times only. */
export interface EpisodeTimes {
  episodeId: string;
  reportedAt: string;
  lastSeenAt: string;
  returnedAt: string | null;
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
 * band in the month of the return.
 */
export function episodeFacts(times: EpisodeTimes | undefined, event: EpisodeFactEvent): { times: EpisodeTimes | undefined; facts: ProfileFact[] } {
  const at = (measure: ProfileMeasure, value: string, when: string, delta = 1): ProfileFact[] => {
    const month = monthOf(when);
    return month ? [{ month, measure, value, delta }] : [];
  };
  switch (event.type) {
    case 'MissingEpisodeReported': {
      if (times) return { times, facts: [] };
      const { episodeId, missingFrom, lastSeenAt, reportedAt } = event.data;
      return {
        times: { episodeId, reportedAt, lastSeenAt, returnedAt: null },
        facts: [...at('missing.reported', missingFrom, reportedAt), ...at('missing.duration', 'still-missing', reportedAt)],
      };
    }
    case 'ChildReturned': {
      if (!times || times.returnedAt) return { times, facts: [] };
      const { returnedAt } = event.data;
      return {
        times: { ...times, returnedAt },
        facts: [...at('missing.duration', 'still-missing', times.reportedAt, -1), ...at('missing.duration', durationBandOf(times.lastSeenAt, returnedAt), returnedAt)],
      };
    }
    case 'ReturnInterviewHeld':
      return { times, facts: at('missing.returnInterview', heldInTime(times?.returnedAt, event.data.heldAt) ? 'held-within-72h' : 'held-later', event.data.heldAt) };
    case 'ReturnInterviewNotHeld':
      return { times, facts: at('missing.returnInterview', 'not-held', event.data.recordedAt) };
  }
}
