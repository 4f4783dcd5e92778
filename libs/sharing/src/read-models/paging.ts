import { CursorShape, FieldProblem, OFFSET_REFUSED, decodeCursor } from '@app/common';
import type { Page } from './sharing.queries';

/**
 * `limit` (1-200, default 50) and `after` (the `next` of the previous page, of `shape`), checked;
 * `offset` refused (the lists change while they are read). A 400 names each parameter.
 */
export function page<S extends CursorShape>(shape: S, query: { limit?: string; after?: string; offset?: unknown }, more: FieldProblem[] = []): Page<S> {
  const errors = [...more];
  const take = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(take) || take < 1 || take > 200) errors.push({ field: 'query limit', problems: ['must be a whole number from 1 to 200'] });
  if (query.offset !== undefined) errors.push(OFFSET_REFUSED);
  const after = decodeCursor(query.after, shape, errors);
  return { limit: take, ...(after ? { after } : {}) };
}
