import { Query } from '@nestjs/cqrs';
import type { Cursor } from '@app/common';
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
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
  /** For every agency owning an action that matches the filters: how many are still open (open or in progress), and how many of those are overdue. */
  byAgency: { agencyId: string; agencyName: string; open: number; overdue: number }[];
  actions: TrackedAction[];
}

/** Where a page of the tracker ends: due date, owner agency and action id, none of which a status change alters. */
export const ACTION_TRACKER_CURSOR = { dueDate: 'string', ownerAgencyId: 'string', actionId: 'string' } as const;
export type ActionTrackerCursor = Cursor<typeof ACTION_TRACKER_CURSOR>;

export class ListActionsQuery extends Query<ActionTrackerAnswer> {
  constructor(
    readonly filters: { agencyId?: string; status?: SemracActionStatus; overdue?: boolean; caseId?: string },
    readonly limit: number,
    /** The last action of the previous page (its `next`); unset, the first page. */
    readonly after?: ActionTrackerCursor,
    readonly consistentWith?: string,
  ) {
    super();
  }
}
