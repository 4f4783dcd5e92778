import { Decider, DomainError } from '@app/common/domain';
import { ReferralEvent, ReferralReceived } from './referral.events';

export type ReceiveReferral = {
  type: 'ReceiveReferral';
  data: Omit<ReferralReceived['data'], 'referredAt'> & { referredAt: string };
  /** The moment the command is decided, for rules about time. */
  now: string;
};

export type ReferralCommand = ReceiveReferral;

export type ReferralState =
  | { status: 'none' }
  | { status: 'received'; referralId: string; caseId: string; immediateDanger: boolean };

/** A referral is received once; it then belongs to its case. */
export const referralDecider: Decider<ReferralCommand, ReferralEvent, ReferralState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    if (state.status !== 'none') {
      throw new DomainError(`Referral ${state.referralId} has already been received`, 'referral-already-received', 409);
    }
    const { data } = command;
    if (!data.child.dateOfBirth && data.child.approximateAge === undefined) {
      throw new DomainError('Give the child\'s date of birth or, when it is not known, an approximate age', 'child-age-missing');
    }
    if (data.child.dateOfBirth && data.child.dateOfBirth > command.now.slice(0, 10)) {
      throw new DomainError('The child\'s date of birth is in the future', 'child-date-of-birth-in-future');
    }
    if (data.referredAt > command.now) {
      throw new DomainError('A referral cannot be dated in the future', 'referral-dated-in-future');
    }
    return [{ type: 'ReferralReceived', data: { ...data, vulnerabilities: unique(data.vulnerabilities), signs: unique(data.signs) } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ReferralReceived':
        return {
          status: 'received',
          referralId: event.data.referralId,
          caseId: event.data.caseId,
          immediateDanger: event.data.immediateDanger,
        };
      default:
        return state;
    }
  },
};

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
