import { Actor, Role } from '@app/common';
import { AccessGate, AccessRequestInfo } from '@app/access';

/** Who reads the board's aggregates (issue 14): the profile, its exports, the reports, the regional picture. */
export const AGGREGATE_READERS: readonly Role[] = ['board', 'board-officer', 'analyst'];

/**
 * Lets an aggregate reader through; anyone else gets a 403 once the refusal is recorded on the
 * list's access stream, as a refused record is (every read, list and refusal is recorded).
 */
export async function requireAggregateReader(
  access: AccessGate,
  actor: Actor,
  request: AccessRequestInfo,
  list: string,
  filters: Record<string, unknown>,
  what: string,
): Promise<void> {
  if (AGGREGATE_READERS.some((role) => actor.roles?.includes(role))) return;
  // The query as asked, before it is checked: text only, cut short (a hostile query is refused, not recorded whole).
  const asked = Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string').map(([k, v]) => [k, v.slice(0, 100)]));
  await access.refuseList(actor, request, list, asked, `Only a user with the role ${AGGREGATE_READERS.join(', ')} may ${what}`, what);
}
