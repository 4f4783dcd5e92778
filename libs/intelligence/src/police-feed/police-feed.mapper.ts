import { Inject, Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { IntelligenceDisseminatedV1 } from '@app/contracts';
import { MESSAGING_SETTINGS, MappableEvent, MessagingSettings, OutboxMapper, OutboxMessageDraft, OutboxMessageMapper, contractMessage, messageIdFor } from '@app/messaging';
import { intelligenceItemEventSchemas } from '../intelligence-item/intelligence-item.schemas';
import { disclosureFeedItem, disclosureRecordedData, intelligenceFeedItem } from './police-feed-message';

/** The event types that put an item on the police feed. */
export const POLICE_FEED_SOURCE_EVENTS = ['IntelligenceDisseminated', 'DisclosureRecorded'] as const;

/** The feed document an event causes, with the id its outbox message has. */
export function feedDocumentFor(event: MappableEvent): IntelligenceDisseminatedV1 | undefined {
  const messageId = messageIdFor(event.id, IntelligenceDisseminatedV1.type);
  // By stream as well as type: another context's event of the same name is not ours to send.
  const item = event.streamId.startsWith('intel-') ? eventOf(intelligenceItemEventSchemas, event) : undefined;
  if (item?.type === 'IntelligenceDisseminated') return intelligenceFeedItem(item.data, messageId);
  if (event.type === 'DisclosureRecorded' && event.streamId.startsWith('case-')) {
    const read = disclosureRecordedData.safeParse(event.data);
    // The case stream checks the event against its own schema before storing it; one the feed cannot read makes no notice.
    if (!read.success) return undefined;
    const { data } = read;
    if (!data.notify.includes('police')) return undefined;
    const agencyId = String((event.metadata.actor as { agencyId?: string } | undefined)?.agencyId ?? 'the recording agency');
    return disclosureFeedItem(data, agencyId, messageId);
  }
  return undefined;
}

/**
 * Every disseminated item and every disclosure for the police becomes one
 * intelligence-disseminated.v1 message on the police feed topic, keyed by item so that an item's
 * disseminations stay in order; stored in the outbox with the event that causes it.
 */
@Injectable()
@OutboxMessageMapper()
export class PoliceFeedMapper implements OutboxMapper {
  readonly eventTypes = POLICE_FEED_SOURCE_EVENTS;

  constructor(@Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings) {}

  map(event: MappableEvent): OutboxMessageDraft[] {
    const document = feedDocumentFor(event);
    if (!document) return [];
    return [contractMessage(IntelligenceDisseminatedV1, { topic: this.settings.POLICE_FEED_TOPIC, key: document.itemId, value: document })];
  }
}
