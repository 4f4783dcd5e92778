import { ArgumentsHost, Catch, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { sendProblem } from './problem';

/**
 * Seconds a client is asked to wait when the database cannot be reached. The pools open new
 * connections on the next request once it is back, so a short wait is enough.
 */
export const DATABASE_RETRY_AFTER_S = 5;

// Socket failures on the way to the database server (refused, reset, unreachable, name lookup).
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03 (administrator or crash
// shutdown, server starting up) and 53300 (too many connections).
const POSTGRES_CODES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// The pg client's own errors for a connection that died or never came (they carry no code).
const CLIENT_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

/**
 * Whether an error means the database could not be reached (rather than a fault in the request or
 * the code), and if so a short label for the log: the code, never the message (TypeORM's errors
 * carry the query and its parameters). Looks through TypeORM's `driverError`, `cause` and the
 * `errors` of an AggregateError (Node's connect tries each address of a host).
 */
export function databaseUnavailable(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== 'object' || depth > 4) return undefined;
  const { code, message, severity } = error as { code?: unknown; message?: unknown; severity?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || POSTGRES_CODES.test(code)) return code;
    // A PostgreSQL FATAL ends the session by definition: refused at connect (the database not
    // accepting connections, too many clients) or ended by the server.
    if (severity === 'FATAL' || severity === 'PANIC') return code;
    // SQLite: another connection holds the write lock for longer than the busy timeout.
    if (code.startsWith('SQLITE_BUSY')) return code;
  }
  if (typeof message === 'string' && CLIENT_MESSAGES.test(message)) return 'connection lost';
  const { driverError, cause, errors } = error as { driverError?: unknown; cause?: unknown; errors?: unknown };
  const inner = [driverError, cause, ...(Array.isArray(errors) ? errors : [])];
  for (const candidate of inner) {
    const found = databaseUnavailable(candidate, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * 503 with Retry-After while the database cannot be reached (issue 12): the client should try again
 * shortly, not report a fault. Any other error is a fault: logged by Nest's default handling and
 * answered 500 as a problem (RFC 9457); the more specific filters registered after this one are tried first.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Database');
  // The context Nest logs its 500s under.
  private readonly unknownErrors = new Logger('ExceptionsHandler');

  override catch(error: unknown, host: ArgumentsHost): void {
    const cause = host.getType() === 'http' ? databaseUnavailable(error) : undefined;
    const response = cause === undefined ? undefined : host.switchToHttp().getResponse<Response>();
    if (cause === undefined || !response || response.headersSent) return super.catch(error, host);
    this.logger.warn(`The database could not be reached (${cause}); answered 503 with Retry-After`);
    response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S));
    sendProblem(host.switchToHttp().getRequest<Request>(), response, HttpStatus.SERVICE_UNAVAILABLE, {
      error: 'service-unavailable',
      message: `The service is briefly unavailable; try again in ${DATABASE_RETRY_AFTER_S} seconds`,
    });
  }

  /** Nest's 500 (logged as Nest does), its body as a problem; the message says nothing of the fault. */
  override handleUnknownError(error: unknown, host: ArgumentsHost, applicationRef: Parameters<BaseExceptionFilter['handleUnknownError']>[2]): void {
    const response = host.getType() === 'http' ? host.switchToHttp().getResponse<Response>() : undefined;
    if (!response || response.headersSent) return super.handleUnknownError(error, host, applicationRef);
    sendProblem(host.switchToHttp().getRequest<Request>(), response, HttpStatus.INTERNAL_SERVER_ERROR, { message: 'Internal server error' });
    this.unknownErrors.error(error);
  }
}
