import { DomainError } from './domain-error';

/** The roles a user holds (DOMAIN.md, "People and organisations"). */
export const ROLES = [
  'referrer',
  'practitioner',
  'semrac-chair',
  'semrac-member',
  'intelligence-officer',
  'analyst',
  'sharing-officer',
  'auditor',
  'admin',
  /** The safeguarding board (issue 14): reads the problem profile's aggregates, never a record. */
  'board',
  /** The board's business manager or sub-group chair (issue 14): reads aggregates only, and drafts, writes and issues the biannual report. */
  'board-officer',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Refuses (403) anyone without the role; `what` says what was refused, e.g. "grade
 * intelligence". Pure, so deciders check their own permissions and their tests prove them.
 */
export function requireRole(roles: readonly string[] | undefined, role: Role, what: string): void {
  if (!roles?.includes(role)) {
    throw new DomainError(`Only a user with the role ${role} may ${what}; nothing was written or shown`, 'forbidden', 403);
  }
}
