import type { ExampleSchemaHints } from '@app/common';
import { CASE_FLAG_CODES, LINK_KIND_CODES } from '../case/case.events';
import { RISK_BANDS } from '../risk/risk-scheme';
import { AGREED_RISK_LEVEL_CODES } from '../semrac-meeting/semrac-meeting.events';
import { SEMRAC_RULE_CODES } from '../semrac-listing/semrac-listing.events';
import { AGENCY_KINDS } from '../shared/indicators';
import type { CaseView } from './case-view';

const CASE_ID = '4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f';
const SCHOOL = { id: 'bf-school', kind: 'education', name: 'Example Secondary School' } as const;
const CSC = { id: 'bf-csc', kind: 'children-social-care', name: "Children's Social Care" } as const;

/** GET /cases/{caseId} for the OpenAPI document: a fictional child, every optional part shown (typed, so it follows CaseView). */
export const CASE_VIEW_EXAMPLE: CaseView = {
  caseId: CASE_ID,
  status: 'open',
  revision: 7,
  openedAt: '2026-11-20T09:30:00.000Z',
  updatedAt: '2026-11-24T15:00:00.000Z',
  child: {
    firstName: 'Testa',
    lastName: 'Fictional',
    knownAs: 'Tess',
    dateOfBirth: '2012-05-01',
    approximateAge: 14,
    gender: 'female',
    ethnicity: 'Not stated',
    area: 'North ward',
    school: 'Example Secondary School',
    lookedAfter: false,
    careLeaver: false,
    migrantOrUnaccompanied: false,
    specialNeeds: 'None known',
    onlineIdentities: ['@testa_example'],
  },
  flags: [{ code: 'child-witness', label: 'Child witness', since: '2026-11-21T10:00:00.000Z', note: 'Registered intermediary; special measures agreed' }],
  agencies: [SCHOOL, CSC],
  leadProfessionals: [{ agencyId: 'bf-csc', agencyName: "Children's Social Care", name: 'Sam Worker', role: 'Social worker', contact: '01632 960000', namedAt: '2026-11-21T10:00:00.000Z' }],
  vulnerabilities: [{ code: 'V-LOW-SELF-ESTEEM', label: 'Low self-esteem', firstReportedAt: '2026-11-20T09:30:00.000Z', reportedBy: ['bf-school'] }],
  signs: [{ code: 'S-MISSING', label: 'Going missing', firstReportedAt: '2026-11-20T09:30:00.000Z', reportedBy: ['bf-school'] }],
  suspectedModels: [{ code: 'M-INAPPROPRIATE-RELATIONSHIP', label: 'Inappropriate relationship' }],
  immediateDangerReported: false,
  links: [{ caseId: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b', kind: 'sibling', label: 'Sibling', note: 'Older sister', linkedAt: '2026-11-21T10:00:00.000Z' }],
  referrals: [
    {
      referralId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      referredAt: '2026-11-20T09:30:00.000Z',
      receivedAt: '2026-11-20T09:31:00.000Z',
      agency: SCHOOL,
      referrer: { name: 'Dee Lead', role: 'Designated safeguarding lead' },
      narrative: 'Collected from school by an older male in a car.',
      immediateDanger: false,
    },
  ],
  closures: [{ closedAt: '2026-11-22T10:00:00.000Z', reason: 'Risk reduced', reopenedAt: '2026-11-23T10:00:00.000Z', reopenReason: 'New concerns from school' }],
  supportPlans: [
    {
      planRevision: 1,
      objectives: ['Attend school every day'],
      interventions: [{ agencyId: 'bf-csc', description: 'Weekly direct work', frequency: 'weekly' }],
      reviewDate: '2026-12-20',
      meetingId: '8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c',
      recordedAt: '2026-11-24T15:00:00.000Z',
    },
  ],
  safetyPlans: [{ investigationRef: 'CR/12345/26', measures: ['Trusted adult at school'], contacts: [{ role: 'Officer in case', agencyId: 'thames-valley-police' }], reviewDate: '2026-12-01', recordedAt: '2026-11-22T12:00:00.000Z' }],
  semracDiscussions: [{ meetingId: '8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c', agreedRiskLevel: 'moderate', decisions: ['Disruption plan for the car'], actionIds: ['a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'], discussedAt: '2026-11-24T14:00:00.000Z' }],
  risk: {
    assessmentId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
    band: 'moderate',
    score: 14,
    scheme: { name: 'SEMRAC risk scheme', version: '2026-1' },
    assessedAt: '2026-11-21T09:00:00.000Z',
    nextReviewDue: '2026-12-21',
    disclosure: false,
    reasons: [{ rule: 'score', band: 'moderate', effect: 'sets', explanation: 'Score 14: moderate (10-19)' }],
    history: [{ assessmentId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', band: 'moderate', score: 14, assessedAt: '2026-11-21T09:00:00.000Z', assessorAgencyId: 'bf-csc' }],
  },
  missing: {
    episodes: 1,
    openEpisodeId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
    openEpisodeIds: ['c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f'],
    lastEpisodeAt: '2026-11-23T22:00:00.000Z',
    interviewsDue: [{ episodeId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', dueAt: '2026-11-27T22:00:00.000Z', overdue: false }],
    interviewsOverdue: 0,
  },
  semrac: { listed: true, listings: [{ rule: 'risk-band', detail: { summary: 'Assessed moderate', assessmentId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', band: 'moderate' }, listedAt: '2026-11-21T09:00:01.000Z', triggeredBy: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f7a' }] },
  chronology: [
    {
      at: '2026-11-22T10:00:00.000Z',
      eventId: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b',
      type: 'CaseClosed',
      summary: 'Case closed',
      by: { userId: 'u-sam-worker', agencyId: 'bf-csc' },
      reason: 'Risk reduced',
    },
  ],
};

const AGENCY = Object.keys(AGENCY_KINDS);

/** The closed sets of the case view and the members always present (CaseView's required fields). */
export const CASE_VIEW_HINTS: ExampleSchemaHints = {
  enums: {
    status: ['open', 'closed'],
    'child.gender': ['female', 'male', 'non-binary', 'not-known'],
    'flags[].code': CASE_FLAG_CODES,
    'agencies[].kind': AGENCY,
    'links[].kind': LINK_KIND_CODES,
    'referrals[].agency.kind': AGENCY,
    'semracDiscussions[].agreedRiskLevel': AGREED_RISK_LEVEL_CODES,
    'risk.band': RISK_BANDS,
    'risk.reasons[].rule': ['score', 'young-child-significant-sign', 'disclosure'],
    'risk.reasons[].band': RISK_BANDS,
    'risk.reasons[].effect': ['sets', 'raised', 'no-change'],
    'risk.history[].band': RISK_BANDS,
    'semrac.listings[].rule': SEMRAC_RULE_CODES,
  },
  complete: ['vulnerabilities[]', 'signs[]', 'suspectedModels[]', 'semrac', 'semrac.listings[]', 'referrals[]', 'risk.history[]'],
};

/** CaseView's required members at the top (the rest of the example's are optional: risk, missing). */
export const CASE_VIEW_REQUIRED: (keyof CaseView)[] = [
  'caseId',
  'status',
  'revision',
  'openedAt',
  'updatedAt',
  'child',
  'flags',
  'agencies',
  'leadProfessionals',
  'vulnerabilities',
  'signs',
  'suspectedModels',
  'immediateDangerReported',
  'links',
  'referrals',
  'closures',
  'supportPlans',
  'safetyPlans',
  'semracDiscussions',
  'semrac',
  'chronology',
];
