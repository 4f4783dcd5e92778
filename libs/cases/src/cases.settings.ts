import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { riskSchemeFileProblems } from './risk/risk-scheme.loader';

/**
 * The board's own thresholds for casework (DOMAIN.md: "Thresholds are configuration with the
 * seed's values as defaults, because each board sets its own"). Apps mix these into their
 * config schema with `withCasesSettings`, so they are validated at boot with everything else.
 */
export interface CasesSettings {
  /** SEMRAC overview: this many missing episodes ... */
  SEMRAC_MISSING_EPISODES: number;
  /** ... within this many days (strategy section 4: 3 in 90 days). */
  SEMRAC_MISSING_WINDOW_DAYS: number;
  /** SEMRAC overview: missing for more than this many hours (24). */
  SEMRAC_MISSING_HOURS: number;
  /** A return home interview is due this many hours after the return (72). */
  RETURN_INTERVIEW_HOURS: number;
  /** Reassess risk at least this often while a case is open, in months (3). */
  RISK_REASSESS_MONTHS: number;
  /**
   * A JSON file holding the board's own risk scheme (weights, recency windows, bands), validated
   * at boot. Unset: the built-in "SERAF-style default (Safeguard built-in), configurable".
   */
  RISK_SCHEME_FILE?: string;
}

export const CASES_SETTINGS = Symbol('CASES_SETTINGS');

export const DEFAULT_CASES_SETTINGS: CasesSettings = {
  SEMRAC_MISSING_EPISODES: 3,
  SEMRAC_MISSING_WINDOW_DAYS: 90,
  SEMRAC_MISSING_HOURS: 24,
  RETURN_INTERVIEW_HOURS: 72,
  RISK_REASSESS_MONTHS: 3,
  RISK_SCHEME_FILE: undefined,
};

type Constructor<T = object> = new (...args: any[]) => T;

/** Adds the casework settings, with the seed's values as defaults, to an app's config schema. */
export function withCasesSettings<TBase extends Constructor>(Base: TBase) {
  class WithCasesSettings extends Base implements CasesSettings {
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(50)
    SEMRAC_MISSING_EPISODES = DEFAULT_CASES_SETTINGS.SEMRAC_MISSING_EPISODES;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(3650)
    SEMRAC_MISSING_WINDOW_DAYS = DEFAULT_CASES_SETTINGS.SEMRAC_MISSING_WINDOW_DAYS;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(24 * 90)
    SEMRAC_MISSING_HOURS = DEFAULT_CASES_SETTINGS.SEMRAC_MISSING_HOURS;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(24 * 30)
    RETURN_INTERVIEW_HOURS = DEFAULT_CASES_SETTINGS.RETURN_INTERVIEW_HOURS;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(24)
    RISK_REASSESS_MONTHS = DEFAULT_CASES_SETTINGS.RISK_REASSESS_MONTHS;

    @Transform(({ value }) => (value === '' ? undefined : value))
    @IsOptional()
    @IsString()
    @ValidateBy({
      name: 'isRiskSchemeFile',
      validator: {
        validate: (path: unknown) => typeof path === 'string' && riskSchemeFileProblems(path).length === 0,
        defaultMessage: (args) => `RISK_SCHEME_FILE is not a usable risk scheme: ${riskSchemeFileProblems(String(args?.value)).join('; ')}`,
      },
    })
    RISK_SCHEME_FILE?: string = DEFAULT_CASES_SETTINGS.RISK_SCHEME_FILE;
  }
  return WithCasesSettings;
}
