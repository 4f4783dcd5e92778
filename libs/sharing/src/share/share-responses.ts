import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { ApiCommandHeaders } from '@app/common';

/** What every sharing command documents: who acts, and the 400 naming each bad field. */
export function ShareCommandDocs(options: { ifMatch?: boolean } = {}) {
  return applyDecorators(
    ApiTags('sharing'),
    ApiCommandHeaders({ ifMatch: options.ifMatch ?? false, record: 'share' }),
    ApiBadRequestResponse({ description: 'A field or header is missing or invalid: `errors` names each one; nothing was written' }),
  );
}

/** The body as plain JSON: what the decider sees and what an Idempotency-Key is checked against. */
export function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
