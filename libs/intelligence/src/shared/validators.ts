
/** Calendar dates and instants, checked for format and bounds (shared by every DTO). */
export { IsCalendarDate, IsDateOrInstant } from '@app/common';

/** The body as plain JSON: what the decider sees and what an Idempotency-Key is checked against. */
export function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
