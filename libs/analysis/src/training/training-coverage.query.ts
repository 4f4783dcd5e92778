import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import { notYetConsistent } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { ANALYSIS_SETTINGS, AnalysisSettings } from '../analysis.settings';
import { MonthPeriod, previousPeriod } from '../profile/profile-tables';
import { AgencyTraining, TrainingCoverageTable, publishTrainingCoverage } from './training-coverage';
import { TrainingCoverageEntity } from './training-coverage.entity';
import { TRAINING_COVERAGE_PROJECTION } from './training-coverage.projection';
import { TrainingCourse } from './training.events';

/** The `training.coverage` table of a period beside the previous one, suppressed. */
@Injectable()
export class TrainingCoverageQuery {
  constructor(
    @InjectRepository(TrainingCoverageEntity) private readonly rows: Repository<TrainingCoverageEntity>,
    @Inject(ANALYSIS_SETTINGS) private readonly settings: AnalysisSettings,
    private readonly projections: ProjectionsService,
  ) {}

  async coverage(period: MonthPeriod, consistentWith?: string): Promise<TrainingCoverageTable> {
    if (consistentWith) {
      await this.projections
        .waitForProjection(TRAINING_COVERAGE_PROJECTION, consistentWith, 3000)
        .catch(notYetConsistent('The training coverage has not caught up with that position yet; try again shortly'));
    }
    return publishTrainingCoverage(await this.summed(period), await this.summed(previousPeriod(period)), this.settings.PROFILE_SUPPRESSION_THRESHOLD);
  }

  /** Per agency: courses summed by course, trained summed, and the latest staff-in-post figure of the period. */
  private async summed(period: MonthPeriod): Promise<AgencyTraining[]> {
    const agencies = new Map<string, AgencyTraining & { latest: { on: string; position: string } }>();
    for (const row of await this.rows.find({ where: { month: Between(period.from, period.to) } })) {
      const agency = agencies.get(row.agencyId) ?? { agencyId: row.agencyId, courses: {}, staffInPost: 0, staffTrained: 0, latest: { on: '', position: '' } };
      const course = row.course as TrainingCourse;
      agency.courses[course] = (agency.courses[course] ?? 0) + row.coursesHeld;
      agency.staffTrained += row.staffTrained;
      const { on, position } = agency.latest;
      if (row.staffInPostOn > on || (row.staffInPostOn === on && row.staffInPostPosition > position)) {
        agency.staffInPost = row.staffInPost;
        agency.latest = { on: row.staffInPostOn, position: row.staffInPostPosition };
      }
      agencies.set(row.agencyId, agency);
    }
    return [...agencies.values()].map((a) => ({ agencyId: a.agencyId, courses: a.courses, staffInPost: a.staffInPost, staffTrained: a.staffTrained }));
  }
}
