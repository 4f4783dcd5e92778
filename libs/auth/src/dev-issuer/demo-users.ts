import { Role } from '@app/common';

export interface DemoUser {
  username: string;
  /** What the user does, for the list at GET /auth/dev/users. */
  description: string;
  agencyId: string;
  roles: Role[];
}

/**
 * The development issuer's users: every role, in the agencies of one board (police, children's
 * social care, a school, health, youth offending) and the board itself. Fictional; never personal data.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'dsl-school', description: 'Designated safeguarding lead, Example Secondary School', agencyId: 'bf-school', roles: ['referrer'] },
  { username: 'sw-csc', description: "Social worker, children's social care", agencyId: 'bf-csc', roles: ['referrer', 'practitioner', 'semrac-member'] },
  { username: 'chair-csc', description: "SEMRAC co-chair, children's social care", agencyId: 'bf-csc', roles: ['practitioner', 'semrac-chair', 'semrac-member'] },
  { username: 'chair-police', description: 'SEMRAC co-chair, police', agencyId: 'thames-valley-police', roles: ['semrac-chair', 'semrac-member'] },
  { username: 'dc-police', description: 'Detective, police intelligence unit', agencyId: 'thames-valley-police', roles: ['intelligence-officer', 'semrac-member'] },
  { username: 'analyst-police', description: 'Intelligence analyst, police', agencyId: 'thames-valley-police', roles: ['analyst'] },
  { username: 'nurse-health', description: 'Safeguarding nurse, health', agencyId: 'bf-health', roles: ['referrer', 'practitioner', 'semrac-member'] },
  { username: 'yot-worker', description: 'Youth offending team case worker', agencyId: 'bf-yot', roles: ['referrer', 'practitioner'] },
  { username: 'sharing-board', description: 'Cross-border sharing officer, the safeguarding board', agencyId: 'bf-board', roles: ['sharing-officer'] },
  { username: 'auditor-board', description: 'Auditor, the safeguarding board', agencyId: 'bf-board', roles: ['auditor'] },
  { username: 'admin-board', description: 'Administrator, the safeguarding board', agencyId: 'bf-board', roles: ['admin'] },
  { username: 'board-member', description: 'Member of the safeguarding board: reads the problem profile', agencyId: 'bf-board', roles: ['board'] },
  { username: 'board-officer', description: "The board's business manager: drafts, writes and issues the biannual report", agencyId: 'bf-board', roles: ['board-officer'] },
];
