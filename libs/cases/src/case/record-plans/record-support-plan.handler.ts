import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { CaseDiscussionRecorded, semracMeetingStreamId } from '../../semrac-meeting/semrac-meeting.events';
import { CommandStreams } from '@app/common';
import { CaseCommandResult, caseStream } from '../case.stream';
import { RecordSupportPlanCommand } from './record-support-plan.command';

@CommandHandler(RecordSupportPlanCommand)
export class RecordSupportPlanHandler implements ICommandHandler<RecordSupportPlanCommand, CaseCommandResult> {
  constructor(
    private readonly streams: CommandStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ caseId, plan, context }: RecordSupportPlanCommand): Promise<CaseCommandResult> {
    if (plan.meetingId) {
      const meeting = await this.store.readStream(semracMeetingStreamId(plan.meetingId));
      if (meeting.length === 0) throw new DomainError(`No SEMRAC meeting ${plan.meetingId}`, 'meeting-not-found', 404);
      const discussed = meeting.some((e) => e.type === 'CaseDiscussionRecorded' && (e.data as CaseDiscussionRecorded['data']).caseId === caseId);
      if (!discussed) throw new DomainError(`Meeting ${plan.meetingId} did not discuss case ${caseId}`, 'case-not-discussed-at-meeting');
    }
    return this.streams.handle(caseStream, caseId, { type: 'RecordSupportPlan', data: plan }, context);
  }
}
