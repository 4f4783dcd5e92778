import { Decider, DomainError } from '@app/common/domain';
import type { ReferralReceived } from '../referral/referral.events';
import { CaseEvent, CaseFlag, LinkKind } from './case.events';
import { ListForSemracCommand, decideSemracListing, listedRulesAfter } from '../semrac-listing/semrac-listing.decider';
import { CasePlanCommand, decideCasePlan } from './case-plans.decider';
import { AssessRiskData, decideAssessRisk } from '../risk/risk-assessment.decider';

type ReferralData = ReferralReceived['data'];

export type CaseCommand =
  | { type: 'ReceiveReferral'; data: ReferralData }
  | { type: 'SetFlag'; data: { flag: CaseFlag; note?: string } }
  | { type: 'ClearFlag'; data: { flag: CaseFlag; reason: string } }
  | { type: 'LinkCases'; data: { linkedCaseId: string; kind: LinkKind; note?: string } }
  | { type: 'NameLeadProfessional'; data: { agencyId: string; agencyName: string; name: string; role: string; contact?: string } }
  | { type: 'CloseCase'; data: { reason: string } }
  | { type: 'ReopenCase'; data: { reason: string } }
  | ListForSemracCommand
  | CasePlanCommand
  | { type: 'AssessRisk'; data: AssessRiskData };

/** What a case command needs besides its data: which case, and the moment of decision. */
export type CaseCommandEnvelope = CaseCommand & { caseId: string; now: string };

export interface CaseState {
  exists: boolean;
  status: 'open' | 'closed';
  referralIds: string[];
  /** The multi-agency support plan's latest revision; 0 before the first. */
  supportPlanRevision: number;
  flags: CaseFlag[];
  /** SEMRAC rules the case is listed under and not yet discussed. */
  listedRules: string[];
  links: { linkedCaseId: string; kind: LinkKind }[];
  /** The child's date of birth or approximate age, as last referred. */
  child?: { dateOfBirth?: string; approximateAge?: number; ageGivenAt: string };
  /** Risk assessments recorded on the case (each id once). */
  riskAssessmentIds?: string[];
}

const initialState = (): CaseState => ({ exists: false, status: 'open', referralIds: [], flags: [], listedRules: [], links: [], supportPlanRevision: 0 });

/** A child's case: opened by the first referral, gathering every later one; closes and reopens with a reason. */
export const caseDecider: Decider<CaseCommandEnvelope, CaseEvent, CaseState> = {
  initialState,

  decide(command, state) {
    const { caseId, now } = command;
    if (command.type === 'ReceiveReferral') return receiveReferral(command.data, state, now);

    if (!state.exists) throw new DomainError(`No case ${caseId}`, 'case-not-found', 404);
    switch (command.type) {
      case 'SetFlag': {
        if (command.data.flag === 'child-witness' && !command.data.note?.trim()) {
          throw new DomainError('A child witness flag records the support and protection in place (action 4.4)', 'child-witness-support-missing');
        }
        if (state.flags.includes(command.data.flag)) return [];
        return [{ type: 'CaseFlagSet', data: { caseId, ...command.data } }];
      }
      case 'ClearFlag':
        if (!state.flags.includes(command.data.flag)) return [];
        return [{ type: 'CaseFlagCleared', data: { caseId, ...command.data } }];
      case 'LinkCases':
        if (command.data.linkedCaseId === caseId) throw new DomainError('A case cannot be linked to itself', 'case-linked-to-itself');
        if (state.links.some((l) => l.linkedCaseId === command.data.linkedCaseId && l.kind === command.data.kind)) return [];
        return [{ type: 'CasesLinked', data: { caseId, ...command.data } }];
      case 'NameLeadProfessional':
        return [{ type: 'LeadProfessionalNamed', data: { caseId, ...command.data } }];
      case 'CloseCase':
        if (state.status === 'closed') throw new DomainError(`Case ${caseId} is already closed`, 'case-already-closed', 409);
        return [{ type: 'CaseClosed', data: { caseId, reason: command.data.reason, closedAt: now } }];
      case 'ReopenCase':
        if (state.status === 'open') throw new DomainError(`Case ${caseId} is open`, 'case-not-closed', 409);
        return [{ type: 'CaseReopened', data: { caseId, reason: command.data.reason, reopenedAt: now } }];
      case 'ListForSemrac':
        return decideSemracListing(command, state, caseId, now);
      case 'RecordSupportPlan':
      case 'RecordSafetyPlan':
      case 'RecordSemracDiscussion':
        return decideCasePlan(command, state, caseId, now);
      case 'AssessRisk':
        return decideAssessRisk(caseId, command.data, state, now);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ReferralReceived': {
        const { child } = event.data;
        return {
          ...state,
          exists: true,
          referralIds: [...state.referralIds, event.data.referralId],
          flags: mergeFlags(state.flags, {
            'looked-after': child.lookedAfter,
            'care-leaver': child.careLeaver,
            'migrant-uasc': child.migrantOrUnaccompanied,
          }),
          child: { dateOfBirth: child.dateOfBirth, approximateAge: child.approximateAge, ageGivenAt: event.data.referredAt },
        };
      }
      case 'CaseFlagSet':
        return { ...state, flags: state.flags.includes(event.data.flag) ? state.flags : [...state.flags, event.data.flag] };
      case 'CaseFlagCleared':
        return { ...state, flags: state.flags.filter((f) => f !== event.data.flag) };
      case 'CasesLinked':
        return { ...state, links: [...state.links, { linkedCaseId: event.data.linkedCaseId, kind: event.data.kind }] };
      case 'CaseClosed':
        return { ...state, status: 'closed' };
      case 'CaseReopened':
        return { ...state, status: 'open' };
      case 'ListedForSemrac':
      case 'DiscussedAtSemrac':
        return { ...state, listedRules: listedRulesAfter(state.listedRules, event) };
      case 'RiskAssessed':
        return { ...state, riskAssessmentIds: [...(state.riskAssessmentIds ?? []), event.data.assessmentId] };
      case 'SupportPlanRecorded':
        return { ...state, supportPlanRevision: event.data.planRevision };
      default:
        return state;
    }
  },
};

function receiveReferral(data: ReferralData, state: CaseState, now: string): CaseEvent[] {
  if (state.referralIds.includes(data.referralId)) {
    throw new DomainError(`Referral ${data.referralId} has already been received`, 'referral-already-received', 409);
  }
  if (!state.exists && !data.opensCase) throw new DomainError(`No case ${data.caseId}`, 'case-not-found', 404);
  if (!data.child.dateOfBirth && data.child.approximateAge === undefined) {
    throw new DomainError("Give the child's date of birth or, when it is not known, an approximate age", 'child-age-missing');
  }
  if (data.child.dateOfBirth && data.child.dateOfBirth > now.slice(0, 10)) {
    throw new DomainError("The child's date of birth is in the future", 'child-date-of-birth-in-future');
  }
  if (data.referredAt > now) throw new DomainError('A referral cannot be dated in the future', 'referral-dated-in-future');
  const referral: CaseEvent = {
    type: 'ReferralReceived',
    data: { ...data, opensCase: !state.exists, vulnerabilities: unique(data.vulnerabilities), signs: unique(data.signs) },
  };
  // A new concern about a child whose case was closed reopens it.
  return state.status === 'closed'
    ? [referral, { type: 'CaseReopened', data: { caseId: data.caseId, reason: `New referral ${data.referralId} received`, reopenedAt: now } }]
    : [referral];
}

/** Flags the referral states as true are set; a referral never clears a flag (that takes a reason). */
function mergeFlags(current: CaseFlag[], stated: Partial<Record<CaseFlag, boolean>>): CaseFlag[] {
  const added = (Object.keys(stated) as CaseFlag[]).filter((flag) => stated[flag] && !current.includes(flag));
  return [...current, ...added];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
