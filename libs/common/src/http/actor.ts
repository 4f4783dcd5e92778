import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export interface Actor {
  userId: string;
  agencyId: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/**
 * Who is acting: every command records it in its events' metadata. Until identity lands
 * (bearer JWTs, issue 6) the caller states it in `X-User-Id` and `X-Agency-Id`, which the
 * platform must only accept behind a trusted gateway; the auth library will replace this
 * decorator's source without changing its callers.
 */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request>();
  const userId = request.header('x-user-id');
  const agencyId = request.header('x-agency-id');
  const errors = [
    ...(userId && ID.test(userId) ? [] : [{ field: 'header X-User-Id', problems: ['is required: 1-100 letters, digits or ._:@-'] }]),
    ...(agencyId && ID.test(agencyId) ? [] : [{ field: 'header X-Agency-Id', problems: ['is required: 1-100 letters, digits or ._:@-'] }]),
  ];
  if (errors.length > 0) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'The request is not valid: see errors', errors });
  }
  return { userId: userId!, agencyId: agencyId! };
});
