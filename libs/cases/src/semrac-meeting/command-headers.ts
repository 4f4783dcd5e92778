import { BadRequestException } from '@nestjs/common';

const badHeader = (field: string, problem: string) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'The request is not valid: see errors', errors: [{ field, problems: [problem] }] });

/** If-Match (a stream revision) and Idempotency-Key, checked as the case endpoints check them. */
export function commandHeaders(ifMatch?: string, idempotencyKey?: string): { ifMatch?: number; idempotencyKey?: string } {
  if (ifMatch !== undefined && !/^"?\d{1,15}"?$/.test(ifMatch)) throw badHeader('header If-Match', 'must be the revision, a whole number');
  if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{8,100}$/.test(idempotencyKey)) {
    throw badHeader('header Idempotency-Key', 'must be 8-100 letters, digits or _.:-');
  }
  return { ifMatch: ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, '')), idempotencyKey };
}

/** A read's `consistentWith` position, checked. */
export function checkPosition(consistentWith?: string): void {
  if (consistentWith !== undefined && !/^\d{20}:\d{20}$/.test(consistentWith)) {
    throw badHeader('query consistentWith', 'must be a position returned by a command');
  }
}
