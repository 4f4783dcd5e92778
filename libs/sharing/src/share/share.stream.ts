import { CommandRule, defineStream } from '@app/common';
import type { Role } from '@app/common/domain';
import { ShareCommand, ShareCommandEnvelope, ShareStateView, shareDecider } from './share.decider';
import { ShareEvent } from './share.events';
import { shareEventSchemas } from './share.schemas';

/**
 * Who may ask for a share (or forward a received one) or record a decision not to share: those
 * who hold the case or the intelligence.
 */
export const REQUESTER_ROLES: readonly Role[] = ['practitioner', 'semrac-chair', 'intelligence-officer', 'sharing-officer'];

const requesters: CommandRule<ShareCommand, ShareStateView> = { roles: REQUESTER_ROLES };
/** DOMAIN.md: "a share needs approval by a sharing-officer"; they also refuse and revoke. */
const officers: CommandRule<ShareCommand, ShareStateView> = { roles: ['sharing-officer'] };
/** The recipient's answers, applied by this board's share-topic consumer. */
const exchange: CommandRule<ShareCommand, ShareStateView> = { roles: [], system: true };

/**
 * An outbound share, `share-{shareId}` (or a decision not to share). The decider refuses the
 * requester deciding on their own share; the messages its events cause (share-sent, share-revoked)
 * are stored in the outbox with them.
 */
export const shareStream = defineStream<ShareCommand, ShareEvent, ShareStateView, ShareCommandEnvelope>({
  kind: 'share',
  decider: shareDecider,
  envelope: (command, { id, now, context: { actor } }) => ({ ...command, shareId: id, now, actor: { userId: actor.userId, agencyId: actor.agencyId } }),
  events: shareEventSchemas,
  commands: {
    RequestShare: requesters,
    DecideNotToShare: requesters,
    ApproveShare: officers,
    RefuseShare: officers,
    RevokeShare: officers,
    RecordAcknowledgement: exchange,
    RecordRevocationConfirmed: exchange,
  },
});
