import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionalTables } from './regional.events';

/**
 * The regional picture (strategy action 2.4): each peer's latest profile as it arrived (by the
 * peer's sending time, then log position). Published cells only; rebuilt from the received events.
 */
@Entity({ name: 'analysis_regional_profiles' })
export class RegionalPeerProfileEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  peerId: string;

  /** The peer's name in this board's directory when the profile arrived. */
  @Column({ type: 'varchar', length: 200 })
  peerName: string;

  @Column({ type: 'varchar', length: 36 })
  profileId: string;

  @Column({ type: 'varchar', length: 7 })
  periodFrom: string;

  @Column({ type: 'varchar', length: 7 })
  periodTo: string;

  @Column({ type: 'integer' })
  suppressionThreshold: number;

  @Column({ type: 'simple-json' })
  tables: RegionalTables;

  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ type: 'varchar', length: 40 })
  sentAt: string;

  @Column({ type: 'varchar', length: 40 })
  receivedAt: string;

  /** The received event's log position: the tie-break between two sends of the same moment. */
  @Column({ type: 'varchar', length: 60 })
  position: string;
}
