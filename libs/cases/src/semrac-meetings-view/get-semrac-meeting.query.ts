import { Query } from '@nestjs/cqrs';
import type { SemracMeetingView } from './semrac-meeting-view';

export class GetSemracMeetingQuery extends Query<SemracMeetingView> {
  constructor(
    readonly meetingId: string,
    /** Wait until the read model reflects the log up to this position (read your own write). */
    readonly consistentWith?: string,
  ) {
    super();
  }
}
