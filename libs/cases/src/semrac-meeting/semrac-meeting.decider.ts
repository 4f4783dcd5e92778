import { Decider, DomainError } from '@app/common/domain';
import {
  AgreedRiskLevel,
  Attendee,
  CO_CHAIR_AGENCY_KINDS,
  CoChair,
  SemracAction,
  SemracActionStatus,
  SemracMeetingEvent,
} from './semrac-meeting.events';

export type SemracMeetingCommand =
  | { type: 'ScheduleMeeting'; data: { scheduledFor: string; venue: string; coChairs: CoChair[] } }
  | { type: 'RecordAttendance'; data: { attendees: Attendee[] } }
  | {
      type: 'RecordCaseDiscussion';
      data: {
        discussionId: string;
        caseId: string;
        summary: string;
        agreedRiskLevel: AgreedRiskLevel;
        decisions: string[];
        actions: SemracAction[];
      };
    }
  | { type: 'ChangeActionStatus'; data: { actionId: string; status: SemracActionStatus; note?: string } }
  | { type: 'CloseMeeting'; data: { note?: string } };

/** What a meeting command needs besides its data: which meeting, and the moment of decision. */
export type SemracMeetingCommandEnvelope = SemracMeetingCommand & { meetingId: string; now: string };

export interface SemracMeetingState {
  exists: boolean;
  status: 'scheduled' | 'closed';
  scheduledFor: string;
  coChairAgencyIds: string[];
  /** Keyed by agency and person: a later record replaces an earlier one. */
  attendance: Record<string, Attendee['attendance']>;
  presentAgencyIds: string[];
  discussedCaseIds: string[];
  actions: Record<string, { caseId: string; status: SemracActionStatus }>;
}

const initialState = (): SemracMeetingState => ({
  exists: false,
  status: 'scheduled',
  scheduledFor: '',
  coChairAgencyIds: [],
  attendance: {},
  presentAgencyIds: [],
  discussedCaseIds: [],
  actions: {},
});

const attendeeKey = (a: Pick<Attendee, 'agencyId' | 'name'>) => `${a.agencyId}\u0000${a.name.trim().toLowerCase()}`;

/**
 * A SEMRAC meeting (DOMAIN.md, SEMRAC): scheduled with its two co-chairs, attendance recorded by
 * agency, cases discussed once the meeting is under way, actions followed up after it closes.
 */
export const semracMeetingDecider: Decider<SemracMeetingCommandEnvelope, SemracMeetingEvent, SemracMeetingState> = {
  initialState,

  decide(command, state) {
    const { meetingId, now } = command;
    if (command.type === 'ScheduleMeeting') {
      if (state.exists) throw new DomainError(`Meeting ${meetingId} is already scheduled`, 'meeting-already-scheduled', 409);
      const kinds = command.data.coChairs.map((c) => c.agencyKind).sort();
      if (kinds.length !== 2 || kinds.join() !== [...CO_CHAIR_AGENCY_KINDS].sort().join()) {
        throw new DomainError("SEMRAC is co-chaired by children's social care and the police: name one co-chair from each", 'co-chairs-required');
      }
      if (!command.data.venue.trim()) throw new DomainError('Say where the meeting is held', 'venue-missing');
      return [{ type: 'MeetingScheduled', data: { meetingId, ...command.data, scheduledAt: now } }];
    }

    if (!state.exists) throw new DomainError(`No SEMRAC meeting ${meetingId}`, 'meeting-not-found', 404);
    const held = now >= state.scheduledFor;
    switch (command.type) {
      case 'RecordAttendance': {
        if (state.status === 'closed') throw closed(meetingId);
        const { attendees } = command.data;
        if (attendees.length === 0) throw new DomainError('Name at least one attendee or apology', 'attendance-empty');
        const keys = attendees.map(attendeeKey);
        if (new Set(keys).size !== keys.length) throw new DomainError('A person is listed twice in one attendance record', 'attendee-listed-twice');
        // Apologies may come in before the meeting; presence can only be recorded once it has started.
        if (!held && attendees.some((a) => a.attendance === 'present')) {
          throw new DomainError('Presence is recorded once the meeting has started; apologies may be recorded before', 'meeting-not-yet-held');
        }
        return [{ type: 'AttendanceRecorded', data: { meetingId, attendees, recordedAt: now } }];
      }
      case 'RecordCaseDiscussion': {
        const d = command.data;
        if (state.status === 'closed') throw closed(meetingId);
        if (!held) throw new DomainError('A case is discussed once the meeting has been held', 'meeting-not-yet-held');
        if (!state.coChairAgencyIds.every((id) => state.presentAgencyIds.includes(id))) {
          throw new DomainError(
            "Record the attendance of both co-chairing agencies (children's social care and police) before recording discussions",
            'co-chairs-not-present',
          );
        }
        if (state.discussedCaseIds.includes(d.caseId)) {
          throw new DomainError(`Case ${d.caseId} has already been discussed at meeting ${meetingId}`, 'case-already-discussed', 409);
        }
        if (!d.summary.trim()) throw new DomainError('A discussion records a summary', 'summary-missing');
        const ids = d.actions.map((a) => a.actionId);
        if (new Set(ids).size !== ids.length || ids.some((id) => state.actions[id])) {
          throw new DomainError('Each action needs its own id', 'action-id-taken', 409);
        }
        const meetingDate = state.scheduledFor.slice(0, 10);
        if (d.actions.some((a) => a.dueDate < meetingDate)) {
          throw new DomainError('An action cannot be due before the meeting that agreed it', 'action-due-before-meeting');
        }
        return [{ type: 'CaseDiscussionRecorded', data: { meetingId, ...d, discussedAt: now } }];
      }
      case 'ChangeActionStatus': {
        const { actionId, status, note } = command.data;
        const action = state.actions[actionId];
        if (!action) throw new DomainError(`No action ${actionId} at meeting ${meetingId}`, 'action-not-found', 404);
        if (action.status === status) return [];
        if (action.status === 'cancelled') {
          throw new DomainError('A cancelled action stays cancelled: agree a new action instead', 'action-cancelled', 409);
        }
        // Cancelling, or reopening what was done, changes what the meeting agreed: say why.
        const needsReason = status === 'cancelled' || action.status === 'done';
        if (needsReason && !note?.trim()) {
          throw new DomainError(status === 'cancelled' ? 'Say why the action is cancelled' : 'Say why a done action is reopened', 'reason-required');
        }
        return [
          {
            type: 'ActionStatusChanged',
            data: { meetingId, actionId, caseId: action.caseId, from: action.status, status, ...(note ? { note } : {}), changedAt: now },
          },
        ];
      }
      case 'CloseMeeting': {
        if (state.status === 'closed') throw new DomainError(`Meeting ${meetingId} is already closed`, 'meeting-already-closed', 409);
        if (!held) throw new DomainError('A meeting is closed once it has been held', 'meeting-not-yet-held');
        if (state.presentAgencyIds.length === 0) throw new DomainError('Record who attended before closing the meeting', 'attendance-not-recorded');
        return [{ type: 'MeetingClosed', data: { meetingId, closedAt: now, ...(command.data.note ? { note: command.data.note } : {}) } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MeetingScheduled':
        return {
          ...state,
          exists: true,
          scheduledFor: event.data.scheduledFor,
          coChairAgencyIds: [...new Set(event.data.coChairs.map((c) => c.agencyId))],
        };
      case 'AttendanceRecorded': {
        const attendance = { ...state.attendance };
        for (const a of event.data.attendees) attendance[attendeeKey(a)] = a.attendance;
        const present = Object.entries(attendance)
          .filter(([, how]) => how === 'present')
          .map(([key]) => key.split('\u0000')[0]);
        return { ...state, attendance, presentAgencyIds: [...new Set(present)] };
      }
      case 'CaseDiscussionRecorded': {
        const actions = { ...state.actions };
        for (const a of event.data.actions) actions[a.actionId] = { caseId: event.data.caseId, status: 'open' };
        return { ...state, discussedCaseIds: [...state.discussedCaseIds, event.data.caseId], actions };
      }
      case 'ActionStatusChanged': {
        const action = state.actions[event.data.actionId];
        if (!action) return state;
        return { ...state, actions: { ...state.actions, [event.data.actionId]: { ...action, status: event.data.status } } };
      }
      case 'MeetingClosed':
        return { ...state, status: 'closed' };
      default:
        return state;
    }
  },
};

function closed(meetingId: string): DomainError {
  return new DomainError(`Meeting ${meetingId} is closed`, 'meeting-closed', 409);
}
