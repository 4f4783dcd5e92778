import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Training coverage (actions 1.3, 3.3): per agency, month and course, the courses held, the staff
 * trained, and the latest staff-in-post figure recorded that month with when it was. Counts only,
 * rebuilt from the log.
 */
@Entity({ name: 'analysis_training_coverage' })
export class TrainingCoverageEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  agencyId: string;

  /** YYYY-MM of the day the course was held. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  course: string;

  @Column({ type: 'integer', default: 0 })
  coursesHeld: number;

  @Column({ type: 'integer', default: 0 })
  staffTrained: number;

  /** The staff in post of the latest of these courses (by day held, then log position). */
  @Column({ type: 'integer', default: 0 })
  staffInPost: number;

  @Column({ type: 'varchar', length: 10 })
  staffInPostOn: string;

  @Column({ type: 'varchar', length: 60 })
  staffInPostPosition: string;
}
