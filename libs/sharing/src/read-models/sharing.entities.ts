import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { InboundShareView } from './inbound-share-view';
import type { OutboundShareView } from './outbound-share-view';
import type { ShareMessageRefused } from '../refusals/sharing-refusal.events';

/** Outbound shares and decisions not to share: the sending board's list and the sharing register. */
@Entity({ name: 'sharing_outbound_share' })
export class OutboundShareEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shareId: string;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  state: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  peerId: string;

  /** When it was requested or decided not to be shared: the register's order. */
  @Index()
  @Column({ type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ type: 'simple-json' })
  view: OutboundShareView;
}

/** The inbox: shares received from peers (metadata only; the content stays encrypted in the event). */
@Entity({ name: 'sharing_inbound_share' })
export class InboundShareEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shareId: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  fromId: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  label: string;

  @Column({ type: 'boolean' })
  revoked: boolean;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  receivedAt: string;

  @Column({ type: 'simple-json' })
  view: InboundShareView;
}

/** Messages refused on this board's share topic (federation: not addressed here, unknown sender, forged). */
@Entity({ name: 'sharing_refused_message' })
export class RefusedShareMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  messageId: string;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  reason: string;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  refusedAt: string;

  @Column({ type: 'simple-json' })
  view: ShareMessageRefused['data'];
}

export const SHARING_READ_MODEL_ENTITIES = [OutboundShareEntity, InboundShareEntity, RefusedShareMessageEntity];
