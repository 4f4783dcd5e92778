import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/common';
import type { SealedIntelligenceView } from './sealed-intelligence-view';

export class GetOriginalIntelligenceQuery extends Query<SealedIntelligenceView> {
  constructor(
    readonly itemId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
