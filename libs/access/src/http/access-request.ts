import { ExecutionContext, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { FieldProblem, badRequest } from '@app/common';
import { breakGlassReasonProblem, purposeProblem } from '../recording/access.events';

/** What the caller says about a read: why (X-Purpose) and, to open a record outside their scope, a break-glass reason. */
export interface AccessRequestInfo {
  purpose?: string;
  breakGlassReason?: string;
}

export const BREAK_GLASS_HEADER = 'X-Break-Glass-Reason';
export const PURPOSE_HEADER = 'X-Purpose';

/** Checks the access headers; 400 naming the header when one is malformed. */
export function parseAccessHeaders(headers: Record<string, string | string[] | undefined>): AccessRequestInfo {
  const errors: FieldProblem[] = [];
  const one = (name: string): string | undefined => {
    const value = headers[name.toLowerCase()];
    if (Array.isArray(value)) {
      errors.push({ field: `header ${name}`, problems: ['must be sent once'] });
      return undefined;
    }
    return value === undefined ? undefined : value.trim();
  };
  const breakGlassReason = one(BREAK_GLASS_HEADER);
  const purpose = one(PURPOSE_HEADER);
  const reasonProblem = breakGlassReason === undefined ? undefined : breakGlassReasonProblem(breakGlassReason);
  if (reasonProblem) errors.push({ field: `header ${BREAK_GLASS_HEADER}`, problems: [reasonProblem] });
  const stated = purpose === undefined ? undefined : purposeProblem(purpose);
  if (stated) errors.push({ field: `header ${PURPOSE_HEADER}`, problems: [stated] });
  if (errors.length > 0) throw badRequest(errors);
  return { ...(purpose ? { purpose } : {}), ...(breakGlassReason ? { breakGlassReason } : {}) };
}

/** The read's access headers, checked (400 naming the header when malformed). */
export const AccessRequest = createParamDecorator((_data: unknown, context: ExecutionContext): AccessRequestInfo =>
  parseAccessHeaders(context.switchToHttp().getRequest<Request>().headers),
);

/** OpenAPI for a read that goes through the access policy. */
export function ApiRecordedRead(breakGlass = true): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({ name: PURPOSE_HEADER, required: false, description: 'Why you are reading (3-200 characters); recorded with the access' }),
    ...(breakGlass
      ? [ApiHeader({ name: BREAK_GLASS_HEADER, required: false, description: 'Break-glass: why you need a record outside your scope (10-500 characters, no personal data); the access is flagged to auditors' })]
      : []),
    ApiForbiddenResponse({ description: 'Outside your need to know; the attempt is recorded. `breakGlass.possible` says whether a reason would open it' }),
    ApiBadRequestResponse({ description: 'A malformed access header: `errors` names it' }),
  );
}
