import { defineStream } from '@app/common';
import { DisclosureNoticeCommand, DisclosureNoticeCommandEnvelope, DisclosureNoticeEvent, DisclosureNoticeState, disclosureNoticeDecider } from './disclosure-notice.decider';
import { disclosureNoticeEventSchemas } from './disclosure-notice.schemas';
import { disclosureItemId } from './police-feed-message';

/**
 * What the police unit said back about a disclosure notice, `disclosure-notice-{assessmentId}`:
 * recorded by an intelligence officer over the pull API, or by the platform's acknowledgements
 * consumer, as on an intelligence item.
 */
export const disclosureNoticeStream = defineStream<DisclosureNoticeCommand, DisclosureNoticeEvent, DisclosureNoticeState, DisclosureNoticeCommandEnvelope>({
  kind: 'disclosure-notice',
  decider: disclosureNoticeDecider,
  envelope: (command, { id, now }) => ({ ...command, itemId: disclosureItemId(id), now }),
  events: disclosureNoticeEventSchemas,
  commands: {
    RecordPoliceAcknowledgement: { roles: ['intelligence-officer'], system: true },
  },
});
