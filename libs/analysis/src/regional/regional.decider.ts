import { Decider, DomainError } from '@app/common/domain';
import { RegionalProfileReceived, RegionalProfileSent, RegionalSendTrigger } from './regional.events';

/** Send this board's profile of a period to its peers (regional.stream.ts adds the moment and who acts). */
export interface SendRegionalProfile {
  type: 'SendRegionalProfile';
  data: Omit<RegionalProfileSent['data'], 'sentBy' | 'sentAt' | 'trigger'> & { trigger: RegionalSendTrigger };
}

export interface SendRegionalProfileCommand extends SendRegionalProfile {
  now: string;
  actor: { userId: string; agencyId: string };
}

export interface RegionalSendsState {
  sends: number;
}

/**
 * A period's sends. Nothing is sent to nobody: a board without board peers is told so (422). A
 * scheduled send carries its slot; its event id derives from the slot, so a second process filling
 * the same slot finds it sent and writes nothing.
 */
export const regionalSendsDecider: Decider<SendRegionalProfileCommand, RegionalProfileSent, RegionalSendsState> = {
  initialState: () => ({ sends: 0 }),

  decide(command) {
    const { data, actor, now } = command;
    if (data.peers.length === 0) {
      throw new DomainError('No neighbouring board is configured (SHARING_PEERS, kind board): the profile was not sent', 'no-board-peers');
    }
    if (Object.keys(data.tables).length === 0) throw new DomainError('The profile has no tables: nothing was sent', 'empty-profile');
    return [{ type: 'RegionalProfileSent', data: { ...data, sentBy: { userId: actor.userId, agencyId: actor.agencyId }, sentAt: now } }];
  },

  evolve: (state, event) => (event.type === 'RegionalProfileSent' ? { sends: state.sends + 1 } : state),
};

/** Record a peer's profile as it arrived (the consumer, after checking who signed it). */
export interface RecordRegionalProfile {
  type: 'RecordRegionalProfile';
  data: Omit<RegionalProfileReceived['data'], 'receivedAt'>;
}

/** Each peer's received profiles, kept as they came: the picture is rebuilt from them. A redelivery is recorded once (ids from the message). */
export const regionalReceiptsDecider: Decider<RecordRegionalProfile & { now: string }, RegionalProfileReceived, null> = {
  initialState: () => null,
  decide: (command) => [{ type: 'RegionalProfileReceived', data: { ...command.data, receivedAt: command.now } }],
  evolve: (state) => state,
};
