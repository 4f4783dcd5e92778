import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches, ValidateBy } from 'class-validator';

/**
 * Bounds on what a request may hold (issue 12, hostile input): anything beyond them is refused
 * with a 400 naming the field before it can reach a database or a recursive walk.
 */

/** How deep JSON bodies may nest. The deepest legitimate body (a referral) nests 4 levels. */
export const MAX_JSON_DEPTH = 32;

/** The earliest instant or date accepted: nothing the platform records happened before it. */
export const EARLIEST_DATE = '1900-01-01';

/** How far ahead a date may lie: meetings, reviews and due dates are planned months ahead, not decades. */
export const MAX_YEARS_AHEAD = 5;

/**
 * How deep the JSON text nests, scanning it once without parsing (so it is safe on any input):
 * the depth at which scanning stopped when it exceeds `max`, else the greatest depth seen.
 * Brackets inside strings do not count.
 */
export function jsonDepth(text: Uint8Array | string, max = MAX_JSON_DEPTH): number {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character, e.g. \"
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (depth > max) return depth;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/** The latest date accepted now: today plus MAX_YEARS_AHEAD years. */
function latest(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear() + MAX_YEARS_AHEAD, now.getUTCMonth(), now.getUTCDate(), 23, 59, 59, 999));
}

function withinBounds(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isFinite(time) && time >= Date.parse(`${EARLIEST_DATE}T00:00:00Z`) && time <= latest().getTime();
}

/** A date or instant between EARLIEST_DATE and MAX_YEARS_AHEAD years from now (with the format checked by another rule). */
export function IsWithinDateBounds() {
  return ValidateBy({
    name: 'isWithinDateBounds',
    validator: {
      validate: withinBounds,
      defaultMessage: (args) => `${args?.property ?? 'the date'} must lie between ${EARLIEST_DATE} and ${MAX_YEARS_AHEAD} years from now`,
    },
  });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An instant: an ISO 8601 date and time with a time zone (e.g. 2026-11-20T21:30:00Z), real, and
 * within the sane range. Without a zone the same text names different instants on different
 * servers, so it is refused rather than guessed.
 */
export function IsInstant() {
  return applyDecorators(
    Matches(INSTANT, { message: ({ property }) => `${property} must be a date and time with a time zone, e.g. 2026-11-20T21:30:00Z` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a valid ISO 8601 date and time` }),
    IsWithinDateBounds(),
  );
}

/** A calendar date, YYYY-MM-DD, real, within the sane range. */
export function IsCalendarDate() {
  return applyDecorators(
    Matches(DAY, { message: ({ property }) => `${property} must be a date, YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real calendar date` }),
    IsWithinDateBounds(),
  );
}

/** A date (YYYY-MM-DD) or a date and time with a zone (2026-11-27T19:30:00Z), within the sane range. */
export function IsDateOrInstant() {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/, {
      message: ({ property }) => `${property} must be a date (YYYY-MM-DD) or a date and time with a time zone`,
    }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real date` }),
    IsWithinDateBounds(),
  );
}
