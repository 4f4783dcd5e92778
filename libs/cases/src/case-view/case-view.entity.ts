import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseView } from './case-view';

/** One row per case: filterable columns plus the whole view as JSON. */
@Entity({ name: 'case_view' })
export class CaseViewEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'varchar', length: 30 })
  openedAt: string;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  updatedAt: string;

  @Column({ type: 'integer' })
  referralCount: number;

  @Column({ type: 'simple-json' })
  view: CaseView;
}
