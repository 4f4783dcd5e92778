import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import { notYetConsistent } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { ANALYSIS_SETTINGS, AnalysisSettings } from '../analysis.settings';
import { ProfileMeasure } from './profile-facts';
import { MonthPeriod, PeriodCounts, ProfileTable, previousPeriod, publishProfile } from './profile-tables';
import { ProfileCountEntity } from './profile.entities';
import { PROFILE_PROJECTION } from './profile.projection';

/** The profile as it leaves the platform: every count suppressed, beside the previous period. */
export interface ProfileAnswer {
  period: MonthPeriod;
  previousPeriod: MonthPeriod;
  /** Counts from 1 to this are shown as "fewer than 5" (PROFILE_SUPPRESSION_THRESHOLD). */
  suppressionThreshold: number;
  tables: Record<ProfileMeasure, ProfileTable>;
}

@Injectable()
export class ProfileQuery {
  constructor(
    @InjectRepository(ProfileCountEntity) private readonly counts: Repository<ProfileCountEntity>,
    @Inject(ANALYSIS_SETTINGS) private readonly settings: AnalysisSettings,
    private readonly projections: ProjectionsService,
  ) {}

  async profile(period: MonthPeriod, consistentWith?: string): Promise<ProfileAnswer> {
    if (consistentWith) {
      await this.projections
        .waitForProjection(PROFILE_PROJECTION, consistentWith, 3000)
        .catch(notYetConsistent('The profile has not caught up with that position yet; try again shortly'));
    }
    const before = previousPeriod(period);
    const threshold = this.settings.PROFILE_SUPPRESSION_THRESHOLD;
    return {
      period,
      previousPeriod: before,
      suppressionThreshold: threshold,
      tables: publishProfile(await this.summed(period), await this.summed(before), threshold),
    };
  }

  /** One query per period: the rows of its months, summed by measure and value. */
  private async summed(period: MonthPeriod): Promise<PeriodCounts> {
    const rows = await this.counts.find({ where: { month: Between(period.from, period.to) } });
    const counts: PeriodCounts = new Map();
    for (const row of rows) {
      const byValue = counts.get(row.measure) ?? new Map<string, number>();
      byValue.set(row.value, (byValue.get(row.value) ?? 0) + row.count);
      counts.set(row.measure, byValue);
    }
    return counts;
  }
}
