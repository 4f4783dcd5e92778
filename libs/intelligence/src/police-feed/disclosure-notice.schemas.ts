import type { EventSchemas } from '@app/common';
import { policeAcknowledgementRecordedSchema } from '../intelligence-item/intelligence-item.schemas';
import type { DisclosureNoticeEvent } from './disclosure-notice.decider';

/** A disclosure notice's one event, as on an intelligence item's stream: checked before it is stored. */
export const disclosureNoticeEventSchemas: EventSchemas<DisclosureNoticeEvent> = {
  PoliceAcknowledgementRecorded: policeAcknowledgementRecordedSchema,
};
