import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per record under retention: when it is due for review, and what was last decided. */
@Entity({ name: 'retention_review' })
@Index(['status', 'reviewDue'])
export class RetentionReviewEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  recordKind: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  recordId: string;

  /** pending: awaiting its review date; retained; disposed; open: a case reopened (not under review). */
  @Column({ type: 'varchar', length: 20 })
  status: string;

  /** YYYY-MM-DD; null while not under review (an open case, a disposed record). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  reviewDue: string | null;

  /** What the first review date counts from: submission or closure. */
  @Column({ type: 'varchar', length: 40 })
  basisAt: string;

  @Column({ type: 'integer', default: 0 })
  reviews: number;

  @Column({ type: 'varchar', length: 10, nullable: true })
  lastDecision: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  lastReason: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  lastReviewedAt: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  lastReviewedBy: string | null;
}
