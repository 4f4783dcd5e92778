import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PoiLinkView, PoiProfileView } from './poi-profile-view';

/** One row per person of interest: the profile without its links and intelligence. */
@Entity({ name: 'poi_profile' })
export class PoiProfileEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  poiId: string;

  @Index()
  @Column({ type: 'varchar', length: 10 })
  status: string;

  /** Merged: the survivor. */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  mergedInto: string | null;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'boolean' })
  vulnerableYoungPerson: boolean;

  @Column({ type: 'simple-json' })
  view: PoiProfileView;
}

/**
 * One row per link: the edges of the network. `targetKey` is the case id, the other POI's id, or
 * the location's key (person-of-interest.identifiers.ts `locationKey`).
 */
@Entity({ name: 'poi_link' })
@Index(['targetKind', 'targetKey'])
export class PoiLinkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  linkId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  poiId: string;

  @Column({ type: 'varchar', length: 10 })
  targetKind: string;

  @Column({ type: 'varchar', length: 400 })
  targetKey: string;

  @Column({ type: 'varchar', length: 30 })
  nature: string;

  @Column({ type: 'simple-json' })
  view: PoiLinkView;
}

export const POI_PROFILE_ENTITIES = [PoiProfileEntity, PoiLinkEntity];
