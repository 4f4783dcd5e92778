import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import { notYetConsistent } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { ANALYSIS_SETTINGS, AnalysisSettings } from '../analysis.settings';
import { ALL_SEGMENT, CHILD_MEASURES, PROFILE_MEASURES, ProfileFilterName, ProfileMeasure, profilePlaces, segmentOf } from './profile-facts';
import { MonthPeriod, PeriodCounts, ProfileTable, previousPeriod, publishProfile } from './profile-tables';
import { ProfileCountEntity } from './profile.entities';
import { PROFILE_PROJECTION } from './profile.projection';

/** One filter of the profile: the children of a vulnerable group, a gender, an age band or an ethnic group. */
export interface ProfileFilter {
  field: ProfileFilterName;
  value: string;
}

/** The profile as it leaves the platform: every count suppressed, beside the previous period. */
export interface ProfileAnswer {
  period: MonthPeriod;
  previousPeriod: MonthPeriod;
  /** Counts from 1 to this are shown as "fewer than 5" (PROFILE_SUPPRESSION_THRESHOLD). */
  suppressionThreshold: number;
  tables: Record<ProfileMeasure, ProfileTable>;
}

/** A profile of the children a filter picks: the tables about one child only, and which were left out. */
export interface FilteredProfileAnswer extends Omit<ProfileAnswer, 'tables'> {
  /** The filter applied, e.g. `{ group: 'looked-after' }`. */
  filter: Partial<Record<ProfileFilterName, string>>;
  tables: Partial<Record<ProfileMeasure, ProfileTable>>;
  /** The tables not about one child (persons of interest, intelligence, sharing, meetings held): not in a filtered answer. */
  tablesLeftOut: string[];
}

@Injectable()
export class ProfileQuery {
  constructor(
    @InjectRepository(ProfileCountEntity) private readonly counts: Repository<ProfileCountEntity>,
    @Inject(ANALYSIS_SETTINGS) private readonly settings: AnalysisSettings,
    private readonly projections: ProjectionsService,
  ) {}

  profile(period: MonthPeriod, consistentWith?: string): Promise<ProfileAnswer>;
  profile(period: MonthPeriod, consistentWith: string | undefined, filter: ProfileFilter): Promise<FilteredProfileAnswer>;
  profile(period: MonthPeriod, consistentWith?: string, filter?: ProfileFilter): Promise<ProfileAnswer | FilteredProfileAnswer>;
  async profile(period: MonthPeriod, consistentWith?: string, filter?: ProfileFilter): Promise<ProfileAnswer | FilteredProfileAnswer> {
    if (consistentWith) {
      await this.projections
        .waitForProjection(PROFILE_PROJECTION, consistentWith, 3000)
        .catch(notYetConsistent('The profile has not caught up with that position yet; try again shortly'));
    }
    const before = previousPeriod(period);
    const threshold = this.settings.PROFILE_SUPPRESSION_THRESHOLD;
    const segment = filter ? segmentOf(filter.field, filter.value) : ALL_SEGMENT;
    const measures = filter ? CHILD_MEASURES : PROFILE_MEASURES;
    const tables = publishProfile(await this.summed(period, segment), await this.summed(before, segment), threshold, { places: profilePlaces(this.settings), measures });
    const answer = { period, previousPeriod: before, suppressionThreshold: threshold, tables };
    if (!filter) return answer;
    return { ...answer, filter: { [filter.field]: filter.value }, tablesLeftOut: PROFILE_MEASURES.filter((m) => !CHILD_MEASURES.includes(m)) };
  }

  /** One query per period: the rows of its months in one segment, summed by measure and value. */
  private async summed(period: MonthPeriod, segment: string): Promise<PeriodCounts> {
    const rows = await this.counts.find({ where: { month: Between(period.from, period.to), segment } });
    const counts: PeriodCounts = new Map();
    for (const row of rows) {
      const byValue = counts.get(row.measure) ?? new Map<string, number>();
      byValue.set(row.value, (byValue.get(row.value) ?? 0) + row.count);
      counts.set(row.measure, byValue);
    }
    return counts;
  }
}
