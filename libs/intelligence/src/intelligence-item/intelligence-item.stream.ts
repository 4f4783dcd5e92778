import { CASEWORK_ROLES } from '@app/access';
import { defineStream } from '@app/common';
import { IntelligenceItemCommand, IntelligenceItemCommandEnvelope, IntelligenceItemState, intelligenceItemDecider } from './intelligence-item.decider';
import { IntelligenceItemEvent, intelligenceStreamId } from './intelligence-item.events';
import { intelligenceItemEventSchemas } from './intelligence-item.schemas';

/** Grading, sanitising and dissemination are police intelligence work (DOMAIN.md, "Intelligence"). */
const OFFICER = { roles: ['intelligence-officer'] } as const;

/**
 * An item of information, `intel-{itemId}`: any partner submits it; a police intelligence officer
 * grades, regrades, sanitises and disseminates it. The unit's acknowledgements come from an
 * intelligence officer over the pull API, or from the platform's acknowledgements consumer.
 */
export const intelligenceItemStream = defineStream<IntelligenceItemCommand, IntelligenceItemEvent, IntelligenceItemState, IntelligenceItemCommandEnvelope>({
  kind: 'intel',
  streamId: intelligenceStreamId,
  decider: intelligenceItemDecider,
  envelope: (command, { id, now }) => ({ ...command, itemId: id, now }),
  events: intelligenceItemEventSchemas,
  commands: {
    SubmitInformation: { roles: CASEWORK_ROLES },
    GradeIntelligence: OFFICER,
    RegradeIntelligence: OFFICER,
    SanitiseIntelligence: OFFICER,
    DisseminateIntelligence: OFFICER,
    RecordPoliceAcknowledgement: { ...OFFICER, system: true },
  },
});
