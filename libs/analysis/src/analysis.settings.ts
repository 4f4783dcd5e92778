import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DEFAULT_SUPPRESSION_THRESHOLD } from './suppression/suppression';

/** How the board publishes its aggregates (issue 14). */
export interface AnalysisSettings {
  /** Counts from 1 to this are shown as "fewer than 5" wherever the profile leaves the platform (4). */
  PROFILE_SUPPRESSION_THRESHOLD: number;
}

export const ANALYSIS_SETTINGS = Symbol('ANALYSIS_SETTINGS');

type Constructor<T = object> = new (...args: any[]) => T;

export function withAnalysisSettings<TBase extends Constructor>(Base: TBase) {
  class WithAnalysisSettings extends Base implements AnalysisSettings {
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(100)
    PROFILE_SUPPRESSION_THRESHOLD = DEFAULT_SUPPRESSION_THRESHOLD;
  }
  return WithAnalysisSettings;
}
