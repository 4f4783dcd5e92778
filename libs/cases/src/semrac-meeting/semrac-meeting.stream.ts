import { CASEWORK_ROLES } from '@app/access';
import { CommandRule, DomainError, RecordRuleInput, defineStream, eventOf, requireWriteAccess } from '@app/common';
import { caseStream } from '../case/case.stream';
import { SemracMeetingCommand, SemracMeetingCommandEnvelope, SemracMeetingState, semracMeetingDecider } from './semrac-meeting.decider';
import { SemracMeetingEvent, semracMeetingStreamId } from './semrac-meeting.events';
import { semracMeetingEventSchemas } from './semrac-meeting.schemas';

type Input = RecordRuleInput<SemracMeetingCommand, SemracMeetingState>;

/** The access policy runs the meeting: its chairs. */
function chairs({ id, actor, policy }: Input): void {
  requireWriteAccess(policy, actor, { kind: 'semrac', id });
}

const runByChairs: CommandRule<SemracMeetingCommand, SemracMeetingState> = { roles: ['semrac-chair'], record: chairs };

/**
 * A SEMRAC meeting, `semrac-meeting-{meetingId}`: scheduled, attended, its cases discussed with
 * actions, closed. Its chairs run it; an action is followed up by the conference's members and by
 * the agency that owns it.
 */
export const semracMeetingStream = defineStream<SemracMeetingCommand, SemracMeetingEvent, SemracMeetingState, SemracMeetingCommandEnvelope>({
  kind: 'semrac-meeting',
  streamId: semracMeetingStreamId,
  decider: semracMeetingDecider,
  envelope: (command, { id, now }) => ({ ...command, meetingId: id, now }) as SemracMeetingCommandEnvelope,
  events: semracMeetingEventSchemas,
  commands: {
    ScheduleMeeting: runByChairs,
    RecordAttendance: runByChairs,
    // The case must exist before the meeting records discussing it: refused with nothing written.
    RecordCaseDiscussion: {
      roles: ['semrac-chair'],
      record: async (input: Input) => {
        chairs(input);
        if (input.command.type !== 'RecordCaseDiscussion') return;
        const { caseId } = input.command.data;
        if ((await input.readStream(caseStream.streamId(caseId))).length === 0) throw new DomainError(`No case ${caseId}`, 'case-not-found', 404);
      },
    },
    ChangeActionStatus: {
      roles: CASEWORK_ROLES,
      record: ({ id, command, actor, history, policy }: Input) => {
        let actionOwnerAgencyId: string | undefined;
        for (const recorded of history) {
          const event = eventOf(semracMeetingEventSchemas, recorded);
          if (event?.type !== 'CaseDiscussionRecorded' || command.type !== 'ChangeActionStatus') continue;
          const action = event.data.actions.find((a) => a.actionId === command.data.actionId);
          if (action) actionOwnerAgencyId = action.ownerAgencyId;
        }
        requireWriteAccess(policy, actor, { kind: 'semrac', id, ...(actionOwnerAgencyId ? { actionOwnerAgencyId } : {}) });
      },
    },
    CloseMeeting: runByChairs,
  },
});
