import type { AgencyKind } from '../shared/indicators';

/**
 * The events of one SEMRAC meeting's stream, `semrac-meeting-{meetingId}` (DOMAIN.md, SEMRAC;
 * strategy sections 4 and 7, actions 3.4 and 3.5). The meeting is co-chaired by children's social
 * care and the police; attendance is recorded by agency; each case discussed records a summary,
 * the risk level agreed, decisions and actions, whose status changes are tracked here too.
 */

/** The risk level SEMRAC agrees for a child: the same bands as the risk assessment tool. */
export const AGREED_RISK_LEVELS = {
  none: 'No current risk',
  mild: 'Mild',
  moderate: 'Moderate',
  significant: 'Significant',
} as const;
export type AgreedRiskLevel = keyof typeof AGREED_RISK_LEVELS;
export const AGREED_RISK_LEVEL_CODES = Object.keys(AGREED_RISK_LEVELS) as AgreedRiskLevel[];

export const SEMRAC_ACTION_STATUSES = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
} as const;
export type SemracActionStatus = keyof typeof SEMRAC_ACTION_STATUSES;
export const SEMRAC_ACTION_STATUS_CODES = Object.keys(SEMRAC_ACTION_STATUSES) as SemracActionStatus[];

/** SEMRAC is co-chaired by children's social care and the police (DOMAIN.md, SEMRAC). */
export const CO_CHAIR_AGENCY_KINDS: readonly AgencyKind[] = ['children-social-care', 'police'];

export type CoChair = { agencyId: string; agencyName: string; agencyKind: AgencyKind; name: string; role: string };

export type Attendee = {
  agencyId: string;
  agencyName: string;
  attendance: 'present' | 'apologies';
  name: string;
  role: string;
};

export type SemracAction = {
  actionId: string;
  description: string;
  ownerAgencyId: string;
  ownerAgencyName: string;
  ownerPerson: string;
  /** YYYY-MM-DD. */
  dueDate: string;
};

export type MeetingScheduled = {
  type: 'MeetingScheduled';
  data: { meetingId: string; scheduledFor: string; venue: string; coChairs: CoChair[]; scheduledAt: string };
};

export type AttendanceRecorded = {
  type: 'AttendanceRecorded';
  /** A later record for the same person of the same agency replaces the earlier one (apologies, then came). */
  data: { meetingId: string; attendees: Attendee[]; recordedAt: string };
};

export type CaseDiscussionRecorded = {
  type: 'CaseDiscussionRecorded';
  data: {
    meetingId: string;
    discussionId: string;
    caseId: string;
    summary: string;
    agreedRiskLevel: AgreedRiskLevel;
    decisions: string[];
    actions: SemracAction[];
    discussedAt: string;
  };
};

export type ActionStatusChanged = {
  type: 'ActionStatusChanged';
  data: {
    meetingId: string;
    actionId: string;
    caseId: string;
    from: SemracActionStatus;
    status: SemracActionStatus;
    note?: string;
    changedAt: string;
  };
};

export type MeetingClosed = {
  type: 'MeetingClosed';
  data: { meetingId: string; closedAt: string; note?: string };
};

export type SemracMeetingEvent = MeetingScheduled | AttendanceRecorded | CaseDiscussionRecorded | ActionStatusChanged | MeetingClosed;

export const SEMRAC_MEETING_EVENT_TYPES: readonly SemracMeetingEvent['type'][] = [
  'MeetingScheduled',
  'AttendanceRecorded',
  'CaseDiscussionRecorded',
  'ActionStatusChanged',
  'MeetingClosed',
];

export const semracMeetingStreamId = (meetingId: string) => `semrac-meeting-${meetingId}`;
