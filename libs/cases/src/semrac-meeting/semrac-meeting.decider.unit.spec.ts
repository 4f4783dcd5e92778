import { deciderSpec } from '@app/common-testing';
import {
  BEFORE,
  CO_CHAIRS_PRESENT,
  CSC_CHAIR,
  DURING,
  MEETING_ID,
  POLICE_CHAIR,
  SCHEDULED_FOR,
  aCaseDiscussionRecorded,
  aDiscussion,
  aMeetingScheduled,
  anAction,
  anAttendanceRecorded,
  anAttendee,
  onMeeting,
} from './semrac-meeting.builders';
import { semracMeetingDecider } from './semrac-meeting.decider';
import { SemracMeetingEvent } from './semrac-meeting.events';

const spec = deciderSpec(semracMeetingDecider);
const actionId = anAction().actionId;
const caseId = aDiscussion().caseId;
const held: SemracMeetingEvent[] = [aMeetingScheduled(), anAttendanceRecorded()];
const discussed: SemracMeetingEvent[] = [...held, aCaseDiscussionRecorded()];
const statusChanged = (from: string, status: string, note?: string) =>
  ({ type: 'ActionStatusChanged', data: { meetingId: MEETING_ID, actionId, caseId, from, status, ...(note ? { note } : {}), changedAt: DURING } }) as SemracMeetingEvent;

describe('SEMRAC meeting decider', () => {
  describe('scheduling', () => {
    const schedule = (coChairs = [CSC_CHAIR, POLICE_CHAIR], venue = 'Time Square, Bracknell') =>
      onMeeting('ScheduleMeeting', { scheduledFor: SCHEDULED_FOR, venue, coChairs }, BEFORE);

    it('schedules a meeting co-chaired by children\'s social care and the police', () => {
      spec.given([]).when(schedule()).then([aMeetingScheduled()]);
      spec.given([]).when(schedule([POLICE_CHAIR, CSC_CHAIR])).then([aMeetingScheduled({ coChairs: [POLICE_CHAIR, CSC_CHAIR] })]);
    });

    it('refuses co-chairs that are not one from children\'s social care and one from the police', () => {
      spec.given([]).when(schedule([CSC_CHAIR])).thenRefuses('co-chairs-required');
      spec.given([]).when(schedule([CSC_CHAIR, { ...CSC_CHAIR, name: 'Another social worker' }])).thenRefuses('co-chairs-required');
      spec.given([]).when(schedule([CSC_CHAIR, { ...POLICE_CHAIR, agencyKind: 'health' }])).thenRefuses('co-chairs-required');
      spec.given([]).when(schedule([CSC_CHAIR, POLICE_CHAIR, { ...POLICE_CHAIR, name: 'DS Third' }])).thenRefuses('co-chairs-required');
    });

    it('needs a venue, and schedules a meeting once', () => {
      spec.given([]).when(schedule(undefined, '  ')).thenRefuses('venue-missing');
      spec.given([aMeetingScheduled()]).when(schedule()).thenRefuses('meeting-already-scheduled');
    });

    it('refuses anything else for a meeting that was never scheduled', () => {
      spec.given([]).when(onMeeting('RecordAttendance', { attendees: CO_CHAIRS_PRESENT })).thenRefuses('meeting-not-found');
      spec.given([]).when(onMeeting('CloseMeeting', {})).thenRefuses('meeting-not-found');
    });
  });

  describe('attendance', () => {
    it('records agencies present and apologies once the meeting has started', () => {
      const attendees = [...CO_CHAIRS_PRESENT, anAttendee({ agencyId: 'nhs', agencyName: 'Health', attendance: 'apologies', name: 'Dr Example', role: 'Named nurse' })];
      spec.given([aMeetingScheduled()]).when(onMeeting('RecordAttendance', { attendees })).then([anAttendanceRecorded(attendees)]);
    });

    it('takes apologies before the meeting but presence only from its start', () => {
      const apology = [anAttendee({ attendance: 'apologies' })];
      spec.given([aMeetingScheduled()]).when(onMeeting('RecordAttendance', { attendees: apology }, BEFORE)).then([anAttendanceRecorded(apology, BEFORE)]);
      spec.given([aMeetingScheduled()]).when(onMeeting('RecordAttendance', { attendees: CO_CHAIRS_PRESENT }, BEFORE)).thenRefuses('meeting-not-yet-held');
      // Exactly at the scheduled time the meeting has started.
      spec
        .given([aMeetingScheduled()])
        .when(onMeeting('RecordAttendance', { attendees: CO_CHAIRS_PRESENT }, SCHEDULED_FOR))
        .then([anAttendanceRecorded(CO_CHAIRS_PRESENT, SCHEDULED_FOR)]);
    });

    it('refuses an empty record, a person listed twice, and a closed meeting', () => {
      spec.given([aMeetingScheduled()]).when(onMeeting('RecordAttendance', { attendees: [] })).thenRefuses('attendance-empty');
      spec
        .given([aMeetingScheduled()])
        .when(onMeeting('RecordAttendance', { attendees: [anAttendee(), anAttendee({ name: ' chris chair ', attendance: 'apologies' })] }))
        .thenRefuses('attendee-listed-twice');
      spec.given([...held, { type: 'MeetingClosed', data: { meetingId: MEETING_ID, closedAt: DURING } }]).when(onMeeting('RecordAttendance', { attendees: CO_CHAIRS_PRESENT })).thenRefuses('meeting-closed');
    });
  });

  describe('case discussions', () => {
    it('records the summary, agreed risk level, decisions and actions of a case discussed at a held meeting', () => {
      spec.given(held).when(onMeeting('RecordCaseDiscussion', aDiscussion())).then([aCaseDiscussionRecorded()]);
    });

    it('refuses a discussion before the meeting is held (it is held from its scheduled time)', () => {
      spec.given(held).when(onMeeting('RecordCaseDiscussion', aDiscussion(), '2026-12-03T09:59:59.999Z')).thenRefuses('meeting-not-yet-held');
      spec.given(held).when(onMeeting('RecordCaseDiscussion', aDiscussion(), SCHEDULED_FOR)).then([aCaseDiscussionRecorded({ discussedAt: SCHEDULED_FOR })]);
    });

    it('refuses a discussion at a closed meeting', () => {
      spec.given([...held, { type: 'MeetingClosed', data: { meetingId: MEETING_ID, closedAt: DURING } }]).when(onMeeting('RecordCaseDiscussion', aDiscussion())).thenRefuses('meeting-closed');
    });

    it('needs both co-chairing agencies present: apologies from one are not enough', () => {
      spec.given([aMeetingScheduled()]).when(onMeeting('RecordCaseDiscussion', aDiscussion())).thenRefuses('co-chairs-not-present');
      const policeApologised = [CO_CHAIRS_PRESENT[0], { ...CO_CHAIRS_PRESENT[1], attendance: 'apologies' as const }];
      spec.given([aMeetingScheduled(), anAttendanceRecorded(policeApologised)]).when(onMeeting('RecordCaseDiscussion', aDiscussion())).thenRefuses('co-chairs-not-present');
      // Apologies sent in advance, then the officer came after all: a later record replaces the earlier one.
      spec
        .given([aMeetingScheduled(), anAttendanceRecorded(policeApologised), anAttendanceRecorded([CO_CHAIRS_PRESENT[1]])])
        .when(onMeeting('RecordCaseDiscussion', aDiscussion()))
        .then([aCaseDiscussionRecorded()]);
    });

    it('discusses a case once per meeting', () => {
      spec
        .given(discussed)
        .when(onMeeting('RecordCaseDiscussion', aDiscussion({ discussionId: 'd2', actions: [anAction({ actionId: 'a2' })] })))
        .thenRefuses('case-already-discussed');
    });

    it('refuses an action id used twice, or already used at this meeting', () => {
      spec.given(held).when(onMeeting('RecordCaseDiscussion', aDiscussion({ actions: [anAction(), anAction()] }))).thenRefuses('action-id-taken');
      spec.given(discussed).when(onMeeting('RecordCaseDiscussion', aDiscussion({ caseId: 'other-case' }))).thenRefuses('action-id-taken');
    });

    it('refuses an action due before the meeting that agreed it; one due on the meeting day is fine', () => {
      spec.given(held).when(onMeeting('RecordCaseDiscussion', aDiscussion({ actions: [anAction({ dueDate: '2026-12-02' })] }))).thenRefuses('action-due-before-meeting');
      const sameDay = aDiscussion({ actions: [anAction({ dueDate: '2026-12-03' })] });
      spec.given(held).when(onMeeting('RecordCaseDiscussion', sameDay)).then([aCaseDiscussionRecorded({ actions: sameDay.actions })]);
    });

    it('needs a summary', () => {
      spec.given(held).when(onMeeting('RecordCaseDiscussion', aDiscussion({ summary: ' ' }))).thenRefuses('summary-missing');
    });
  });

  describe('action status', () => {
    it('moves an action through in progress to done', () => {
      spec.given(discussed).when(onMeeting('ChangeActionStatus', { actionId, status: 'in-progress' })).then([statusChanged('open', 'in-progress')]);
      spec
        .given([...discussed, statusChanged('open', 'in-progress')])
        .when(onMeeting('ChangeActionStatus', { actionId, status: 'done', note: 'Interview held' }))
        .then([statusChanged('in-progress', 'done', 'Interview held')]);
    });

    it('changes nothing when the action already has that status', () => {
      spec.given(discussed).when(onMeeting('ChangeActionStatus', { actionId, status: 'open' })).then([]);
    });

    it('refuses an unknown action', () => {
      spec.given(discussed).when(onMeeting('ChangeActionStatus', { actionId: 'no-such-action', status: 'done' })).thenRefuses('action-not-found');
    });

    it('cancels only with a reason, and never reopens a cancelled action', () => {
      spec.given(discussed).when(onMeeting('ChangeActionStatus', { actionId, status: 'cancelled' })).thenRefuses('reason-required');
      const cancelled = [...discussed, statusChanged('open', 'cancelled', 'Child moved out of area')];
      spec.given(cancelled).when(onMeeting('ChangeActionStatus', { actionId, status: 'open', note: 'back' })).thenRefuses('action-cancelled');
      spec.given(cancelled).when(onMeeting('ChangeActionStatus', { actionId, status: 'done', note: 'x' })).thenRefuses('action-cancelled');
    });

    it('reopens a done action only with a reason', () => {
      const done = [...discussed, statusChanged('open', 'done')];
      spec.given(done).when(onMeeting('ChangeActionStatus', { actionId, status: 'open' })).thenRefuses('reason-required');
      spec
        .given(done)
        .when(onMeeting('ChangeActionStatus', { actionId, status: 'in-progress', note: 'Interview declined; try again' }))
        .then([statusChanged('done', 'in-progress', 'Interview declined; try again')]);
    });

    it('follows actions up after the meeting has closed', () => {
      spec
        .given([...discussed, { type: 'MeetingClosed', data: { meetingId: MEETING_ID, closedAt: DURING } }])
        .when(onMeeting('ChangeActionStatus', { actionId, status: 'done' }, '2026-12-09T12:00:00.000Z'))
        .then([{ ...statusChanged('open', 'done'), data: { ...statusChanged('open', 'done').data, changedAt: '2026-12-09T12:00:00.000Z' } } as SemracMeetingEvent]);
    });
  });

  describe('closing', () => {
    it('closes a held meeting with attendance recorded, once', () => {
      spec.given(discussed).when(onMeeting('CloseMeeting', { note: 'Next meeting in January' })).then([
        { type: 'MeetingClosed', data: { meetingId: MEETING_ID, closedAt: DURING, note: 'Next meeting in January' } },
      ]);
      spec.given([...discussed, { type: 'MeetingClosed', data: { meetingId: MEETING_ID, closedAt: DURING } }]).when(onMeeting('CloseMeeting', {})).thenRefuses('meeting-already-closed');
    });

    it('refuses to close a meeting not yet held, or with no one recorded present', () => {
      spec.given(held).when(onMeeting('CloseMeeting', {}, BEFORE)).thenRefuses('meeting-not-yet-held');
      spec.given([aMeetingScheduled(), anAttendanceRecorded([anAttendee({ attendance: 'apologies' })])]).when(onMeeting('CloseMeeting', {})).thenRefuses('attendance-not-recorded');
    });
  });
});
