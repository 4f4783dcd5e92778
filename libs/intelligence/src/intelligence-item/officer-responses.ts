import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiCommandHeaders } from '@app/common';

/** What every intelligence officer's command documents: the role it needs and its headers. */
export function OfficerCommand(refusals?: string) {
  return applyDecorators(
    ApiTags('intelligence'),
    ApiCommandHeaders({ ifMatch: true, record: 'item' }),
    ApiBadRequestResponse({ description: 'A field or header is missing or invalid: `errors` names each one; nothing was written' }),
    ApiForbiddenResponse({ description: 'Only an intelligence officer may do this; nothing was written' }),
    ApiNotFoundResponse({ description: 'No such item' }),
    ApiConflictResponse({ description: 'The item changed since If-Match, or its state does not allow this; nothing was written' }),
    ...(refusals ? [ApiUnprocessableEntityResponse({ description: refusals })] : []),
  );
}
