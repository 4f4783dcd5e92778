import { CommandRule, defineStream, requireWriteAccess } from '@app/common';
import { InboundShareCommand, InboundShareCommandEnvelope, InboundShareState, inboundShareDecider } from './inbound-share.decider';
import { InboundShareEvent } from './inbound-share.events';
import { inboundShareEventSchemas } from './inbound-share.schemas';

/** What the sender's messages cause here, applied by this board's share-topic consumer only. */
const exchange: CommandRule<InboundShareCommand, InboundShareState> = { roles: [], system: true };

/**
 * A share received from a peer, `inbound-share-{shareId}`: recorded and revoked by the exchange
 * (the peer's signed messages), linked to local records by those the access policy lets change it.
 * The decider adds the sender's condition: only those the share's TLP label lets read it link it.
 */
export const inboundShareStream = defineStream<InboundShareCommand, InboundShareEvent, InboundShareState, InboundShareCommandEnvelope>({
  kind: 'inbound-share',
  decider: inboundShareDecider,
  envelope: (command, { id, now, context: { actor } }) => ({
    ...command,
    shareId: id,
    now,
    actor: { userId: actor.userId, agencyId: actor.agencyId },
    roles: actor.roles ?? [],
  }),
  events: inboundShareEventSchemas,
  commands: {
    ReceiveShare: exchange,
    ApplyRevocation: exchange,
    LinkInboundShare: {
      roles: ['sharing-officer', 'intelligence-officer', 'practitioner'],
      record: ({ id, state, actor, policy }) => {
        // A share never received here is the decider's to refuse (404), not the policy's.
        if (!state.exists) return;
        requireWriteAccess(policy, actor, { kind: 'inbound-share', id, label: state.label! });
      },
    },
  },
});
