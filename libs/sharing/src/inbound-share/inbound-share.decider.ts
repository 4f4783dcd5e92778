import { Decider, DomainError } from '@app/common/domain';
import { ActorRef } from '../shared/peer';
import { TlpLabel, mayRead } from '../shared/tlp';
import { InboundShareEvent, ShareReceived } from './inbound-share.events';

export type InboundShareCommand =
  | { type: 'ReceiveShare'; data: Omit<ShareReceived['data'], 'receivedAt'> }
  | { type: 'LinkInboundShare'; to: { kind: 'case' | 'poi'; id: string }; note?: string }
  | { type: 'ApplyRevocation'; from: string; reason: string; revokedAt: string };

export type InboundShareCommandEnvelope = InboundShareCommand & { shareId: string; now: string; actor: ActorRef; roles: readonly string[] };

export interface InboundShareState {
  exists: boolean;
  from?: ShareReceived['data']['from'];
  to?: string;
  label?: TlpLabel;
  revoked: boolean;
  links: string[];
}

/** Refuses (403) someone whose roles the share's label does not let read it. */
export function checkLabelAllows(label: TlpLabel, roles: readonly string[], what: string): void {
  if (!mayRead(label, roles)) {
    throw new DomainError(`A share labelled ${label} may not be ${what} by someone in your roles; nothing was written or shown`, 'label-forbids', 403);
  }
}

/**
 * A received share: recorded once, linked by those its label lets read it, and made unreadable
 * when (only) its sender revokes it.
 */
export const inboundShareDecider: Decider<InboundShareCommandEnvelope, InboundShareEvent, InboundShareState> = {
  initialState: () => ({ exists: false, revoked: false, links: [] }),

  decide(command, state) {
    const { shareId, now } = command;
    if (command.type === 'ReceiveShare') {
      // The same share delivered again (a resend with a new message id) is recorded once.
      if (state.exists) return [];
      return [{ type: 'ShareReceived', data: { ...command.data, receivedAt: now } }];
    }
    if (!state.exists) throw new DomainError(`No received share ${shareId}`, 'inbound-share-not-found', 404);
    switch (command.type) {
      case 'LinkInboundShare': {
        checkLabelAllows(state.label!, command.roles, 'linked');
        if (state.revoked) throw new DomainError(`Share ${shareId} was revoked by its sender: it can no longer be linked`, 'share-revoked', 409);
        const key = `${command.to.kind}:${command.to.id}`;
        if (state.links.includes(key)) return [];
        const note = command.note?.trim();
        return [{ type: 'InboundShareLinked', data: { shareId, to: command.to, ...(note ? { note } : {}), linkedBy: command.actor, linkedAt: now } }];
      }
      case 'ApplyRevocation': {
        if (command.from !== state.from!.id) throw new DomainError(`Share ${shareId} came from ${state.from!.id}, not ${command.from}: only its sender revokes it`, 'not-the-sender', 403);
        if (state.revoked) return [];
        return [
          {
            type: 'InboundShareRevoked',
            data: { shareId, sender: state.from!.id, senderTopic: state.from!.topic, recipient: state.to!, reason: command.reason, revokedAt: command.revokedAt, contentDestroyedAt: now },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ShareReceived':
        return { ...state, exists: true, from: event.data.from, to: event.data.to, label: event.data.label };
      case 'InboundShareLinked':
        return { ...state, links: [...state.links, `${event.data.to.kind}:${event.data.to.id}`] };
      case 'InboundShareRevoked':
        return { ...state, revoked: true };
      default:
        return state;
    }
  },
};
