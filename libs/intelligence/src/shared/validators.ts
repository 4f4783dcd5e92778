import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A calendar date, YYYY-MM-DD. */
export function IsCalendarDate() {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} must be a date, YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real calendar date` }),
  );
}

/** A date (YYYY-MM-DD) or a date and time with a zone (2026-11-27T19:30:00Z). */
export function IsDateOrInstant() {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/, {
      message: ({ property }) => `${property} must be a date (YYYY-MM-DD) or a date and time with a time zone`,
    }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real date` }),
  );
}

/** The body as plain JSON: what the decider sees and what an Idempotency-Key is checked against. */
export function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
