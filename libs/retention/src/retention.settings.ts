import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * When records come up for a retention review (DOMAIN.md, "Intelligence": retention; the police
 * information management rules review intelligence at set intervals). Each board sets its own.
 */
export interface RetentionSettings {
  /** An intelligence item is first reviewed this many months after it was submitted (72). */
  RETENTION_INTELLIGENCE_REVIEW_MONTHS: number;
  /** A closed case is first reviewed this many months after it was closed (84). */
  RETENTION_CLOSED_CASE_REVIEW_MONTHS: number;
  /** A decision to retain sets the next review at most this many months ahead (60). */
  RETENTION_MAX_RETAIN_MONTHS: number;
}

export const RETENTION_SETTINGS = Symbol('RETENTION_SETTINGS');

export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = {
  RETENTION_INTELLIGENCE_REVIEW_MONTHS: 72,
  RETENTION_CLOSED_CASE_REVIEW_MONTHS: 84,
  RETENTION_MAX_RETAIN_MONTHS: 60,
};

type Constructor<T = object> = new (...args: any[]) => T;

export function withRetentionSettings<TBase extends Constructor>(Base: TBase) {
  class WithRetentionSettings extends Base implements RetentionSettings {
    @Type(() => Number)
    @IsInt()
    @Min(0)
    @Max(1200)
    RETENTION_INTELLIGENCE_REVIEW_MONTHS = DEFAULT_RETENTION_SETTINGS.RETENTION_INTELLIGENCE_REVIEW_MONTHS;

    @Type(() => Number)
    @IsInt()
    @Min(0)
    @Max(1200)
    RETENTION_CLOSED_CASE_REVIEW_MONTHS = DEFAULT_RETENTION_SETTINGS.RETENTION_CLOSED_CASE_REVIEW_MONTHS;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(1200)
    RETENTION_MAX_RETAIN_MONTHS = DEFAULT_RETENTION_SETTINGS.RETENTION_MAX_RETAIN_MONTHS;
  }
  return WithRetentionSettings;
}
