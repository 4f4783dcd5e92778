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

  /** When the case was opened; never changes: the case list's order (keyset paging). */
  @Index()
  @Column({ type: 'varchar', length: 30 })
  openedAt: string;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  updatedAt: string;

  @Column({ type: 'integer' })
  referralCount: number;

  /** The current risk band (see `currentRiskBand`); null before any assessment or SEMRAC discussion. */
  @Index()
  @Column({ type: 'varchar', length: 20, nullable: true })
  riskBand: string | null;

  @Index()
  @Column({ type: 'boolean', default: false })
  listedForSemrac: boolean;

  /** Listed for SEMRAC or discussed there (`isAtSemrac`): SEMRAC chairs and members read the case. */
  @Column({ type: 'boolean', default: false })
  atSemrac: boolean;

  /** Flag codes as `,looked-after,care-leaver,` (see `delimited`). */
  @Column({ type: 'text', default: '' })
  flags: string;

  /** The agencies involved, as `,bf-csc,tvp,`. */
  @Column({ type: 'text', default: '' })
  agencyIds: string;

  @Column({ type: 'simple-json' })
  view: CaseView;
}
