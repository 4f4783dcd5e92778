import { Decider } from '@app/common/domain';
import { ShareMessageRefused } from './sharing-refusal.events';

/** A message on this board's share topic that its rules refused: recorded, with why. */
export type SharingRefusalCommand = { type: 'RecordShareMessageRefused'; data: Omit<ShareMessageRefused['data'], 'refusedAt'> };

/**
 * The refusals record: every refused message is kept, with the moment it was refused. Nothing
 * refuses a refusal (the consumer's Idempotency-Key, the message id, records a redelivery once),
 * so the stream needs no state.
 */
export const sharingRefusalDecider: Decider<SharingRefusalCommand & { now: string }, ShareMessageRefused, null> = {
  initialState: () => null,
  decide: (command) => [{ type: 'ShareMessageRefused', data: { ...command.data, refusedAt: command.now } }],
  evolve: (state) => state,
};
