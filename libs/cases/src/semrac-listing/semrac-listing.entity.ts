import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseListingFacts } from './semrac-listing.rules';

/** The listing process manager's own state: one row per case with missing episodes or listings. */
@Entity({ name: 'semrac_listing_case' })
export class SemracListingCaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  caseId: string;

  /** The earliest last sighting among open episodes not yet listed as over the threshold: what the sweep looks for. */
  @Index()
  @Column({ type: 'varchar', length: 30, nullable: true })
  openSince: string | null;

  @Column({ type: 'simple-json' })
  facts: CaseListingFacts;
}
