/**
 * What the SEMRAC pages read from the API: the shapes of its answers that the pages use (the API's
 * own types stay in its context; the console talks to it over HTTP).
 */

export interface MeetingAnswer {
  meetingId: string;
  revision: number;
  position?: string;
  changed?: boolean;
  created?: boolean;
}

export interface CoChair {
  agencyId: string;
  agencyName: string;
  agencyKind: string;
  name: string;
  role: string;
}

export interface Attendee {
  agencyId: string;
  agencyName: string;
  attendance: 'present' | 'apologies';
  name: string;
  role: string;
  recordedAt?: string;
}

export interface MeetingAction {
  actionId: string;
  meetingId?: string;
  caseId: string;
  description: string;
  ownerAgencyId: string;
  ownerAgencyName: string;
  ownerPerson: string;
  dueDate: string;
  status: string;
  history?: { status: string; from?: string; note?: string; at: string; by: { userId: string; agencyId: string } }[];
}

export interface Meeting {
  meetingId: string;
  status: 'scheduled' | 'closed';
  revision: number;
  scheduledFor: string;
  venue: string;
  coChairs: CoChair[];
  closedAt?: string;
  closingNote?: string;
  attendance: Attendee[];
  discussions: { discussionId: string; caseId: string; summary: string; agreedRiskLevel: string; decisions: string[]; actionIds: string[]; discussedAt: string }[];
  actions: MeetingAction[];
}

export interface Agenda {
  meetingId: string;
  scheduledFor: string;
  newListings: { caseId: string; listings: { rule: string; summary?: string; listedAt: string }[] }[];
  dueForReview: { caseId: string; lastDiscussedAt: string; lastMeetingId: string; reasons: string[]; openActionIds: string[]; reviewDue?: string }[];
  overdueActions: (MeetingAction & { meetingId: string; daysOverdue: number })[];
  overdueAssessments: { caseId: string; nextReviewDue: string; band?: string }[];
  overdueInterviews: { caseId: string; episodeId: string; dueAt: string }[];
  themes: { kind: string; label: string; caseIds: string[] }[];
}

export interface TrackerAnswer {
  asOf: string;
  total: number;
  next: string | null;
  byAgency: { agencyId: string; agencyName: string; open: number; overdue: number }[];
  actions: (MeetingAction & { meetingId: string; overdue: boolean; agreedAt: string })[];
}

export interface CaseListAnswer {
  total: number;
  cases: { caseId: string; status: string; riskBand: string | null; listedForSemrac: boolean; flags: string[] }[];
}

export interface CaseAnswer {
  caseId: string;
  status: string;
  revision: number;
  child: { firstName: string; lastName: string; knownAs?: string };
  supportPlans: { planRevision: number; objectives: string[]; interventions: { agencyId: string; description: string; frequency: string }[]; reviewDate: string; meetingId?: string; recordedAt: string }[];
  safetyPlans: { investigationRef: string; measures: string[]; contacts: { role: string; agencyId: string }[]; reviewDate: string; recordedAt: string }[];
  semracDiscussions: { meetingId: string; agreedRiskLevel: string; decisions: string[]; discussedAt: string }[];
  semrac?: { listed: boolean; listings: { rule: string; detail?: { summary?: string }; listedAt: string }[] };
}

export interface PlanAnswer {
  caseId: string;
  revision: number;
  position?: string;
  planRevision?: number;
}
