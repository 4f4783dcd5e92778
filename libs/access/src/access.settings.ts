import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';

/** What the access policy needs from the board's configuration, validated at boot with the app's schema. */
export interface AccessSettings {
  /**
   * Agency ids (as in tokens' agency claim) that are police forces, separated by commas: their
   * casework roles read intelligence under handling C (DOMAIN.md, "Intelligence").
   */
  POLICE_AGENCY_IDS: string;
}

export const ACCESS_SETTINGS = Symbol('ACCESS_SETTINGS');
export const DEFAULT_ACCESS_SETTINGS: AccessSettings = { POLICE_AGENCY_IDS: 'thames-valley-police' };

/** The agency ids in POLICE_AGENCY_IDS. */
export function policeAgencyIds(settings: AccessSettings): string[] {
  return settings.POLICE_AGENCY_IDS.split(',').map((id) => id.trim()).filter(Boolean);
}

type Constructor<T = object> = new (...args: any[]) => T;

/** Adds the access settings to an app's config schema. */
export function withAccessSettings<TBase extends Constructor>(Base: TBase) {
  class WithAccessSettings extends Base implements AccessSettings {
    @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
    @IsString()
    @Matches(/^[A-Za-z0-9._:-]+(\s*,\s*[A-Za-z0-9._:-]+)*$/, { message: 'POLICE_AGENCY_IDS must be agency ids separated by commas' })
    POLICE_AGENCY_IDS = DEFAULT_ACCESS_SETTINGS.POLICE_AGENCY_IDS;
  }
  return WithAccessSettings;
}
