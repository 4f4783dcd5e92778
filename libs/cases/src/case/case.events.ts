import type { ReferralReceived } from '../referral/referral.events';
import type { ListedForSemrac } from '../semrac-listing/semrac-listing.events';
import type { CasePlanEvent } from './case-plans.events';
import type { RiskEvent } from '../risk/risk.events';

/**
 * The events of a child's case stream, `case-{caseId}`. A case opens with its first referral and
 * gathers everything later: referrals from any agency, flags, links, lead professionals,
 * assessments, SEMRAC listings and plans, closure and reopening.
 */

export const CASE_FLAGS = {
  'looked-after': 'Looked after',
  'care-leaver': 'Care leaver',
  'child-witness': 'Child witness',
  'migrant-uasc': 'Migrant or unaccompanied asylum seeking child',
} as const;
export type CaseFlag = keyof typeof CASE_FLAGS;
export const CASE_FLAG_CODES = Object.keys(CASE_FLAGS) as CaseFlag[];

export const LINK_KINDS = {
  sibling: 'Siblings',
  friend: 'Friends',
  'same-school': 'Same school',
  'same-person-of-interest': 'Same person of interest',
  'same-location': 'Same location',
  other: 'Other',
} as const;
export type LinkKind = keyof typeof LINK_KINDS;
export const LINK_KIND_CODES = Object.keys(LINK_KINDS) as LinkKind[];

export type CaseFlagSet = {
  type: 'CaseFlagSet';
  data: {
    caseId: string;
    flag: CaseFlag;
    /** Child witness: the support and protection in place (action 4.4). */
    note?: string;
  };
};

export type CaseFlagCleared = {
  type: 'CaseFlagCleared';
  data: { caseId: string; flag: CaseFlag; reason: string };
};

export type CasesLinked = {
  type: 'CasesLinked';
  data: { caseId: string; linkedCaseId: string; kind: LinkKind; note?: string };
};

export type LeadProfessionalNamed = {
  type: 'LeadProfessionalNamed';
  /** Each agency on a case names its lead professional for CSE (action 3.1); a later naming replaces it. */
  data: { caseId: string; agencyId: string; agencyName: string; name: string; role: string; contact?: string };
};

export type CaseClosed = {
  type: 'CaseClosed';
  data: { caseId: string; reason: string; closedAt: string };
};

export type CaseReopened = {
  type: 'CaseReopened';
  data: { caseId: string; reason: string; reopenedAt: string };
};

export type CaseEvent = ReferralReceived | CaseFlagSet | CaseFlagCleared | CasesLinked | LeadProfessionalNamed | CaseClosed | CaseReopened | ListedForSemrac | CasePlanEvent | RiskEvent;

export const CASE_EVENT_TYPES: readonly CaseEvent['type'][] = [
  'ReferralReceived',
  'CaseFlagSet',
  'CaseFlagCleared',
  'CasesLinked',
  'LeadProfessionalNamed',
  'CaseClosed',
  'CaseReopened',
  'ListedForSemrac',
  'DiscussedAtSemrac',
  'SupportPlanRecorded',
  'SafetyPlanRecorded',
  'RiskAssessed',
  'DisclosureRecorded',
];

export const caseStreamId = (caseId: string) => `case-${caseId}`;
