import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { AGENCY_KIND_CODES } from '../shared/indicators';
import { AGREED_RISK_LEVEL_CODES, SEMRAC_ACTION_STATUS_CODES, SemracMeetingEvent } from './semrac-meeting.events';

/**
 * What each SEMRAC meeting event must hold to be stored (issue 11). The meetings view and the
 * action tracker read the co-chairs, attendees and actions of these events, each by its ids.
 */

const id = z.string().min(1);
/** An ISO date or timestamp as the decider writes it. */
const when = z.string().min(1);
const actionStatus = z.enum(SEMRAC_ACTION_STATUS_CODES);
/** A calendar date (YYYY-MM-DD), as the request must give it: the action tracker sorts and stores it as one. */
const calendarDate = z.iso.date();

export const semracMeetingEventSchemas: EventSchemas<SemracMeetingEvent> = {
  MeetingScheduled: z.object({
    meetingId: id,
    scheduledFor: when,
    venue: z.string(),
    coChairs: z.array(z.object({ agencyId: id, agencyName: z.string(), agencyKind: z.enum(AGENCY_KIND_CODES), name: z.string(), role: z.string() })),
    scheduledAt: when,
  }),
  AttendanceRecorded: z.object({
    meetingId: id,
    attendees: z.array(
      z.object({ agencyId: id, agencyName: z.string(), attendance: z.enum(['present', 'apologies']), name: z.string(), role: z.string() }),
    ),
    recordedAt: when,
  }),
  CaseDiscussionRecorded: z.object({
    meetingId: id,
    discussionId: id,
    caseId: id,
    summary: z.string(),
    agreedRiskLevel: z.enum(AGREED_RISK_LEVEL_CODES),
    decisions: z.array(z.string()),
    actions: z.array(
      z.object({
        actionId: id,
        description: z.string(),
        ownerAgencyId: id,
        ownerAgencyName: z.string(),
        ownerPerson: z.string(),
        dueDate: calendarDate,
      }),
    ),
    discussedAt: when,
  }),
  ActionStatusChanged: z.object({
    meetingId: id,
    actionId: id,
    caseId: id,
    from: actionStatus,
    status: actionStatus,
    note: z.string().optional(),
    changedAt: when,
  }),
  MeetingClosed: z.object({ meetingId: id, closedAt: when, note: z.string().optional() }),
};
