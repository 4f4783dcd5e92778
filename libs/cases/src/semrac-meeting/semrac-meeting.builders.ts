import type { SemracMeetingCommand, SemracMeetingCommandEnvelope } from './semrac-meeting.decider';
import type {
  Attendee,
  AttendanceRecorded,
  CaseDiscussionRecorded,
  CoChair,
  MeetingScheduled,
  SemracAction,
} from './semrac-meeting.events';

/** Fictional people and agencies for tests. */
export const MEETING_ID = '5e3f2a10-7c4d-4b8e-9f01-2a3b4c5d6e7f';
export const SCHEDULED_FOR = '2026-12-03T10:00:00.000Z';
/** A moment during the meeting. */
export const DURING = '2026-12-03T10:30:00.000Z';
export const BEFORE = '2026-12-01T09:00:00.000Z';

export const CSC_CHAIR: CoChair = {
  agencyId: 'bf-csc',
  agencyName: "Children's Social Care",
  agencyKind: 'children-social-care',
  name: 'Chris Chair',
  role: 'Head of safeguarding',
};
export const POLICE_CHAIR: CoChair = {
  agencyId: 'tvp',
  agencyName: 'Thames Valley Police',
  agencyKind: 'police',
  name: 'DI Pat Chair',
  role: 'Detective inspector, child exploitation',
};

export function aMeetingScheduled(overrides: Partial<MeetingScheduled['data']> = {}): MeetingScheduled {
  return {
    type: 'MeetingScheduled',
    data: { meetingId: MEETING_ID, scheduledFor: SCHEDULED_FOR, venue: 'Time Square, Bracknell', coChairs: [CSC_CHAIR, POLICE_CHAIR], scheduledAt: BEFORE, ...overrides },
  };
}

export function anAttendee(overrides: Partial<Attendee> = {}): Attendee {
  return { agencyId: 'bf-csc', agencyName: "Children's Social Care", attendance: 'present', name: 'Chris Chair', role: 'Head of safeguarding', ...overrides };
}

/** Both co-chairing agencies present. */
export const CO_CHAIRS_PRESENT: Attendee[] = [
  anAttendee(),
  anAttendee({ agencyId: 'tvp', agencyName: 'Thames Valley Police', name: 'DI Pat Chair', role: 'Detective inspector' }),
];

export function anAttendanceRecorded(attendees: Attendee[] = CO_CHAIRS_PRESENT, recordedAt = DURING): AttendanceRecorded {
  return { type: 'AttendanceRecorded', data: { meetingId: MEETING_ID, attendees, recordedAt } };
}

export function anAction(overrides: Partial<SemracAction> = {}): SemracAction {
  return {
    actionId: 'a1000000-0000-4000-8000-000000000001',
    description: 'Return home interview to be completed by the missing children worker',
    ownerAgencyId: 'bf-csc',
    ownerAgencyName: "Children's Social Care",
    ownerPerson: 'Alex Worker',
    dueDate: '2026-12-10',
    ...overrides,
  };
}

export function aDiscussion(overrides: Partial<Extract<SemracMeetingCommand, { type: 'RecordCaseDiscussion' }>['data']> = {}) {
  return {
    discussionId: 'd1000000-0000-4000-8000-000000000001',
    caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11',
    summary: 'Three episodes missing since October; older male seen collecting the child from school.',
    agreedRiskLevel: 'moderate' as const,
    decisions: ['Refer to police for disruption activity', 'Safety plan to be reviewed'],
    actions: [anAction()],
    ...overrides,
  };
}

export function aCaseDiscussionRecorded(overrides: Partial<CaseDiscussionRecorded['data']> = {}): CaseDiscussionRecorded {
  return { type: 'CaseDiscussionRecorded', data: { meetingId: MEETING_ID, ...aDiscussion(), discussedAt: DURING, ...overrides } };
}

/** A command to the builders' meeting. */
export function onMeeting<C extends SemracMeetingCommand>(type: C['type'], data: C['data'], now = DURING): SemracMeetingCommandEnvelope {
  return { type, data, meetingId: MEETING_ID, now } as SemracMeetingCommandEnvelope;
}
