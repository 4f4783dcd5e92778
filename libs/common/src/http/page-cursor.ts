import { BadRequestException, ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { FieldProblem } from './validation';

/**
 * Keyset paging (issue 12 item 9). Every list orders by a key that never changes once its row
 * exists, its id breaking ties; a page answers `next`, the last row's key, and the following page
 * asks for the rows `after` it. Rows that change or arrive while a list is read then cannot repeat
 * or skip rows, which `offset` did. The cursor is opaque to clients: base64url of a small JSON
 * object of sort-key values (ids and timestamps only, never personal data).
 */

/** The longest `after` accepted: a cursor holds a timestamp or two and an id. */
export const MAX_CURSOR_LENGTH = 500;

/** What `offset` is refused with: lists change while they are read, so only `after` pages them. */
export const OFFSET_REFUSED: FieldProblem = {
  field: 'query offset',
  problems: ['is not accepted: rows change while a list is read, so offset would repeat or skip them; page with after (the `next` of the previous page)'],
};

/**
 * The `offset` a request sent, if any, for the handler to refuse with OFFSET_REFUSED. Unlike
 * `@Query('offset')` it does not put `offset` in the OpenAPI document as a parameter to send.
 */
export const SentOffset = createParamDecorator((_data: unknown, context: ExecutionContext): unknown => context.switchToHttp().getRequest<Request>().query?.offset);

/** The fields of one list's cursor and their types. */
export type CursorShape = Record<string, 'string' | 'number'>;
export type Cursor<S extends CursorShape> = { [K in keyof S]: S[K] extends 'number' ? number : string };

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Longest text value in a cursor: ISO timestamps, dates and ids fit well within it. */
const MAX_VALUE_LENGTH = 100;

/** The cursor for the row after which the next page starts. */
export function encodeCursor(values: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The cursor's values, checked against `shape`; undefined, none; a problem naming `query after` if it is not one this list gave. */
export function parseCursor<S extends CursorShape>(text: unknown, shape: S): { cursor?: Cursor<S>; problem?: FieldProblem } {
  if (text === undefined) return {};
  const problem = { field: 'query after', problems: ['must be the `next` of an earlier page of this list'] };
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) return { problem };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return { problem };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { problem };
  const keys = Object.keys(parsed);
  const wanted = Object.keys(shape);
  if (keys.length !== wanted.length || !wanted.every((key) => Object.prototype.hasOwnProperty.call(parsed, key))) return { problem };
  // A fresh object of the wanted keys only: nothing from the client's JSON (e.g. `__proto__`) is carried over.
  const cursor: Record<string, string | number> = Object.create(null);
  for (const key of wanted) {
    const value = (parsed as Record<string, unknown>)[key];
    if (shape[key] === 'number' ? !Number.isSafeInteger(value) : typeof value !== 'string' || value.length > MAX_VALUE_LENGTH || value.includes('\u0000')) return { problem };
    cursor[key] = value as string | number;
  }
  return { cursor: { ...cursor } as Cursor<S> };
}

/** As parseCursor, throwing the 400 (with any `more` problems) rather than answering it. */
export function decodeCursor<S extends CursorShape>(text: unknown, shape: S, more: FieldProblem[] = []): Cursor<S> | undefined {
  const { cursor, problem } = parseCursor(text, shape);
  const errors = [...more, ...(problem ? [problem] : [])];
  if (errors.length > 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'The request is not valid: see errors', errors });
  return cursor;
}

/**
 * A page of `limit` rows read with one extra: that row only says whether there is a next page.
 * Answers the rows to show and `next`, the cursor of the last row shown (null on the last page).
 */
export function keysetPage<T>(rows: T[], limit: number, keyOf: (row: T) => Record<string, string | number>): { rows: T[]; next: string | null } {
  const shown = rows.slice(0, limit);
  return { rows: shown, next: rows.length > limit && shown.length > 0 ? encodeCursor(keyOf(shown[shown.length - 1])) : null };
}
