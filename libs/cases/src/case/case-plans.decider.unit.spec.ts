import { deciderSpec } from '@app/common-testing';
import { NOW, aReferral, aReferralReceived, onCase } from './case.builders';
import { caseDecider } from './case.decider';
import { CaseEvent } from './case.events';

const spec = deciderSpec(caseDecider);
const caseId = aReferral().caseId;
const closed: CaseEvent = { type: 'CaseClosed', data: { caseId, reason: 'Plan complete', closedAt: NOW } };

const plan = {
  objectives: ['Child attends school full time', 'No further missing episodes'],
  interventions: [
    { agencyId: 'bf-csc', description: 'Weekly direct work on healthy relationships', frequency: 'weekly' },
    { agencyId: 'tvp', description: 'Disruption visits to the address of concern', frequency: 'fortnightly' },
  ],
  reviewDate: '2027-02-28',
};
const planRecorded = (planRevision: number, overrides: Record<string, unknown> = {}): CaseEvent =>
  ({ type: 'SupportPlanRecorded', data: { caseId, planRevision, ...plan, ...overrides } }) as CaseEvent;

const safety = {
  investigationRef: 'TVP-43210001234',
  measures: ['Child not to travel alone after school', 'Address of concern on police patrol plan'],
  contacts: [{ role: 'Officer in case', agencyId: 'tvp' }],
  reviewDate: '2026-12-12',
};

const discussion = {
  meetingId: 'm-1',
  agreedRiskLevel: 'moderate' as const,
  decisions: ['Safety plan to be put in place'],
  actionIds: ['a-1', 'a-2'],
  discussedAt: '2026-11-27T10:30:00.000Z',
};

describe('case decider: plans and SEMRAC discussions', () => {
  describe('multi-agency support plan', () => {
    it('creates the plan as revision 1 and keeps every revision, numbering them 2, 3, ...', () => {
      spec.given([aReferralReceived()]).when(onCase('RecordSupportPlan', plan)).then([planRecorded(1)]);
      spec.given([aReferralReceived(), planRecorded(1)]).when(onCase('RecordSupportPlan', { ...plan, meetingId: 'm-1' })).then([planRecorded(2, { meetingId: 'm-1' })]);
      spec.given([aReferralReceived(), planRecorded(1), planRecorded(2)]).when(onCase('RecordSupportPlan', plan)).then([planRecorded(3)]);
    });

    it('needs an objective and an intervention', () => {
      spec.given([aReferralReceived()]).when(onCase('RecordSupportPlan', { ...plan, objectives: [' '] })).thenRefuses('plan-objectives-missing');
      spec.given([aReferralReceived()]).when(onCase('RecordSupportPlan', { ...plan, interventions: [] })).thenRefuses('plan-interventions-missing');
    });

    it('refuses a review date in the past; today is fine', () => {
      spec.given([aReferralReceived()]).when(onCase('RecordSupportPlan', { ...plan, reviewDate: '2026-11-27' })).thenRefuses('review-date-in-past');
      spec.given([aReferralReceived()]).when(onCase('RecordSupportPlan', { ...plan, reviewDate: '2026-11-28' })).then([planRecorded(1, { reviewDate: '2026-11-28' })]);
    });

    it('refuses a plan for a closed case or a case that does not exist', () => {
      spec.given([aReferralReceived(), closed]).when(onCase('RecordSupportPlan', plan)).thenRefuses('case-closed');
      spec.given([]).when(onCase('RecordSupportPlan', plan)).thenRefuses('case-not-found');
    });
  });

  describe('safety plan during an investigation (action 1.4)', () => {
    it('records the measures and contacts for the investigation', () => {
      spec.given([aReferralReceived()]).when(onCase('RecordSafetyPlan', safety)).then([{ type: 'SafetyPlanRecorded', data: { caseId, ...safety } }]);
    });

    it('needs the investigation, a measure, a contact and a review date not yet past', () => {
      spec.given([aReferralReceived()]).when(onCase('RecordSafetyPlan', { ...safety, investigationRef: ' ' })).thenRefuses('investigation-missing');
      spec.given([aReferralReceived()]).when(onCase('RecordSafetyPlan', { ...safety, measures: [] })).thenRefuses('safety-measures-missing');
      spec.given([aReferralReceived()]).when(onCase('RecordSafetyPlan', { ...safety, contacts: [] })).thenRefuses('safety-contacts-missing');
      spec.given([aReferralReceived()]).when(onCase('RecordSafetyPlan', { ...safety, reviewDate: '2026-11-01' })).thenRefuses('review-date-in-past');
      spec.given([aReferralReceived(), closed]).when(onCase('RecordSafetyPlan', safety)).thenRefuses('case-closed');
    });
  });

  describe('SEMRAC discussions', () => {
    it('records the discussion on the case', () => {
      spec.given([aReferralReceived()]).when(onCase('RecordSemracDiscussion', discussion)).then([{ type: 'DiscussedAtSemrac', data: { caseId, ...discussion } }]);
    });

    it('refuses a discussion of a case that does not exist', () => {
      spec.given([]).when(onCase('RecordSemracDiscussion', discussion)).thenRefuses('case-not-found');
    });

    it('clears the pending listings: the same rule lists the child again after the discussion', () => {
      const listing = { rule: 'risk-band', detail: { summary: 'Risk assessed as moderate' }, triggeredBy: 'e-1' } as const;
      const listed: CaseEvent = { type: 'ListedForSemrac', data: { caseId, ...listing, listedAt: '2026-11-21T00:00:00.000Z' } } as CaseEvent;
      const discussed: CaseEvent = { type: 'DiscussedAtSemrac', data: { caseId, ...discussion } };
      spec.given([aReferralReceived(), listed]).when(onCase('ListForSemrac', listing)).then([]);
      spec.given([aReferralReceived(), listed, discussed]).when(onCase('ListForSemrac', listing)).then([{ ...listed, data: { ...listed.data, listedAt: NOW } } as CaseEvent]);
    });
  });
});
