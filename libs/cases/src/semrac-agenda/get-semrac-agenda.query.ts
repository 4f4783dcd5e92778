import { Query } from '@nestjs/cqrs';
import type { SemracAgenda } from './semrac-agenda';

export class GetSemracAgendaQuery extends Query<SemracAgenda> {
  constructor(
    readonly meetingId: string,
    readonly consistentWith?: string,
  ) {
    super();
  }
}
