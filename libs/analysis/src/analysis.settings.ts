import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateBy } from 'class-validator';
import { DEFAULT_SUPPRESSION_THRESHOLD } from './suppression/suppression';
import { MAX_VALUE_LENGTH, NOT_RECORDED, OTHER_PLACE, placeKey, placeNames } from './profile/profile-facts';
import { parseRegionalSchedule } from './regional/regional-profile.rules';

/** How the board publishes its aggregates (issue 14). */
export interface AnalysisSettings {
  /** Counts from 1 to this are shown as "fewer than 5" wherever the profile leaves the platform (4). */
  PROFILE_SUPPRESSION_THRESHOLD: number;
  /** The board's wards, comma-separated: a referral's area counts under the one it names, else `other` (none: `not-recorded`). */
  PROFILE_AREAS: string;
  /** The board's schools, comma-separated, counted as the areas are. */
  PROFILE_SCHOOLS: string;
  /**
   * How often the profile of the last six whole months goes to the board peers (strategy action
   * 2.4): `off`, `monthly`, a number of days, or an ISO 8601 duration (`P7D`, `PT12H`).
   */
  REGIONAL_PROFILE_EVERY: string;
}

/** What is wrong with a list of place names (the names are the board's, not a child's: they may be shown). */
export function placeListProblems(list: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of placeNames(list)) {
    if (name.length > MAX_VALUE_LENGTH) problems.push(`"${name.slice(0, 20)}…" is longer than ${MAX_VALUE_LENGTH} characters`);
    if ([OTHER_PLACE, NOT_RECORDED].includes(placeKey(name))) problems.push(`"${name}" is a row of its own`);
    if (seen.has(placeKey(name))) problems.push(`"${name}" is named twice`);
    seen.add(placeKey(name));
  }
  return problems;
}

const placeList = (setting: string) =>
  ValidateBy({
    name: 'isPlaceList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && placeListProblems(value).length === 0,
      defaultMessage: (args) => `${setting} must be names separated by commas: ${placeListProblems(String(args?.value)).join('; ')}`,
    },
  });

export const ANALYSIS_SETTINGS = Symbol('ANALYSIS_SETTINGS');

type Constructor<T = object> = new (...args: any[]) => T;

export function withAnalysisSettings<TBase extends Constructor>(Base: TBase) {
  class WithAnalysisSettings extends Base implements AnalysisSettings {
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(100)
    PROFILE_SUPPRESSION_THRESHOLD = DEFAULT_SUPPRESSION_THRESHOLD;

    @ValidateBy({
      name: 'isRegionalSchedule',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseRegionalSchedule(value) !== undefined,
        defaultMessage: () => 'REGIONAL_PROFILE_EVERY must be off, monthly, a number of days, or an ISO 8601 duration from PT1S to P366D (e.g. P7D, PT12H)',
      },
    })
    REGIONAL_PROFILE_EVERY = 'off';

    @IsString()
    @placeList('PROFILE_AREAS')
    PROFILE_AREAS = '';

    @IsString()
    @placeList('PROFILE_SCHOOLS')
    PROFILE_SCHOOLS = '';
  }
  return WithAnalysisSettings;
}
