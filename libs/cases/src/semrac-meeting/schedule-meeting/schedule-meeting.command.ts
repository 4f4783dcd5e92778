import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/common';
import type { ScheduleMeetingDto } from '../semrac-meeting.dto';

export interface ScheduleMeetingResult {
  meetingId: string;
  /** Send as If-Match with the next change to the meeting. */
  revision: number;
  /** Pass to a read's `consistentWith` to read your own write. */
  position: string;
  /** False when this was a retry with the same Idempotency-Key and nothing new was written. */
  created: boolean;
}

export class ScheduleMeetingCommand extends Command<ScheduleMeetingResult> {
  constructor(
    readonly meeting: ScheduleMeetingDto,
    readonly actor: Actor,
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}
