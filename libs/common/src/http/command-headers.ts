import { BadRequestException } from '@nestjs/common';
import { FieldProblem } from './validation';

/** A 400 in the platform's shape: every bad field named, no submitted value echoed. */
export function badRequest(errors: FieldProblem[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'The request is not valid: see errors', errors });
}

/** If-Match (the stream revision last read) and Idempotency-Key, checked; 400 naming the header when malformed. */
export function commandHeaders(ifMatch?: string, idempotencyKey?: string): { ifMatch?: number; idempotencyKey?: string } {
  const errors: FieldProblem[] = [];
  if (ifMatch !== undefined && !/^"?\d{1,15}"?$/.test(ifMatch)) errors.push({ field: 'header If-Match', problems: ['must be the revision, a whole number'] });
  if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{8,100}$/.test(idempotencyKey)) {
    errors.push({ field: 'header Idempotency-Key', problems: ['must be 8-100 letters, digits or _.:-'] });
  }
  if (errors.length > 0) throw badRequest(errors);
  return { ifMatch: ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, '')), idempotencyKey };
}

/** A read's `consistentWith` (a position returned by a command), checked. */
export function consistentWithPosition(consistentWith?: string): string | undefined {
  if (consistentWith !== undefined && !/^\d{20}:\d{20}$/.test(consistentWith)) {
    throw badRequest([{ field: 'query consistentWith', problems: ['must be a position returned by a command'] }]);
  }
  return consistentWith;
}
