import { AGENCY_KIND_CODES, EXPLOITATION_MODEL_CODES, MISSING_FROM_CODES, RISK_BANDS, SEMRAC_RULE_CODES, SIGN_CODES, VULNERABILITY_CODES } from '@app/cases';
import { PublishedCell, PublishedChange, compareWithPrevious, suppressCount, suppressList } from '../suppression/suppression';
import { ASSESSMENT_CODES, DISRUPTION_KIND_CODES, LINK_NATURE_CODES, POI_GENDERS, POLICE_OUTCOMES, SOURCE_EVALUATION_CODES } from '@app/intelligence';
import { ETHNIC_GROUP_CODES, NOT_CODED } from './ethnicity';
import { LAWFUL_BASIS_CODES, TLP_LABELS } from '@app/sharing';
import {
  AGE_BANDS,
  DELAY_BANDS,
  DURATION_BANDS,
  NOT_RECORDED,
  NO_PLACES,
  OTHER_PLACE,
  POI_AGE_BANDS,
  RISK_MOVEMENTS,
  PER_REFERRAL_MEASURES,
  PROFILE_MEASURES,
  ProfileMeasure,
  ProfilePlaces,
  addMonths,
  monthsBetween,
} from './profile-facts';

/** Every value a table shows, zeros included, so that a zero is seen and a table's shape never depends on the data. */
export const MEASURE_VALUES: Record<ProfileMeasure, readonly string[]> = {
  'referrals.count': ['all'],
  'referrals.agencyKind': AGENCY_KIND_CODES,
  'referrals.model': EXPLOITATION_MODEL_CODES,
  'referrals.sign': SIGN_CODES,
  'referrals.vulnerability': VULNERABILITY_CODES,
  'referrals.ageBand': AGE_BANDS,
  'referrals.gender': ['female', 'male', 'non-binary', 'not-known'],
  'referrals.ethnicGroup': [...ETHNIC_GROUP_CODES, NOT_CODED],
  'referrals.vulnerableGroup': ['looked-after', 'care-leaver', 'migrant-or-unaccompanied'],
  // After the board's own wards and schools (PROFILE_AREAS, PROFILE_SCHOOLS), in its order.
  'referrals.area': [OTHER_PLACE, NOT_RECORDED],
  'referrals.school': [OTHER_PLACE, NOT_RECORDED],
  'missing.reported': MISSING_FROM_CODES,
  'missing.duration': DURATION_BANDS,
  'missing.returnInterview': ['held-within-72h', 'held-later', 'not-held'],
  'missing.repeatedly': ['children'],
  'semrac.listed': SEMRAC_RULE_CODES,
  'risk.firstBand': RISK_BANDS,
  'risk.latestBand': RISK_BANDS,
  'risk.movement': RISK_MOVEMENTS,
  'poi.ageBand': POI_AGE_BANDS,
  'poi.gender': POI_GENDERS,
  'poi.childLinks': LINK_NATURE_CODES,
  'poi.disruption': DISRUPTION_KIND_CODES,
  'poi.intervention': ['started'],
  // Agencies are the board's own: the rows are the ids seen.
  'intel.submitted': [],
  'intel.grading': SOURCE_EVALUATION_CODES.flatMap((source) => ASSESSMENT_CODES.map((assessment) => `${source}/${assessment}`)),
  'intel.toDissemination': DELAY_BANDS,
  'intel.acknowledgement': Object.keys(POLICE_OUTCOMES),
  // Peers are the board's configuration: the rows are the ids seen.
  'sharing.peer': [],
  'sharing.label': TLP_LABELS,
  'sharing.lawfulBasis': LAWFUL_BASIS_CODES,
  'sharing.toApproval': DELAY_BANDS,
  'sharing.notShared': ['refused-by-officer', 'decided-not-to-share'],
  'semrac.meetings': ['held'],
  'semrac.actionsDone': ['on-time', 'late'],
};

/** A period of whole months, both ends included. */
export interface MonthPeriod {
  from: string;
  to: string;
}

/** The period of the same length just before. */
export function previousPeriod(period: MonthPeriod): MonthPeriod {
  const length = monthsBetween(period.from, period.to);
  return { from: addMonths(period.from, -length), to: addMonths(period.from, -1) };
}

/** The last `months` whole months before the month of `now`. */
export function lastWholeMonths(now: Date, months: number): MonthPeriod {
  const current = now.toISOString().slice(0, 7);
  return { from: addMonths(current, -months), to: addMonths(current, -1) };
}

export interface ProfileFigure {
  count: PublishedCell;
  previous: PublishedCell;
  change: PublishedChange;
}

export interface ProfileRow extends ProfileFigure {
  value: string;
}

export interface ProfileTable {
  rows: ProfileRow[];
  /** The table's total: the sum of its rows, or for tables where a referral fills several rows, the number of referrals. */
  total: ProfileFigure;
}

/** Summed counts of one period: measure → value → count. */
export type PeriodCounts = Map<string, Map<string, number>>;

/**
 * The published tables of a period beside the previous one, every count through the suppression
 * module: rows whose categories do not overlap as one list with its total (primary and
 * complementary suppression); rows where one referral may fill several (signs, vulnerabilities,
 * groups) each on its own, beside the number of referrals. Areas and schools show the board's
 * names first (`places`); `measures` picks the tables (a filtered profile has the children's only).
 */
export function publishProfile(
  current: PeriodCounts,
  previous: PeriodCounts,
  threshold: number,
  { places = NO_PLACES, measures = PROFILE_MEASURES }: { places?: ProfilePlaces; measures?: readonly ProfileMeasure[] } = {},
): Record<ProfileMeasure, ProfileTable> {
  const tables = {} as Record<ProfileMeasure, ProfileTable>;
  const referrals = (counts: PeriodCounts) => counts.get('referrals.count')?.get('all') ?? 0;
  const named: Partial<Record<ProfileMeasure, readonly string[]>> = { 'referrals.area': [...places.areas.values()], 'referrals.school': [...places.schools.values()] };
  for (const measure of measures) {
    const fixed = [...(named[measure] ?? []), ...MEASURE_VALUES[measure]];
    const seen = new Set([...(current.get(measure)?.keys() ?? []), ...(previous.get(measure)?.keys() ?? [])]);
    const values = [...fixed, ...[...seen].filter((v) => !fixed.includes(v)).sort()];
    const countsOf = (counts: PeriodCounts) => values.map((value) => Math.max(0, counts.get(measure)?.get(value) ?? 0));
    const publish = (counts: PeriodCounts) => {
      const raw = countsOf(counts);
      if (PER_REFERRAL_MEASURES.includes(measure)) {
        return { cells: raw.map((count) => suppressCount(count, { threshold })), total: suppressCount(referrals(counts), { threshold }) };
      }
      return suppressList(raw, { threshold });
    };
    const now = publish(current);
    const before = publish(previous);
    tables[measure] = {
      rows: values.map((value, i) => ({ value, count: now.cells[i], previous: before.cells[i], change: compareWithPrevious(now.cells[i], before.cells[i]) })),
      total: { count: now.total, previous: before.total, change: compareWithPrevious(now.total, before.total) },
    };
  }
  return tables;
}
