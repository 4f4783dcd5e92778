import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandStreams, DomainError, requireRole } from '@app/common';
import { intelligenceItemStream } from '../intelligence-item.stream';
import { GetOriginalIntelligenceQuery } from './get-original.query';
import { SealedIntelligenceView, evolveSealedView } from './sealed-intelligence-view';

/**
 * The sealed original, folded from the item's stream on each read (never stored in a read model).
 * The role is checked before the stream is read.
 */
@QueryHandler(GetOriginalIntelligenceQuery)
export class GetOriginalIntelligenceHandler implements IQueryHandler<GetOriginalIntelligenceQuery, SealedIntelligenceView> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ itemId, actor }: GetOriginalIntelligenceQuery): Promise<SealedIntelligenceView> {
    requireRole(actor.roles, 'intelligence-officer', 'read the sealed original and the source details');
    const { events } = await this.streams.load(intelligenceItemStream, itemId);
    const view = events.reduce<SealedIntelligenceView | undefined>((v, e) => evolveSealedView(v, e, e), undefined);
    if (!view) throw new DomainError(`No intelligence item ${itemId}`, 'item-not-found', 404);
    return view;
  }
}
