import {
  AgreedRiskLevel,
  Attendee,
  CoChair,
  SemracAction,
  SemracActionStatus,
  SemracMeetingEvent,
} from '../semrac-meeting/semrac-meeting.events';

/** A SEMRAC meeting as its members see it: who came, what was discussed, what was agreed, and how each action stands. */
export interface SemracMeetingView {
  meetingId: string;
  status: 'scheduled' | 'closed';
  /** The meeting stream's revision: send it back as If-Match. */
  revision: number;
  scheduledFor: string;
  venue: string;
  coChairs: CoChair[];
  scheduledAt: string;
  closedAt?: string;
  closingNote?: string;
  updatedAt: string;
  attendance: (Attendee & { recordedAt: string })[];
  discussions: {
    discussionId: string;
    caseId: string;
    summary: string;
    agreedRiskLevel: AgreedRiskLevel;
    decisions: string[];
    actionIds: string[];
    discussedAt: string;
    recordedBy: MeetingActor;
  }[];
  actions: MeetingActionView[];
}

export type MeetingActor = { userId: string; agencyId: string };

export interface MeetingActionView extends SemracAction {
  discussionId: string;
  caseId: string;
  status: SemracActionStatus;
  /** Oldest first; the first entry is the action being agreed. */
  history: { status: SemracActionStatus; from?: SemracActionStatus; note?: string; at: string; by: MeetingActor }[];
}

/** The stored event fields the view needs; RecordedEvent satisfies it. */
export interface MeetingViewSource {
  revision: number;
  recordedAt: string;
  metadata: { actor: MeetingActor };
}

const attendeeKey = (a: Pick<Attendee, 'agencyId' | 'name'>) => `${a.agencyId}\u0000${a.name.trim().toLowerCase()}`;

/** Pure: the meeting view after one more event. Never throws (history is a fact). */
export function evolveSemracMeetingView(view: SemracMeetingView | undefined, event: SemracMeetingEvent, source: MeetingViewSource): SemracMeetingView | undefined {
  if (!view) {
    if (event.type !== 'MeetingScheduled') return view;
    const { meetingId, scheduledFor, venue, coChairs, scheduledAt } = event.data;
    return {
      meetingId,
      status: 'scheduled',
      revision: source.revision,
      scheduledFor,
      venue,
      coChairs,
      scheduledAt,
      updatedAt: source.recordedAt,
      attendance: [],
      discussions: [],
      actions: [],
    };
  }
  const next = { ...view, revision: source.revision, updatedAt: source.recordedAt };
  const by = { userId: source.metadata.actor.userId, agencyId: source.metadata.actor.agencyId };
  switch (event.type) {
    case 'AttendanceRecorded': {
      // A later record for the same person replaces the earlier one, keeping its place in the list.
      const attendance = [...view.attendance];
      for (const a of event.data.attendees) {
        const entry = { ...a, recordedAt: event.data.recordedAt };
        const at = attendance.findIndex((b) => attendeeKey(b) === attendeeKey(a));
        if (at >= 0) attendance[at] = entry;
        else attendance.push(entry);
      }
      return { ...next, attendance };
    }
    case 'CaseDiscussionRecorded': {
      const d = event.data;
      return {
        ...next,
        discussions: [
          ...view.discussions,
          {
            discussionId: d.discussionId,
            caseId: d.caseId,
            summary: d.summary,
            agreedRiskLevel: d.agreedRiskLevel,
            decisions: d.decisions,
            actionIds: d.actions.map((a) => a.actionId),
            discussedAt: d.discussedAt,
            recordedBy: by,
          },
        ],
        actions: [
          ...view.actions,
          ...d.actions.map((a) => ({
            ...a,
            discussionId: d.discussionId,
            caseId: d.caseId,
            status: 'open' as const,
            history: [{ status: 'open' as const, at: d.discussedAt, by }],
          })),
        ],
      };
    }
    case 'ActionStatusChanged': {
      const { actionId, status, from, note, changedAt } = event.data;
      return {
        ...next,
        actions: view.actions.map((a) =>
          a.actionId === actionId ? { ...a, status, history: [...a.history, { status, from, ...(note ? { note } : {}), at: changedAt, by }] } : a,
        ),
      };
    }
    case 'MeetingClosed':
      return { ...next, status: 'closed', closedAt: event.data.closedAt, ...(event.data.note ? { closingNote: event.data.note } : {}) };
    default:
      return next;
  }
}
