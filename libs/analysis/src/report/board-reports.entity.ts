import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The board's reports as GET /analysis/reports lists them: one row per report, its period, title and
 * status, and once issued where it was cut and its content hash. Metadata only: the figures stay in
 * the issue event. Rebuilt from the log.
 */
@Entity({ name: 'analysis_board_reports' })
@Index('analysis_board_reports_drafted', ['draftedAt', 'reportId'])
export class BoardReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  reportId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** YYYY-MM. */
  @Column({ type: 'varchar', length: 7 })
  periodFrom: string;

  @Column({ type: 'varchar', length: 7 })
  periodTo: string;

  @Column({ type: 'varchar', length: 10 })
  status: 'draft' | 'issued';

  /** ISO; the list's order, newest first (it never changes once the row exists). */
  @Column({ type: 'varchar', length: 40 })
  draftedAt: string;

  @Column({ type: 'varchar', length: 200 })
  draftedBy: string;

  /** The actions with a narrative, comma-separated in the plan's order. */
  @Column({ type: 'varchar', length: 200, default: '' })
  narratives: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  issuedAt: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  issuedBy: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  position: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  contentHash: string | null;
}
