import { Query } from '@nestjs/cqrs';
import type { SemracActionStatus } from '../semrac-meeting/semrac-meeting.events';

export interface TrackedAction {
  actionId: string;
  meetingId: string;
  caseId: string;
  description: string;
  ownerAgencyId: string;
  ownerAgencyName: string;
  ownerPerson: string;
  dueDate: string;
  status: SemracActionStatus;
  statusNote?: string;
  agreedAt: string;
  updatedAt: string;
  /** Neither done nor cancelled, and due before today (worked out when asked). */
  overdue: boolean;
}

export interface ActionTrackerAnswer {
  /** The day "overdue" was judged against, YYYY-MM-DD. */
  asOf: string;
  total: number;
  limit: number;
  offset: number;
  /** For every agency owning an action that matches the filters: how many are still open (open or in progress), and how many of those are overdue. */
  byAgency: { agencyId: string; agencyName: string; open: number; overdue: number }[];
  actions: TrackedAction[];
}

export class ListActionsQuery extends Query<ActionTrackerAnswer> {
  constructor(
    readonly filters: { agencyId?: string; status?: SemracActionStatus; overdue?: boolean; caseId?: string },
    readonly limit: number,
    readonly offset: number,
    readonly consistentWith?: string,
  ) {
    super();
  }
}
