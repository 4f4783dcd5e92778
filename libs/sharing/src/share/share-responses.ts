import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiSecurity, ApiTags } from '@nestjs/swagger';

export const IF_MATCH_HEADER = { name: 'If-Match', required: false, description: 'The share revision you last read: a share changed since answers 409 and nothing is written' };
export const IDEMPOTENCY_KEY_HEADER = { name: 'Idempotency-Key', required: false, description: 'Retrying with the same key answers as the first time and writes nothing more' };

/** What every sharing command documents: who acts, and the 400 naming each bad field. */
export function ShareCommandDocs(options: { ifMatch?: boolean } = {}) {
  return applyDecorators(
    ApiTags('sharing'),
    ApiSecurity('bearer'),
    ApiHeader(IDEMPOTENCY_KEY_HEADER),
    ...(options.ifMatch ? [ApiHeader(IF_MATCH_HEADER)] : []),
    ApiBadRequestResponse({ description: 'A field or header is missing or invalid: `errors` names each one; nothing was written' }),
  );
}

/** The body as plain JSON: what the decider sees and what an Idempotency-Key is checked against. */
export function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
