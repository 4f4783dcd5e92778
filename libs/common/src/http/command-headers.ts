import { BadRequestException, ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { FieldProblem } from './validation';

/** A 400 in the platform's shape: every bad field named, no submitted value echoed. */
export function badRequest(errors: FieldProblem[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'The request is not valid: see errors', errors });
}

/** What a command route was sent: If-Match (the stream revision last read) and Idempotency-Key, checked. */
export interface CommandHeaderValues {
  ifMatch?: number;
  idempotencyKey?: string;
}

export interface CommandHeadersOptions {
  /** The route changes a record that exists: it reads If-Match. A route that creates one reads only Idempotency-Key. */
  ifMatch: boolean;
  /** The record If-Match is the revision of, for its description ("The case revision you last read ..."). */
  record?: string;
  /** Where Idempotency-Key means something else than usual (a merge is idempotent whatever the key). */
  idempotencyKey?: string;
}

const COMMAND_HEADERS = 'safeguard:command-headers';
const reflector = new Reflector();

/**
 * Declares, once, the headers a command route reads, both optional: Idempotency-Key, and If-Match
 * where `ifMatch` says so. On a controller it applies to each of its routes. `@CommandHeaders()`
 * reads exactly these, so a route never acts on a header its documentation does not list.
 */
export function ApiCommandHeaders(options: CommandHeadersOptions) {
  const record = options.record ?? 'record';
  return applyDecorators(
    SetMetadata(COMMAND_HEADERS, options),
    ...(options.ifMatch
      ? [ApiHeader({ name: 'If-Match', required: false, description: `The ${record} revision you last read: ${/^[aeiou]/i.test(record) ? 'an' : 'a'} ${record} changed since answers 409 and nothing is written` })]
      : []),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: options.idempotencyKey ?? 'Retrying with the same key answers as the first time and writes nothing more' }),
  );
}

/**
 * The command headers of the request, checked: 400 naming the header when malformed. A custom
 * parameter, so the OpenAPI document lists only what `@ApiCommandHeaders` declares (Nest's
 * `@Headers('if-match')` would add a lower-case duplicate marked required).
 */
export const CommandHeaders = createParamDecorator((_data: unknown, context: ExecutionContext): CommandHeaderValues => {
  const request = context.switchToHttp().getRequest<Request>();
  const declared = reflector.getAllAndOverride<CommandHeadersOptions | undefined>(COMMAND_HEADERS, [context.getHandler(), context.getClass()]);
  return commandHeaders(declared?.ifMatch === false ? undefined : header(request, 'if-match'), header(request, 'idempotency-key'));
});

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  // A header sent twice arrives as a list: joined, it fails the check rather than one being picked.
  return Array.isArray(value) ? value.join(', ') : value;
}

function commandHeaders(ifMatch?: string, idempotencyKey?: string): CommandHeaderValues {
  const errors: FieldProblem[] = [];
  if (ifMatch !== undefined && !/^"?\d{1,15}"?$/.test(ifMatch)) errors.push({ field: 'header If-Match', problems: ['must be the revision, a whole number'] });
  if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{8,100}$/.test(idempotencyKey)) {
    errors.push({ field: 'header Idempotency-Key', problems: ['must be 8-100 letters, digits or _.:-'] });
  }
  if (errors.length > 0) throw badRequest(errors);
  return { ifMatch: ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, '')), idempotencyKey };
}

const POSITION = /^\d{20}:\d{20}$/;

/**
 * A read's `consistentWith` query parameter (a position returned by a command), checked: 400 when it
 * is not one. It documents itself on the route's operation, optional.
 */
export const ConsistentWith = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<Request>().query.consistentWith;
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !POSITION.test(value)) throw badRequest([{ field: 'query consistentWith', problems: ['must be a position returned by a command'] }]);
    return value;
  },
  [
    (target, key) => {
      const method = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
      if (key !== undefined && method) ApiQuery({ name: 'consistentWith', type: String, required: false, description: 'A position returned by a command: wait until the answer includes it' })(target, key, method);
    },
  ],
);
