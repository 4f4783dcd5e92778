import { defineStream } from '@app/common';
import { RecordRegionalProfile, RegionalSendsState, SendRegionalProfile, SendRegionalProfileCommand, regionalReceiptsDecider, regionalSendsDecider } from './regional.decider';
import { RegionalProfileReceived, RegionalProfileSent } from './regional.events';
import { regionalReceiptEventSchemas, regionalSendEventSchemas } from './regional.schemas';

/** Who sends the profile on demand: the board's officers (aggregates only; the schedule sends as the platform). */
export const REGIONAL_SENDERS = ['board-officer'] as const;

/**
 * This board's sends of one period's profile, `regional-sends-{from}-{to}` (strategy action 2.4):
 * by a user on request, or by the schedule as the platform itself.
 */
export const regionalSendsStream = defineStream<SendRegionalProfile, RegionalProfileSent, RegionalSendsState, SendRegionalProfileCommand>({
  kind: 'regional-sends',
  decider: regionalSendsDecider,
  envelope: (command, { now, context: { actor } }) => ({ ...command, now, actor: { userId: actor.userId, agencyId: actor.agencyId } }),
  events: regionalSendEventSchemas,
  commands: {
    SendRegionalProfile: { roles: [...REGIONAL_SENDERS], system: true },
  },
});

/** The profiles one peer sent, `regional-received-{peerId}`: written by the profile consumer only. */
export const regionalReceiptsStream = defineStream<RecordRegionalProfile, RegionalProfileReceived, null>({
  kind: 'regional-received',
  decider: regionalReceiptsDecider,
  envelope: (command, { now }) => ({ ...command, now }),
  events: regionalReceiptEventSchemas,
  commands: {
    RecordRegionalProfile: { roles: [], system: true },
  },
});
