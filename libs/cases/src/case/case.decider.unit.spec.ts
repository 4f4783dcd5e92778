import { deciderSpec } from '@app/common-testing';
import { NOW, aReferral, aReferralReceived, onCase, receiveReferral } from './case.builders';
import { caseDecider } from './case.decider';

const spec = deciderSpec(caseDecider);
const caseId = aReferral().caseId;
const closed = { type: 'CaseClosed', data: { caseId, reason: 'Risk reduced; plan complete', closedAt: NOW } } as const;

describe('case decider', () => {
  describe('referrals', () => {
    it('opens a case with its first referral', () => {
      spec.given([]).when(receiveReferral()).then([aReferralReceived()]);
    });

    it('gathers a later referral from another agency into the case', () => {
      const later = { referralId: 'r-2', opensCase: false, referringAgency: { id: 'tvp', kind: 'police', name: 'Thames Valley Police' } } as const;
      spec.given([aReferralReceived()]).when(receiveReferral(later)).then([aReferralReceived(later)]);
    });

    it('refuses a referral to a case that does not exist', () => {
      spec.given([]).when(receiveReferral({ opensCase: false })).thenRefuses('case-not-found');
    });

    it('records each indicator once however often it was ticked', () => {
      spec
        .given([])
        .when(receiveReferral({ vulnerabilities: ['V-HOMELESS', 'V-HOMELESS'], signs: ['S-MISSING', 'S-MISSING', 'S-SELF-HARM'] }))
        .then([aReferralReceived({ vulnerabilities: ['V-HOMELESS'], signs: ['S-MISSING', 'S-SELF-HARM'] })]);
    });

    it('refuses to receive the same referral twice', () => {
      spec.given([aReferralReceived()]).when(receiveReferral({ opensCase: false })).thenRefuses('referral-already-received');
    });

    it('needs a date of birth or an approximate age', () => {
      const child = { ...aReferral().child, dateOfBirth: undefined };
      spec.given([]).when(receiveReferral({ child })).thenRefuses('child-age-missing');
      spec.given([]).when(receiveReferral({ child: { ...child, approximateAge: 14 } })).then([aReferralReceived({ child: { ...child, approximateAge: 14 } })]);
    });

    it('refuses a date of birth or a referral date in the future', () => {
      spec.given([]).when(receiveReferral({ child: { ...aReferral().child, dateOfBirth: '2027-01-01' } })).thenRefuses('child-date-of-birth-in-future');
      spec.given([]).when(receiveReferral({ referredAt: '2026-12-01T00:00:00.000Z' })).thenRefuses('referral-dated-in-future');
    });

    it('reopens a closed case when a new referral arrives', () => {
      const later = { referralId: 'r-3', opensCase: false } as const;
      spec
        .given([aReferralReceived(), closed])
        .when(receiveReferral(later))
        .then([aReferralReceived(later), { type: 'CaseReopened', data: { caseId, reason: 'New referral r-3 received', reopenedAt: NOW } }]);
    });
  });

  describe('flags, links and lead professionals', () => {
    it('sets a flag once, and clears it with a reason', () => {
      spec.given([aReferralReceived()]).when(onCase('SetFlag', { flag: 'care-leaver' })).then([{ type: 'CaseFlagSet', data: { caseId, flag: 'care-leaver' } }]);
      spec.given([aReferralReceived(), { type: 'CaseFlagSet', data: { caseId, flag: 'care-leaver' } }]).when(onCase('SetFlag', { flag: 'care-leaver' })).then([]);
      spec
        .given([aReferralReceived(), { type: 'CaseFlagSet', data: { caseId, flag: 'care-leaver' } }])
        .when(onCase('ClearFlag', { flag: 'care-leaver', reason: 'Recorded in error' }))
        .then([{ type: 'CaseFlagCleared', data: { caseId, flag: 'care-leaver', reason: 'Recorded in error' } }]);
    });

    it('takes the looked-after flag from the referral', () => {
      const referral = aReferralReceived({ child: { ...aReferral().child, lookedAfter: true } });
      spec.given([referral]).when(onCase('SetFlag', { flag: 'looked-after' })).then([]);
    });

    it('needs the support and protection in place to flag a child witness (action 4.4)', () => {
      spec.given([aReferralReceived()]).when(onCase('SetFlag', { flag: 'child-witness' })).thenRefuses('child-witness-support-missing');
      spec
        .given([aReferralReceived()])
        .when(onCase('SetFlag', { flag: 'child-witness', note: 'Registered intermediary; special measures agreed' }))
        .then([{ type: 'CaseFlagSet', data: { caseId, flag: 'child-witness', note: 'Registered intermediary; special measures agreed' } }]);
    });

    it('links cases once per kind, never a case to itself', () => {
      const link = { linkedCaseId: 'other-case', kind: 'same-school' } as const;
      spec.given([aReferralReceived()]).when(onCase('LinkCases', link)).then([{ type: 'CasesLinked', data: { caseId, ...link } }]);
      spec.given([aReferralReceived(), { type: 'CasesLinked', data: { caseId, ...link } }]).when(onCase('LinkCases', link)).then([]);
      spec.given([aReferralReceived()]).when(onCase('LinkCases', { linkedCaseId: caseId, kind: 'friend' })).thenRefuses('case-linked-to-itself');
    });

    it('names an agency\'s lead professional', () => {
      const lead = { agencyId: 'tvp', agencyName: 'Thames Valley Police', name: 'DC Example', role: 'CSE lead' };
      spec.given([aReferralReceived()]).when(onCase('NameLeadProfessional', lead)).then([{ type: 'LeadProfessionalNamed', data: { caseId, ...lead } }]);
    });

    it('refuses any change to a case that does not exist', () => {
      spec.given([]).when(onCase('SetFlag', { flag: 'care-leaver' })).thenRefuses('case-not-found');
    });
  });

  describe('closing and reopening', () => {
    it('closes with a reason and reopens with a reason', () => {
      spec.given([aReferralReceived()]).when(onCase('CloseCase', { reason: 'Risk reduced; plan complete' })).then([closed]);
      spec
        .given([aReferralReceived(), closed])
        .when(onCase('ReopenCase', { reason: 'Missing again' }))
        .then([{ type: 'CaseReopened', data: { caseId, reason: 'Missing again', reopenedAt: NOW } }]);
    });

    it('refuses to close a closed case or reopen an open one', () => {
      spec.given([aReferralReceived(), closed]).when(onCase('CloseCase', { reason: 'again' })).thenRefuses('case-already-closed');
      spec.given([aReferralReceived()]).when(onCase('ReopenCase', { reason: 'why' })).thenRefuses('case-not-closed');
    });
  });
});
