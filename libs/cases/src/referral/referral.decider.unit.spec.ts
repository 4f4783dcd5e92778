import { deciderSpec } from '../../../common/testing/decider-spec';
import { aReferralReceived, receiveReferral } from './referral.builders';
import { referralDecider } from './referral.decider';

const spec = deciderSpec(referralDecider);

describe('referral decider', () => {
  it('receives a new referral', () => {
    spec.given([]).when(receiveReferral()).then([aReferralReceived()]);
  });

  it('records each indicator once however often it was ticked', () => {
    spec
      .given([])
      .when(receiveReferral({ vulnerabilities: ['V-HOMELESS', 'V-HOMELESS'], signs: ['S-MISSING', 'S-MISSING', 'S-SELF-HARM'] }))
      .then([aReferralReceived({ vulnerabilities: ['V-HOMELESS'], signs: ['S-MISSING', 'S-SELF-HARM'] })]);
  });

  it('refuses to receive the same referral twice', () => {
    spec.given([aReferralReceived()]).when(receiveReferral()).thenRefuses('referral-already-received');
  });

  it('needs a date of birth or an approximate age', () => {
    const child = { ...aReferralReceived().data.child, dateOfBirth: undefined };
    spec.given([]).when(receiveReferral({ child })).thenRefuses('child-age-missing');
    spec
      .given([])
      .when(receiveReferral({ child: { ...child, approximateAge: 14 } }))
      .then([aReferralReceived({ child: { ...child, approximateAge: 14 } })]);
  });

  it('refuses a date of birth or a referral date in the future', () => {
    const child = { ...aReferralReceived().data.child, dateOfBirth: '2027-01-01' };
    spec.given([]).when(receiveReferral({ child })).thenRefuses('child-date-of-birth-in-future');
    spec.given([]).when(receiveReferral({ referredAt: '2026-12-01T00:00:00.000Z' })).thenRefuses('referral-dated-in-future');
  });

  it('remembers the case a referral belongs to', () => {
    const state = [aReferralReceived({ caseId: 'c-1', immediateDanger: true })].reduce(referralDecider.evolve, referralDecider.initialState());
    expect(state).toEqual({ status: 'received', referralId: aReferralReceived().data.referralId, caseId: 'c-1', immediateDanger: true });
  });
});
