import { defineStreamView } from '@app/common';
import type { IntelligenceItemEvent } from '../intelligence-item/intelligence-item.events';
import { intelligenceItemStream } from '../intelligence-item/intelligence-item.stream';
import { IntelligenceItemView, evolveIntelligenceItemView } from './intelligence-item-view';

/** An item's register entry as an auditor replays it (libs/audit): its own stream, folded as the projection folds it. */
export const INTELLIGENCE_ITEM_REPLAY = defineStreamView<IntelligenceItemView, IntelligenceItemEvent>({
  kind: intelligenceItemStream.kind,
  evolve: evolveIntelligenceItemView,
});
