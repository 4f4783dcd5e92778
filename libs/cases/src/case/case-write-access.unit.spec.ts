import type { RecordedEvent } from '@app/event-store';
import { aReferral } from './case.builders';
import { caseWriteAccessRecord } from './case-write-access';

const recorded = (type: string, data: object, agencyId: string): RecordedEvent =>
  ({ type, data, metadata: { actor: { userId: 'u', agencyId } } }) as unknown as RecordedEvent;

describe('what the policy weighs before a change to a case', () => {
  it('counts referrers, lead professionals, assessors and every agency that recorded something; and whether SEMRAC has it', () => {
    const caseId = aReferral().caseId;
    const history = [
      recorded('ReferralReceived', aReferral(), 'bf-school-nurse'),
      recorded('LeadProfessionalNamed', { caseId, agencyId: 'bf-csc' }, 'bf-board'),
      recorded('RiskAssessed', { caseId, assessor: { agencyId: 'bf-yos' } }, 'bf-yos'),
    ];
    expect(caseWriteAccessRecord(caseId, history)).toEqual({ kind: 'case', id: caseId, agencyIds: ['bf-school-nurse', 'bf-board', 'bf-csc', 'bf-yos'], atSemrac: false });
    expect(caseWriteAccessRecord(caseId, [...history, recorded('ListedForSemrac', { caseId }, 'safeguard')]).atSemrac).toBe(true);
  });
});
