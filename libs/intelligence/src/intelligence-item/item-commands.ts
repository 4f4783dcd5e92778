import type { StreamCommandResult } from '@app/common';
import type { IntelligenceItemState } from './intelligence-item.decider';
import type { IntelligenceStatus } from './intelligence-item.events';

/** What every change to an item answers. */
export interface ItemChangeAnswer {
  itemId: string;
  status: IntelligenceStatus;
  /** Send as If-Match with the next change to this item. */
  revision: number;
  /** Pass as `consistentWith` to read your own write. */
  position?: string;
  /** False when nothing changed, or for a retried Idempotency-Key. */
  changed: boolean;
}

export const ITEM_ANSWER_EXAMPLE = {
  itemId: '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f',
  status: 'graded',
  revision: 2,
  position: '00000000000000000131:00000000000000000131',
  changed: true,
};

export function itemAnswer(itemId: string, result: StreamCommandResult<unknown, IntelligenceItemState>): ItemChangeAnswer {
  return { itemId, status: result.state.status, revision: result.revision, position: result.position, changed: result.written };
}
