import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IntelligenceItemView } from './intelligence-item-view';

/** The intelligence register: one row per item, the sanitised view only (never the original or the source). */
@Entity({ name: 'intelligence_item' })
export class IntelligenceItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  itemId: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Index()
  @Column({ type: 'varchar', length: 1, nullable: true })
  handling: string | null;

  /** e.g. `2/B/P`. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  gradingCode: string | null;

  @Column({ type: 'boolean' })
  urgent: boolean;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  submittedAt: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  disseminatedAt: string | null;

  @Column({ type: 'simple-json' })
  view: IntelligenceItemView;
}

/** Which records (POIs, children's cases) an item is about: how a POI profile finds its intelligence. */
@Entity({ name: 'intelligence_item_ref' })
@Index(['kind', 'ref'])
export class IntelligenceItemRefEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  itemId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  ref: string;
}

/**
 * Which agency submitted each item: what need-to-know access (libs/access) weighs ("your agency's
 * own submission"). Kept apart from the view, which never names the submitter.
 */
@Entity({ name: 'intelligence_item_submitter' })
export class IntelligenceItemSubmitterEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  itemId: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  agencyId: string;
}

export const INTELLIGENCE_REGISTER_ENTITIES = [IntelligenceItemEntity, IntelligenceItemRefEntity, IntelligenceItemSubmitterEntity];
