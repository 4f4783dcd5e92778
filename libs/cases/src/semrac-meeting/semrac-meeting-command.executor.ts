import { Injectable } from '@nestjs/common';
import { CommandStreams, DomainError, StreamCommandContext, deterministicUuid } from '@app/common';
import { caseStream } from '../case/case.stream';
import { SemracMeetingCommand } from './semrac-meeting.decider';
import { CaseDiscussionRecorded, SemracMeetingEvent } from './semrac-meeting.events';
import { semracMeetingStream } from './semrac-meeting.stream';

export type MeetingCommandContext = StreamCommandContext;

export interface MeetingCommandResult {
  meetingId: string;
  /** The meeting's revision after the command: the next If-Match. */
  revision: number;
  /** The latest position written (meeting or case stream), for `consistentWith`. */
  position?: string;
  /** False for an idempotent retry, or a command that changed nothing. */
  written: boolean;
  events: SemracMeetingEvent[];
}

/**
 * A command on a meeting, through the one write path, and its follow-up: a case discussion is
 * written to two streams, the meeting's, then the case's (`RecordSemracDiscussion`, a command of the
 * case stream issued with ids derived from the meeting's event).
 */
@Injectable()
export class SemracMeetingCommandExecutor {
  constructor(private readonly streams: CommandStreams) {}

  async execute(meetingId: string, command: SemracMeetingCommand, context: MeetingCommandContext): Promise<MeetingCommandResult> {
    let result;
    try {
      result = await this.streams.handle(semracMeetingStream, meetingId, command, context);
    } catch (error) {
      // A client retrying a discussion without a key after a failure between the two appends
      // gets "already discussed"; make sure the case has it before saying so.
      if (error instanceof DomainError && error.code === 'case-already-discussed' && command.type === 'RecordCaseDiscussion') {
        const meeting = await this.streams.load(semracMeetingStream, meetingId);
        await this.followUp(
          meeting.events.filter((e): e is typeof e & CaseDiscussionRecorded => e.type === 'CaseDiscussionRecorded' && e.data.caseId === command.data.caseId),
          context,
        );
      }
      throw error;
    }
    // A retry with the same key finds the stored events: the first attempt may have stopped between the two appends.
    const positions = await this.followUp(
      result.stored.filter((e): e is typeof e & CaseDiscussionRecorded => e.type === 'CaseDiscussionRecorded'),
      context,
    );
    return { meetingId, revision: result.revision, position: latest([result.position, ...positions]), written: result.written, events: result.events };
  }

  /**
   * The case's side of each discussion. The meeting and the case are two streams, so two appends and
   * no transaction spanning them: if the process stops between them, the meeting holds the
   * discussion and the case does not yet. Recovery is a retry (with the same key, or refused as
   * "already discussed" without one): both come here again, and the case event's id is derived from
   * the meeting event's id, so the store writes it once however often this runs.
   */
  private async followUp(discussions: { id: string; data: CaseDiscussionRecorded['data'] }[], context: MeetingCommandContext): Promise<(string | undefined)[]> {
    const positions: (string | undefined)[] = [];
    for (const { id, data } of discussions) {
      const result = await this.streams.handle(
        caseStream,
        data.caseId,
        {
          type: 'RecordSemracDiscussion',
          data: { meetingId: data.meetingId, agreedRiskLevel: data.agreedRiskLevel, decisions: data.decisions, actionIds: data.actions.map((a) => a.actionId), discussedAt: data.discussedAt },
        },
        { actor: context.actor, request: { discussion: id }, causationId: id, eventIds: (i) => deterministicUuid('discussed-at-semrac', id, String(i)) },
      );
      positions.push(result.position);
    }
    return positions;
  }
}

function latest(positions: (string | undefined)[]): string | undefined {
  return positions.filter((p): p is string => p !== undefined).reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
}
