import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { IntelligenceAcknowledgedV1 } from '@app/contracts';
import { Actor, CommandStreams, DomainError } from '@app/common';
import { intelligenceItemStream } from '../intelligence-item/intelligence-item.stream';
import { PoliceFeedItemEntity } from './police-feed.entity';
import { disclosureAssessmentOf } from './police-feed-message';
import { disclosureNoticeStream } from './disclosure-notice.stream';

export interface AcknowledgementAnswer {
  itemId: string;
  kind: 'intelligence' | 'disclosure';
  /** False when this acknowledgement (by messageId) was already recorded. */
  recorded: boolean;
  position?: string;
}

/**
 * Records the police unit's acknowledgement of a feed item as an event on the item's stream (an
 * intelligence item's own stream; a disclosure notice's stream), once per acknowledgement message
 * id, whichever way it came (the acknowledgements topic or the pull API).
 */
@Injectable()
export class PoliceAcknowledgements {
  constructor(
    private readonly streams: CommandStreams,
    @InjectRepository(PoliceFeedItemEntity) private readonly feed: Repository<PoliceFeedItemEntity>,
  ) {}

  async record(ack: IntelligenceAcknowledgedV1, via: 'kafka' | 'http', actor: Actor): Promise<AcknowledgementAnswer> {
    const data = {
      messageId: ack.messageId,
      outcome: ack.outcome,
      ...(ack.operationRef ? { operationRef: ack.operationRef } : {}),
      unit: { id: ack.unit.id, officer: ack.unit.officer },
      acknowledgedAt: ack.acknowledgedAt,
      via,
    };
    // The message id keys the retry: a redelivery answers as the first time and writes nothing.
    const context = { actor, request: ack, idempotencyKey: ack.messageId };
    const assessmentId = disclosureAssessmentOf(ack.itemId);
    if (assessmentId === undefined) {
      const result = await this.streams.handle(intelligenceItemStream, ack.itemId, { type: 'RecordPoliceAcknowledgement', data }, context);
      return { itemId: ack.itemId, kind: 'intelligence', recorded: result.written, position: result.position };
    }
    // A disclosure notice is known by the feed it went out on (its case is casework's to read).
    if (!(await this.feed.existsBy({ itemId: ack.itemId }))) {
      throw new DomainError(`No police feed item ${ack.itemId}: the acknowledgement names an item this board never sent`, 'feed-item-not-found', 404);
    }
    const result = await this.streams.handle(disclosureNoticeStream, assessmentId, { type: 'RecordPoliceAcknowledgement', data }, context);
    return { itemId: ack.itemId, kind: 'disclosure', recorded: result.written, position: result.position };
  }
}
