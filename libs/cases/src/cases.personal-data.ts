import type { PersonalDataRules } from '@app/event-store';

/**
 * The personal data in casework events, encrypted with the child's key (`child:{caseId}`): who
 * the child is and what is said about them. Codes, dates, bands and flags stay readable, so
 * counts and timeliness survive an erasure; professionals' names stay too (they act in role).
 */
const child = ({ data }: { data: Record<string, unknown> }) => `child:${String(data.caseId)}`;

const IDENTITY = ['firstName', 'lastName', 'knownAs', 'dateOfBirth', 'ethnicity', 'area', 'school', 'specialNeeds', 'onlineIdentities'].map((f) => `child.${f}`);

export const CASES_PERSONAL_DATA: PersonalDataRules = {
  ReferralReceived: { subject: child, fields: [...IDENTITY, 'narrative'] },
  CaseFlagSet: { subject: child, fields: ['note'] },
  CasesLinked: { subject: child, fields: ['note'] },
  RiskAssessed: { subject: child, fields: ['disclosureDetails', 'summary'] },
  DiscussedAtSemrac: { subject: child, fields: ['decisions'] },
  SupportPlanRecorded: { subject: child, fields: ['objectives', 'interventions.*.description'] },
  SafetyPlanRecorded: { subject: child, fields: ['measures'] },
  MissingEpisodeReported: { subject: child, fields: ['missingFromDetail', 'concernNote', 'pushFactors', 'pullFactors'] },
  MissingEpisodeUpdated: { subject: child, fields: ['concernNote', 'pushFactors', 'pullFactors', 'note'] },
  ChildReturned: { subject: child, fields: ['whereFound', 'foundWith', 'returnedBy'] },
  ReturnInterviewHeld: { subject: child, fields: ['where', 'learned'] },
  ReturnInterviewNotHeld: { subject: child, fields: ['reason', 'attempts.*.outcome'] },
  CaseDiscussionRecorded: { subject: child, fields: ['summary', 'decisions', 'actions.*.description'] },
  ActionStatusChanged: { subject: child, fields: ['note'] },
};
