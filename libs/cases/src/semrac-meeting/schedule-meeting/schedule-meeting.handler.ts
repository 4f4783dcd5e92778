import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/common';
import { SemracMeetingCommandExecutor } from '../semrac-meeting-command.executor';
import { CoChair } from '../semrac-meeting.events';
import { ScheduleMeetingCommand, ScheduleMeetingResult } from './schedule-meeting.command';

@CommandHandler(ScheduleMeetingCommand)
export class ScheduleMeetingHandler implements ICommandHandler<ScheduleMeetingCommand, ScheduleMeetingResult> {
  constructor(private readonly meetings: SemracMeetingCommandExecutor) {}

  async execute({ meeting, actor, idempotencyKey }: ScheduleMeetingCommand): Promise<ScheduleMeetingResult> {
    // With a key, a retry derives the same meeting id and finds what the first attempt wrote.
    const meetingId = idempotencyKey ? deterministicUuid('semrac-meeting', actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const coChairs: CoChair[] = meeting.coChairs.map(({ agencyId, agencyName, agencyKind, name, role }) => ({ agencyId, agencyName, agencyKind, name, role }));
    const result = await this.meetings.execute(
      meetingId,
      // One spelling of the time, so that "has the meeting started" compares instants.
      { type: 'ScheduleMeeting', data: { scheduledFor: new Date(meeting.scheduledFor).toISOString(), venue: meeting.venue, coChairs } },
      { actor, request: meeting, idempotencyKey },
    );
    return { meetingId, revision: result.revision, position: result.position!, created: result.written };
  }
}
