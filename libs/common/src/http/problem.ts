import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { FieldProblem } from './validation';

/** RFC 9457 media type of every error answer. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Prefix of the `type` of a problem the platform names itself (`urn:safeguard:problem:concurrent-change`). */
export const PROBLEM_TYPE_PREFIX = 'urn:safeguard:problem:';

/**
 * The platform's error answer before it became a problem: what clients and tests have always read
 * (`statusCode`, `error`, `message`, `errors[]`) plus any extension of its own (`currentRevision`,
 * `projection`).
 */
export interface ErrorAnswer {
  error?: string;
  message?: string | string[];
  errors?: readonly FieldProblem[];
  [extension: string]: unknown;
}

/** An RFC 9457 problem with the platform's earlier fields kept as extensions, so existing clients keep working. */
export interface Problem extends ErrorAnswer {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  statusCode: number;
  error: string;
  /** Same as detail (a list of messages joined with "; "). */
  message: string;
}

// The platform's own error codes (`concurrent-change`); Nest's errors are reason phrases (`Bad Request`).
const ERROR_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The problem for an error answer: `title` is the status's reason phrase; `type` names the
 * platform's error code, or is `about:blank` when the error is only that phrase; `detail`
 * is the message; `instance` the path asked for (no query string: it may carry search terms).
 */
export function problemOf(status: number, answer: ErrorAnswer, path?: string): Problem {
  const title = STATUS_CODES[status] ?? 'Error';
  const error = answer.error ?? title;
  const message = answer.message ?? title;
  const type = ERROR_CODE.test(error) ? `${PROBLEM_TYPE_PREFIX}${error}` : 'about:blank';
  const detail = Array.isArray(message) ? message.join('; ') : message;
  return { type, title, status, detail, ...(path ? { instance: path.split('?')[0] } : {}), ...answer, statusCode: status, error, message: detail };
}

/** Answers `status` with the problem for `answer`, as application/problem+json. */
export function sendProblem(request: Request | undefined, response: Response, status: number, answer: ErrorAnswer): void {
  const body = problemOf(status, answer, request?.originalUrl ?? request?.url);
  response.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/**
 * Nest's HTTP exceptions (the validation pipe's 400, the guards' 401 and 403, 404, the throttler's
 * 429) answered as problems; their bodies keep the fields Nest gives them.
 */
@Catch(HttpException)
export class HttpProblemFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (response.headersSent) return void response.end();
    const status = exception.getStatus();
    const body = exception.getResponse();
    sendProblem(http.getRequest<Request>(), response, status, typeof body === 'object' && body !== null ? (body as ErrorAnswer) : { message: String(body) });
  }
}
