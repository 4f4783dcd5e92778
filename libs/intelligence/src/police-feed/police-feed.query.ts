import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import type { IntelligenceDisseminatedV1 } from '@app/contracts';
import { DomainError, notYetConsistent } from '@app/common';
import { EVENT_STORE, EventStore, ProjectionsService, hasOutbox } from '@app/event-store';
import { PoliceFeedAcknowledgementEntity, PoliceFeedItemEntity } from './police-feed.entity';

export interface FeedDelivery {
  /** queued: waiting in the outbox (e.g. the broker is down); published: on the topic; unknown: this store keeps no outbox (EventStoreDB). */
  state: 'queued' | 'published' | 'unknown';
  /** When it was published; absent once the sent message was pruned from the outbox (OUTBOX_RETENTION_DAYS). */
  publishedAt?: string;
}

/**
 * A feed message's delivery from the outbox's answer. The message was stored in the outbox in the
 * transaction of the event that put it in the feed, and only sent messages are ever pruned: one
 * the outbox no longer holds was published.
 */
export function deliveryOf(sentAt: string | null | undefined): FeedDelivery {
  if (sentAt === null) return { state: 'queued' };
  return sentAt === undefined ? { state: 'published' } : { state: 'published', publishedAt: sentAt };
}

export interface FeedAcknowledgement {
  messageId: string;
  outcome: string;
  operationRef?: string;
  unit: { id: string; officer: string };
  acknowledgedAt: string;
  via: string;
}

export interface FeedEntry {
  /** Pass as `after` to read on from here. */
  position: string;
  /** The intelligence-disseminated.v1 document, as on the topic: handling code and conditions included. */
  message: IntelligenceDisseminatedV1;
  delivery: FeedDelivery;
  /** What the police unit said of the item (any of its messages), oldest first. */
  acknowledgements: FeedAcknowledgement[];
}

export interface FeedPage {
  items: FeedEntry[];
  /** The position to ask `after` next; the same as `after` when nothing is new. */
  next: string | null;
}

export const FEED_ENTRY_EXAMPLE = {
  position: '00000000000000000812:00000000000000000003',
  message: {
    messageId: '6f1d3c2a-8b4e-4f6a-9c1d-2e3f4a5b6c7d',
    kind: 'intelligence',
    itemId: 'b0c4e9a2-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
    sequence: 1,
    disseminatedAt: '2026-11-27T10:15:00.000Z',
    grading: { source: 2, assessment: 'B', handling: 'C', conditions: 'Not to be disclosed to the subject.' },
    sanitisedText: 'A male in his 30s driving a silver hatchback has been seen collecting a 14-year-old girl from the shopping centre.',
    subjects: [{ kind: 'poi', ref: '3a9f5c1e-2b7d-4c8e-9f0a-1b2c3d4e5f60' }],
    urgent: false,
  },
  delivery: { state: 'published', publishedAt: '2026-11-27T10:15:00.041Z' },
  acknowledgements: [
    { messageId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b', outcome: 'linked-to-operation', operationRef: 'OP-KESTREL-2026', unit: { id: 'tvp-fib', officer: 'DC 4471' }, acknowledgedAt: '2026-11-27T11:02:00.000Z', via: 'kafka' },
  ],
};

/** The police feed for units that pull it rather than consume Kafka, with delivery and acknowledgement state. */
@Injectable()
export class PoliceFeedReader {
  constructor(
    @InjectRepository(PoliceFeedItemEntity) private readonly items: Repository<PoliceFeedItemEntity>,
    @InjectRepository(PoliceFeedAcknowledgementEntity) private readonly acknowledgements: Repository<PoliceFeedAcknowledgementEntity>,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
  ) {}

  async page(options: { after?: string; limit: number; urgentOnly?: boolean; consistentWith?: string }): Promise<FeedPage> {
    await this.caughtUp(options.consistentWith);
    const rows = await this.items.find({
      where: { ...(options.after ? { position: MoreThan(options.after) } : {}), ...(options.urgentOnly ? { urgent: true } : {}) },
      order: { position: 'ASC' },
      take: options.limit,
    });
    return { items: await this.entries(rows), next: rows.length > 0 ? rows[rows.length - 1].position : (options.after ?? null) };
  }

  async item(itemId: string, consistentWith?: string): Promise<FeedEntry[]> {
    await this.caughtUp(consistentWith);
    const rows = await this.items.find({ where: { itemId }, order: { position: 'ASC' } });
    if (rows.length === 0) throw new DomainError(`No police feed item ${itemId}`, 'feed-item-not-found', 404);
    return this.entries(rows);
  }

  private async entries(rows: PoliceFeedItemEntity[]): Promise<FeedEntry[]> {
    if (rows.length === 0) return [];
    const itemIds = [...new Set(rows.map((r) => r.itemId))];
    const acks = await this.acknowledgements.find({ where: { itemId: In(itemIds) }, order: { position: 'ASC' } });
    const delivery = hasOutbox(this.store) ? await this.store.readOutboxDelivery(rows.map((r) => r.messageId)) : undefined;
    return rows.map((row) => {
      const sentAt = delivery?.get(row.messageId.toLowerCase());
      return {
        position: row.position,
        message: row.document,
        delivery: delivery ? deliveryOf(sentAt) : { state: 'unknown' },
        acknowledgements: acks
          .filter((a) => a.itemId === row.itemId)
          .map((a) => ({
            messageId: a.messageId,
            outcome: a.outcome,
            ...(a.operationRef ? { operationRef: a.operationRef } : {}),
            unit: { id: a.unitId, officer: a.officer },
            acknowledgedAt: a.acknowledgedAt,
            via: a.via,
          })),
      };
    });
  }

  private async caughtUp(position?: string): Promise<void> {
    if (!position) return;
    await this.projections.waitForProjection('police-feed', position, 3000).catch(notYetConsistent('The read model has not caught up with that position yet; try again shortly'));
  }
}
