import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiCommandHeaders, Writes } from '@app/common';
import type { PersonOfInterestCommand } from './person-of-interest.decider';

/**
 * What every change to an existing POI declares: its command (and so who may make it), If-Match and
 * Idempotency-Key, and the answers it can give besides success.
 */
export function PoiChange(command: PersonOfInterestCommand['type'], answers: { notFound?: string; conflict?: string; refused?: string } = {}) {
  return applyDecorators(
    Writes('poi', command),
    ApiCommandHeaders({ ifMatch: true, record: 'POI' }),
    ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' }),
    ApiNotFoundResponse({ description: answers.notFound ?? 'No such person of interest' }),
    ApiConflictResponse({ description: answers.conflict ?? 'Changed since If-Match, or merged into another POI; nothing was written' }),
    ...(answers.refused ? [ApiUnprocessableEntityResponse({ description: answers.refused })] : []),
  );
}
