import { Query } from '@nestjs/cqrs';
import type { Cursor } from '@app/common';
import type { HandlingCode, IntelligenceStatus } from '../intelligence-item/intelligence-item.events';
import type { IntelligenceListScope } from '@app/access';
import type { IntelligenceItemView } from './intelligence-item-view';

export interface IntelligenceRegister {
  items: IntelligenceItemView[];
  /** Items matching the filters, over all pages. */
  total: number;
  counts: Record<IntelligenceStatus, number>;
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/** Where a register page ends: the submission time (set once, when submitted) and the item id. */
export const INTELLIGENCE_REGISTER_CURSOR = { submittedAt: 'string', itemId: 'string' } as const;
export type IntelligenceRegisterCursor = Cursor<typeof INTELLIGENCE_REGISTER_CURSOR>;

export class GetIntelligenceItemQuery extends Query<IntelligenceItemView> {
  constructor(
    readonly itemId: string,
    /** Wait until the register reflects the log up to this position (read your own write). */
    readonly consistentWith?: string,
  ) {
    super();
  }
}

export class ListIntelligenceQuery extends Query<IntelligenceRegister> {
  constructor(
    readonly filters: { status?: IntelligenceStatus; handling?: HandlingCode; urgent?: boolean },
    readonly page: { limit: number; after?: IntelligenceRegisterCursor },
    readonly consistentWith?: string,
    /** Need to know (libs/access): only the items this user may see; unset, every item (internal callers). */
    readonly scope?: IntelligenceListScope,
  ) {
    super();
  }
}
