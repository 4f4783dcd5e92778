import { Command } from '@nestjs/cqrs';
import type { SemracMeetingCommand } from '../semrac-meeting.decider';
import type { MeetingCommandContext, MeetingCommandResult } from '../semrac-meeting-command.executor';
import type { RecordCaseDiscussionDto } from '../semrac-meeting.dto';

/** A change to a scheduled meeting; the decider says which are allowed. */
export class ChangeMeetingCommand extends Command<MeetingCommandResult> {
  constructor(
    readonly meetingId: string,
    readonly change: Exclude<SemracMeetingCommand, { type: 'ScheduleMeeting' | 'RecordCaseDiscussion' }>,
    readonly context: MeetingCommandContext,
  ) {
    super();
  }
}

export interface RecordCaseDiscussionResult extends MeetingCommandResult {
  discussionId: string;
  actionIds: string[];
}

/** A case discussed at the meeting: recorded on the meeting and on the case. */
export class RecordCaseDiscussionCommand extends Command<RecordCaseDiscussionResult> {
  constructor(
    readonly meetingId: string,
    readonly discussion: RecordCaseDiscussionDto,
    readonly context: MeetingCommandContext,
  ) {
    super();
  }
}
