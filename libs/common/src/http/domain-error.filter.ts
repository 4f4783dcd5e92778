import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { EventIdConflictError, InvalidAppendError, ProjectionFailingError, SubjectErasedError, WrongExpectedRevisionError } from '@app/event-store';
import type { Request, Response } from 'express';
import { DomainError } from '../domain/domain-error';
import { sendProblem } from './problem';

/**
 * Turns store and domain errors into clear 4xx answers. The messages are written for this
 * purpose and carry identifiers at most, never personal data. Answered as problems (RFC 9457).
 */
@Catch(DomainError, WrongExpectedRevisionError, EventIdConflictError, InvalidAppendError, SubjectErasedError, ProjectionFailingError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (error instanceof DomainError) {
      sendProblem(request, response, error.status, { error: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}) });
    } else if (error instanceof WrongExpectedRevisionError) {
      sendProblem(request, response, HttpStatus.CONFLICT, {
        error: 'concurrent-change',
        message: 'The record was changed by someone else since you read it; nothing was written. Reload and try again.',
        currentRevision: error.actual,
      });
    } else if (error instanceof EventIdConflictError) {
      sendProblem(request, response, HttpStatus.CONFLICT, {
        error: 'idempotency-key-reused',
        message: 'This Idempotency-Key was already used for a different request; nothing was written.',
      });
    } else if (error instanceof ProjectionFailingError) {
      response.setHeader('Retry-After', '5');
      sendProblem(request, response, HttpStatus.SERVICE_UNAVAILABLE, { error: 'read-model-failing', message: `${error.message}; try again shortly`, projection: error.projection, ...(error.event ? { event: error.event } : {}) });
    } else if (error instanceof SubjectErasedError) {
      sendProblem(request, response, HttpStatus.GONE, {
        error: 'subject-erased',
        message: 'The personal data of this record has been erased: nothing more can be recorded about it.',
      });
    } else {
      sendProblem(request, response, HttpStatus.UNPROCESSABLE_ENTITY, { error: 'invalid-event', message: error.message });
    }
  }
}
