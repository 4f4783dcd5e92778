import { FieldProblem, MAX_PAGE_OFFSET, badRequest } from '@app/common';
import type { Page } from './sharing.queries';

/** `limit` (1-200, default 50) and `offset` (0 to MAX_PAGE_OFFSET, default 0), checked; 400 naming the parameter. */
export function page(limit?: string, offset?: string, more: FieldProblem[] = []): Page {
  const errors = [...more];
  const take = limit === undefined ? 50 : Number(limit);
  const skip = offset === undefined ? 0 : Number(offset);
  if (!Number.isInteger(take) || take < 1 || take > 200) errors.push({ field: 'query limit', problems: ['must be a whole number from 1 to 200'] });
  if (!Number.isInteger(skip) || skip < 0 || skip > MAX_PAGE_OFFSET) errors.push({ field: 'query offset', problems: [`must be a whole number from 0 to ${MAX_PAGE_OFFSET}`] });
  if (errors.length > 0) throw badRequest(errors);
  return { limit: take, offset: skip };
}
