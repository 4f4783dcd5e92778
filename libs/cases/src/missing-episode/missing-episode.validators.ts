import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant: ISO 8601 date and time with a zone (e.g. 2026-11-20T21:30:00Z). */
export function IsInstant() {
  return applyDecorators(
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a valid ISO 8601 date and time` }),
    Matches(DATE_TIME, { message: ({ property }) => `${property} must be a date and time with a time zone, e.g. 2026-11-20T21:30:00Z` }),
  );
}

/** Short free texts (push and pull factors). */
export function IsShortTexts() {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(200, { each: true }),
  );
}
