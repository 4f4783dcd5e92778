import { DomainError } from '@app/common/domain';
import type { AgreedRiskLevel } from '../semrac-meeting/semrac-meeting.events';
import type { CasePlanEvent, SafetyPlanContact, SupportPlanIntervention } from './case-plans.events';

/** Case commands for plans and SEMRAC discussions; the case decider hands them to `decideCasePlan`. */
export type CasePlanCommand =
  | {
      type: 'RecordSupportPlan';
      data: { objectives: string[]; interventions: SupportPlanIntervention[]; reviewDate: string; meetingId?: string };
    }
  | { type: 'RecordSafetyPlan'; data: { investigationRef: string; measures: string[]; contacts: SafetyPlanContact[]; reviewDate: string } }
  | {
      /** Sent by the SEMRAC meeting's handler, never by a client: the case's side of a discussion. */
      type: 'RecordSemracDiscussion';
      data: { meetingId: string; agreedRiskLevel: AgreedRiskLevel; decisions: string[]; actionIds: string[]; discussedAt: string };
    };

/** What of the case state these rules read. */
export interface CasePlanState {
  status: 'open' | 'closed';
  /** The support plan's latest revision; 0 before the first. */
  supportPlanRevision: number;
}

/** Pure: the events for a plan or discussion command on an existing case. */
export function decideCasePlan(command: CasePlanCommand, state: CasePlanState, caseId: string, now: string): CasePlanEvent[] {
  const today = now.slice(0, 10);
  switch (command.type) {
    case 'RecordSupportPlan': {
      const d = command.data;
      if (state.status === 'closed') throw caseClosed(caseId, 'a support plan');
      if (d.objectives.filter((o) => o.trim()).length === 0) throw new DomainError('A support plan states at least one objective', 'plan-objectives-missing');
      if (d.interventions.length === 0) throw new DomainError('A multi-agency support plan names at least one intervention by an agency', 'plan-interventions-missing');
      if (d.reviewDate < today) throw new DomainError('The review date is in the past', 'review-date-in-past');
      return [
        {
          type: 'SupportPlanRecorded',
          data: {
            caseId,
            planRevision: state.supportPlanRevision + 1,
            objectives: d.objectives,
            interventions: d.interventions,
            reviewDate: d.reviewDate,
            ...(d.meetingId ? { meetingId: d.meetingId } : {}),
          },
        },
      ];
    }
    case 'RecordSafetyPlan': {
      const d = command.data;
      if (state.status === 'closed') throw caseClosed(caseId, 'a safety plan');
      if (!d.investigationRef.trim()) throw new DomainError('A safety plan names the investigation it covers (action 1.4)', 'investigation-missing');
      if (d.measures.filter((m) => m.trim()).length === 0) throw new DomainError('A safety plan lists at least one measure', 'safety-measures-missing');
      if (d.contacts.length === 0) throw new DomainError('A safety plan names at least one contact for the child', 'safety-contacts-missing');
      if (d.reviewDate < today) throw new DomainError('The review date is in the past', 'review-date-in-past');
      return [{ type: 'SafetyPlanRecorded', data: { caseId, ...d } }];
    }
    case 'RecordSemracDiscussion':
      // A closed case may still be discussed (e.g. to decide whether to reopen it): no refusal here.
      return [{ type: 'DiscussedAtSemrac', data: { caseId, ...command.data } }];
  }
}

function caseClosed(caseId: string, what: string): DomainError {
  return new DomainError(`Case ${caseId} is closed: reopen it before recording ${what}`, 'case-closed', 409);
}
