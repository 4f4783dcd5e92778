import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IntelligenceDisseminatedV1 } from '@app/contracts';

/** One message of the police feed: what was sent, where it sits in the log. */
@Entity({ name: 'police_feed_item' })
export class PoliceFeedItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  messageId: string;

  /** The global log position of the event that caused it: the pull API's cursor. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 41 })
  position: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  itemId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'integer' })
  sequence: number;

  @Index()
  @Column({ type: 'boolean' })
  urgent: boolean;

  @Column({ type: 'varchar', length: 40 })
  disseminatedAt: string;

  /** The intelligence-disseminated.v1 document exactly as sent. */
  @Column({ type: 'simple-json' })
  document: IntelligenceDisseminatedV1;
}

/** The police unit's acknowledgements of an item, as recorded in its stream. */
@Entity({ name: 'police_feed_acknowledgement' })
export class PoliceFeedAcknowledgementEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  messageId: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  itemId: string;

  @Column({ type: 'varchar', length: 30 })
  outcome: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  operationRef: string | null;

  @Column({ type: 'varchar', length: 100 })
  unitId: string;

  @Column({ type: 'varchar', length: 100 })
  officer: string;

  @Column({ type: 'varchar', length: 40 })
  acknowledgedAt: string;

  @Column({ type: 'varchar', length: 10 })
  via: string;

  @Column({ type: 'varchar', length: 41 })
  position: string;
}

export const POLICE_FEED_ENTITIES = [PoliceFeedItemEntity, PoliceFeedAcknowledgementEntity];
