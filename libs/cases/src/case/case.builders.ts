import { ReferralReceived } from '../referral/referral.events';
import { CaseCommandEnvelope } from './case.decider';

type Data = ReferralReceived['data'];

/** A plausible referral; override what a test is about. Names are fictional. */
export function aReferral(overrides: Partial<Data> = {}): Data {
  return {
    referralId: '0b7c6f0e-2f51-4f0b-9a53-3f1f0c1b6a01',
    caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11',
    opensCase: true,
    referringAgency: { id: 'bf-school-nurse', kind: 'health', name: 'School nursing service' },
    referrer: { name: 'Sam Referrer', role: 'School nurse' },
    child: {
      firstName: 'Testchild',
      lastName: 'Fictional',
      dateOfBirth: '2011-04-02',
      gender: 'female',
      lookedAfter: false,
      careLeaver: false,
      migrantOrUnaccompanied: false,
    },
    vulnerabilities: ['V-LOW-SELF-ESTEEM'],
    signs: ['S-MISSING', 'S-UNEXPLAINED-GIFTS'],
    suspectedModel: 'M-INAPPROPRIATE-RELATIONSHIP',
    narrative: 'Seen being collected from school by an older male; new phone and clothes.',
    immediateDanger: false,
    referredAt: '2026-11-20T09:30:00.000Z',
    ...overrides,
  };
}

export function aReferralReceived(overrides: Partial<Data> = {}): ReferralReceived {
  return { type: 'ReferralReceived', data: aReferral(overrides) };
}

export const NOW = '2026-11-28T10:00:00.000Z';

export function receiveReferral(overrides: Partial<Data> = {}, now = NOW): CaseCommandEnvelope {
  const data = aReferral(overrides);
  return { type: 'ReceiveReferral', data, caseId: data.caseId, now };
}

/** Any other case command, on the builders' case. */
export function onCase<C extends Exclude<CaseCommandEnvelope, { type: 'ReceiveReferral' }>>(
  type: C['type'],
  data: C['data'],
  now = NOW,
): CaseCommandEnvelope {
  return { type, data, caseId: aReferral().caseId, now } as CaseCommandEnvelope;
}
