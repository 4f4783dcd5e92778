import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { AGENCY_KIND_CODES, EXPLOITATION_MODEL_CODES, SIGN_CODES, VULNERABILITY_CODES } from '../shared/indicators';
import { DISCLOSURE_NOTIFIES, RISK_BANDS, SIGN_SEVERITIES } from '../risk/risk-scheme';
import { SEMRAC_RULE_CODES } from '../semrac-listing/semrac-listing.events';
import { AGREED_RISK_LEVEL_CODES } from '../semrac-meeting/semrac-meeting.events';
import { CASE_FLAG_CODES, CaseEvent, LINK_KIND_CODES } from './case.events';

/**
 * What each case event must hold to be stored (issue 11: the write path fails closed). The case
 * view, the case list, the SEMRAC listing and the police feed all read these events: a risk
 * assessment stored without its assessor once froze the case view for the whole board. Ids and
 * timestamps must be present; free texts may be empty where the deciders allow it.
 */

const id = z.string().min(1);
/** An ISO date or timestamp as the deciders write it; its format is theirs to check. */
const when = z.string().min(1);
/** The moment the write path decided the event (`now`): retention reckons review dates from it. */
const instant = z.iso.datetime({ offset: true });

const referralReceived = z.object({
  referralId: id,
  caseId: id,
  opensCase: z.boolean(),
  referringAgency: z.object({ id, kind: z.enum(AGENCY_KIND_CODES), name: z.string() }),
  referrer: z.object({ name: z.string(), role: z.string(), phone: z.string().optional(), email: z.string().optional() }),
  child: z.object({
    firstName: z.string(),
    lastName: z.string(),
    knownAs: z.string().optional(),
    dateOfBirth: when.optional(),
    approximateAge: z.number().optional(),
    gender: z.enum(['female', 'male', 'non-binary', 'not-known']),
    ethnicity: z.string().optional(),
    area: z.string().optional(),
    school: z.string().optional(),
    lookedAfter: z.boolean(),
    careLeaver: z.boolean(),
    migrantOrUnaccompanied: z.boolean(),
    specialNeeds: z.string().optional(),
    onlineIdentities: z.array(z.string()).optional(),
  }),
  vulnerabilities: z.array(z.enum(VULNERABILITY_CODES)),
  signs: z.array(z.enum(SIGN_CODES)),
  suspectedModel: z.enum(EXPLOITATION_MODEL_CODES),
  narrative: z.string(),
  immediateDanger: z.boolean(),
  referredAt: when,
});

const riskBand = z.enum(RISK_BANDS);
const signSeverity = z.enum(SIGN_SEVERITIES);

const riskAssessed = z.object({
  caseId: id,
  assessmentId: id,
  assessedAt: when,
  // Every reader names who assessed: required, each part of it.
  assessor: z.object({ name: z.string().min(1), role: z.string().min(1), agencyId: id, agencyName: z.string().min(1) }),
  scheme: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  vulnerabilities: z.array(z.enum(VULNERABILITY_CODES)),
  signs: z.array(z.object({ code: id, severity: signSeverity, lastObserved: when })),
  disclosure: z.boolean(),
  disclosureDetails: z.string().optional(),
  score: z.number(),
  band: riskBand,
  reasons: z.array(
    z.object({
      rule: z.enum(['score', 'young-child-significant-sign', 'disclosure']),
      band: riskBand,
      effect: z.enum(['sets', 'raised', 'no-change']),
      explanation: z.string(),
    }),
  ),
  breakdown: z.object({
    vulnerabilities: z.array(z.object({ code: id, points: z.number() })),
    signs: z.array(
      z.object({ code: id, severity: signSeverity, lastObserved: when, recency: z.enum(['recent', 'earlier', 'older']), points: z.number() }),
    ),
    total: z.number(),
  }),
  nextReviewDue: when,
  summary: z.string(),
});

export const caseEventSchemas: EventSchemas<CaseEvent> = {
  ReferralReceived: referralReceived,
  CaseFlagSet: z.object({ caseId: id, flag: z.enum(CASE_FLAG_CODES), note: z.string().optional() }),
  CaseFlagCleared: z.object({ caseId: id, flag: z.enum(CASE_FLAG_CODES), reason: z.string() }),
  CasesLinked: z.object({ caseId: id, linkedCaseId: id, kind: z.enum(LINK_KIND_CODES), note: z.string().optional() }),
  LeadProfessionalNamed: z.object({
    caseId: id,
    agencyId: id,
    agencyName: z.string(),
    name: z.string(),
    role: z.string(),
    contact: z.string().optional(),
  }),
  CaseClosed: z.object({ caseId: id, reason: z.string(), closedAt: instant }),
  CaseReopened: z.object({ caseId: id, reason: z.string(), reopenedAt: instant }),
  ListedForSemrac: z.object({
    caseId: id,
    rule: z.enum(SEMRAC_RULE_CODES),
    detail: z.object({
      summary: z.string(),
      episodeIds: z.array(id).optional(),
      assessmentId: id.optional(),
      band: z.string().optional(),
    }),
    triggeredBy: id,
    listedAt: when,
  }),
  DiscussedAtSemrac: z.object({
    caseId: id,
    meetingId: id,
    agreedRiskLevel: z.enum(AGREED_RISK_LEVEL_CODES),
    decisions: z.array(z.string()),
    actionIds: z.array(id),
    discussedAt: when,
  }),
  SupportPlanRecorded: z.object({
    caseId: id,
    planRevision: z.number().int().min(1),
    objectives: z.array(z.string()),
    interventions: z.array(z.object({ agencyId: id, description: z.string(), frequency: z.string() })),
    reviewDate: when,
    meetingId: id.optional(),
  }),
  SafetyPlanRecorded: z.object({
    caseId: id,
    investigationRef: z.string().min(1),
    measures: z.array(z.string()),
    contacts: z.array(z.object({ role: z.string(), agencyId: id })),
    reviewDate: when,
  }),
  RiskAssessed: riskAssessed,
  DisclosureRecorded: z.object({
    caseId: id,
    assessmentId: id,
    notify: z.array(z.enum(DISCLOSURE_NOTIFIES)),
    urgent: z.literal(true),
    recordedAt: when,
  }),
};
