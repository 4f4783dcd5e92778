import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/common';
import { MeetingCommandResult, SemracMeetingCommandExecutor } from '../semrac-meeting-command.executor';
import { ChangeMeetingCommand, RecordCaseDiscussionCommand, RecordCaseDiscussionResult } from './change-meeting.command';

@CommandHandler(ChangeMeetingCommand)
export class ChangeMeetingHandler implements ICommandHandler<ChangeMeetingCommand, MeetingCommandResult> {
  constructor(private readonly meetings: SemracMeetingCommandExecutor) {}

  execute({ meetingId, change, context }: ChangeMeetingCommand): Promise<MeetingCommandResult> {
    return this.meetings.execute(meetingId, change, context);
  }
}

@CommandHandler(RecordCaseDiscussionCommand)
export class RecordCaseDiscussionHandler implements ICommandHandler<RecordCaseDiscussionCommand, RecordCaseDiscussionResult> {
  constructor(private readonly meetings: SemracMeetingCommandExecutor) {}

  async execute({ meetingId, discussion, context }: RecordCaseDiscussionCommand): Promise<RecordCaseDiscussionResult> {
    const { actor, idempotencyKey } = context;
    // With a key, a retry derives the same ids (and so answers with them).
    const id = (what: string) => (idempotencyKey ? deterministicUuid('semrac-discussion', meetingId, actor.agencyId, actor.userId, idempotencyKey, what) : randomUUID());
    const discussionId = id('discussion');
    const actions = discussion.actions.map(({ description, ownerAgencyId, ownerAgencyName, ownerPerson, dueDate }, i) => ({
      actionId: id(`action-${i}`),
      description,
      ownerAgencyId,
      ownerAgencyName,
      ownerPerson,
      dueDate,
    }));
    const result = await this.meetings.execute(
      meetingId,
      {
        type: 'RecordCaseDiscussion',
        data: {
          discussionId,
          caseId: discussion.caseId,
          summary: discussion.summary,
          agreedRiskLevel: discussion.agreedRiskLevel,
          decisions: [...discussion.decisions],
          actions,
        },
      },
      context,
    );
    return { ...result, discussionId, actionIds: actions.map((a) => a.actionId) };
  }
}
