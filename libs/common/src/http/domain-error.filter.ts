import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { EventIdConflictError, InvalidAppendError, ProjectionFailingError, SubjectErasedError, WrongExpectedRevisionError } from '@app/event-store';
import type { Response } from 'express';
import { DomainError } from '../domain/domain-error';

/**
 * Turns store and domain errors into clear 4xx answers. The messages are written for this
 * purpose and carry identifiers at most, never personal data.
 */
@Catch(DomainError, WrongExpectedRevisionError, EventIdConflictError, InvalidAppendError, SubjectErasedError, ProjectionFailingError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      response.status(error.status).json({ statusCode: error.status, error: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}) });
    } else if (error instanceof WrongExpectedRevisionError) {
      response.status(HttpStatus.CONFLICT).json({
        statusCode: 409,
        error: 'concurrent-change',
        message: 'The record was changed by someone else since you read it; nothing was written. Reload and try again.',
        currentRevision: error.actual,
      });
    } else if (error instanceof EventIdConflictError) {
      response.status(HttpStatus.CONFLICT).json({
        statusCode: 409,
        error: 'idempotency-key-reused',
        message: 'This Idempotency-Key was already used for a different request; nothing was written.',
      });
    } else if (error instanceof ProjectionFailingError) {
      response.setHeader('Retry-After', '5');
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({ statusCode: 503, error: 'read-model-failing', message: `${error.message}; try again shortly`, projection: error.projection, ...(error.event ? { event: error.event } : {}) });
    } else if (error instanceof SubjectErasedError) {
      response.status(HttpStatus.GONE).json({
        statusCode: 410,
        error: 'subject-erased',
        message: 'The personal data of this record has been erased: nothing more can be recorded about it.',
      });
    } else {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).json({ statusCode: 422, error: 'invalid-event', message: error.message });
    }
  }
}
