import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

/** What every intelligence officer's command documents: the role it needs and its headers. */
export function OfficerCommand(refusals?: string) {
  return applyDecorators(
    ApiTags('intelligence'),
    ApiSecurity('user'),
    ApiSecurity('agency'),
    ApiSecurity('roles'),
    ApiHeader({ name: 'X-Roles', required: true, description: 'Must include intelligence-officer' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The item revision you last read: an item changed since answers 409 and nothing is written' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key answers as the first time and writes nothing more' }),
    ApiBadRequestResponse({ description: 'A field or header is missing or invalid: `errors` names each one; nothing was written' }),
    ApiForbiddenResponse({ description: 'Only an intelligence officer may do this; nothing was written' }),
    ApiNotFoundResponse({ description: 'No such item' }),
    ApiConflictResponse({ description: 'The item changed since If-Match, or its state does not allow this; nothing was written' }),
    ...(refusals ? [ApiUnprocessableEntityResponse({ description: refusals })] : []),
  );
}
