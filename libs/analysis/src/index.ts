/**
 * The board's analysis (issue 14; the strategy's actions 2.1, 2.4 and section 7): the problem
 * profile as aggregates over any period, small-number suppression wherever an aggregate leaves the
 * platform, the biannual report and the regional picture. Aggregates only: never a child or a
 * person of interest.
 */
export * from './suppression/suppression';
export * from './analysis.settings';
export * from './analysis.module';
export * from './profile/ethnicity';
export * from './profile/profile-facts';
export * from './profile/profile-tables';
export * from './profile/profile.entities';
export { PROFILE_PROJECTION, ProfileProjection } from './profile/profile.projection';
export type { ProfileAnswer } from './profile/profile.query';
export * from './training/training.events';
export * from './training/training-coverage';
export { trainingStream } from './training/training.stream';
export { TrainingCoverageEntity } from './training/training-coverage.entity';
export { TRAINING_COVERAGE_PROJECTION, TrainingCoverageProjection } from './training/training-coverage.projection';
export * from './regional/regional.events';
export { profileTopicOf, publishedTables, profileContentHash, parseRegionalSchedule } from './regional/regional-profile.rules';
export { regionalSendsStream, regionalReceiptsStream } from './regional/regional.stream';
export { RegionalPeerProfileEntity } from './regional/regional-picture.entity';
export { REGIONAL_PICTURE_PROJECTION, RegionalPictureProjection } from './regional/regional-picture.projection';
export * from './report/action-plan.rules';
export * from './report/report-content';
export * from './report/report.events';
export type { BoardReportView } from './report/report.service';
export { boardReportStream } from './report/report.stream';
export { BoardReportEntity } from './report/board-reports.entity';
export { BOARD_REPORTS_PROJECTION, BoardReportsProjection } from './report/board-reports.projection';
