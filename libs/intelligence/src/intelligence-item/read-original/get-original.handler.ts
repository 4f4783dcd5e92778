import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, requireRole } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { IntelligenceItemEvent, intelligenceStreamId } from '../intelligence-item.events';
import { GetOriginalIntelligenceQuery } from './get-original.query';
import { SealedIntelligenceView, evolveSealedView } from './sealed-intelligence-view';

/**
 * The sealed original, folded from the item's stream on each read (never stored in a read model).
 * The role is checked before the stream is read.
 */
@QueryHandler(GetOriginalIntelligenceQuery)
export class GetOriginalIntelligenceHandler implements IQueryHandler<GetOriginalIntelligenceQuery, SealedIntelligenceView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ itemId, actor }: GetOriginalIntelligenceQuery): Promise<SealedIntelligenceView> {
    requireRole(actor.roles, 'intelligence-officer', 'read the sealed original and the source details');
    const events = await this.store.readStream(intelligenceStreamId(itemId));
    const view = events.reduce<SealedIntelligenceView | undefined>((v, e) => evolveSealedView(v, e as unknown as IntelligenceItemEvent, e), undefined);
    if (!view) throw new DomainError(`No intelligence item ${itemId}`, 'item-not-found', 404);
    return view;
  }
}
