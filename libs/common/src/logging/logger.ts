import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { currentRequestContext } from './request-context';

/** LOG_LEVEL values: pino's levels, and Nest's names for two of them (log = info, verbose = trace). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'log', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'text';

export interface LoggingSettings {
  LOG_LEVEL?: LogLevelSetting;
  LOG_FORMAT?: LogFormat;
}

/** Under jest: quiet (warnings and errors) unless LOG_LEVEL says otherwise, and never a worker thread. */
const underJest = (env: NodeJS.ProcessEnv) => env.JEST_WORKER_ID !== undefined;

export function logLevelOf(settings: LoggingSettings, env: NodeJS.ProcessEnv = process.env): pino.LevelWithSilent {
  const level = settings.LOG_LEVEL ?? (underJest(env) ? 'warn' : 'info');
  return level === 'log' ? 'info' : level === 'verbose' ? 'trace' : level;
}

/** JSON lines in production (NODE_ENV or APP_ENV), readable text elsewhere; LOG_FORMAT decides when set. */
export function logFormatOf(settings: LoggingSettings, env: NodeJS.ProcessEnv = process.env): LogFormat {
  return settings.LOG_FORMAT ?? (env.NODE_ENV === 'production' || env.APP_ENV === 'production' ? 'json' : 'text');
}

/**
 * Where log lines go: stdout, as JSON lines or one readable line each (pino-pretty in this thread,
 * synchronously: no worker-thread transport, so nothing is lost at exit or left running under jest).
 */
export function logDestination(settings: LoggingSettings, env: NodeJS.ProcessEnv = process.env): DestinationStream {
  if (logFormatOf(settings, env) === 'json') return pino.destination({ dest: 1, sync: true });
  return pretty({
    sync: true,
    colorize: !underJest(env) && process.stdout.isTTY === true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // The request line's message already says method, route, status and duration.
    ignore: 'pid,hostname,context,method,route,status,durationMs',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}

/**
 * Paths never written, whatever logs them: credentials in headers, and request bodies and query
 * strings, which may hold a child's personal data. Request lines carry neither in the first place.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.body',
  'req.query',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body',
  'query',
  '*.body',
  '*.query',
];

/** The process's root logger: one line per entry, the request and correlation ids of the work in hand on each. */
export function createRootLogger(settings: LoggingSettings, destination: DestinationStream, env: NodeJS.ProcessEnv = process.env): Logger {
  const json = logFormatOf(settings, env) === 'json';
  const options: LoggerOptions = {
    level: logLevelOf(settings, env),
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Errors as their class and message: a stack or an error's own fields could quote personal data.
    serializers: { err: errorSummary, error: errorSummary, req: requestSummary },
    ...(json ? { formatters: { level: (label: string) => ({ level: label }) } } : {}),
    mixin: (merge: object, _level: number, logger: Logger) => {
      const context = currentRequestContext();
      if (!context) return {};
      // Unless the line or its logger (a child that binds them) names them already.
      const bound = bindingsOf(logger);
      const named = (key: string) => key in merge || bound.includes(`"${key}"`);
      return {
        ...(context.requestId && !named('requestId') ? { requestId: context.requestId } : {}),
        ...(!named('correlationId') ? { correlationId: context.correlationId } : {}),
      };
    },
  };
  return pino(options, destination);
}

/** A logger's bindings as pino keeps them: JSON text. */
function bindingsOf(logger: Logger): string {
  const bindings = (logger as unknown as Record<symbol, unknown>)[pino.symbols.chindingsSym];
  return typeof bindings === 'string' ? bindings : '';
}

export function errorSummary(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return { type: error.constructor?.name ?? error.name, message: error.message };
}

function requestSummary(req: { id?: unknown; method?: string; url?: string }): object {
  return { id: req.id, method: req.method, url: pathOf(req.url) };
}

const pathOf = (url: string | undefined) => (url ?? '').split('?')[0];

type TracedRequest = IncomingMessage & { id?: string; correlationId?: string; originalUrl?: string; route?: { path?: unknown }; baseUrl?: string };

/** The route as declared (`/cases/:caseId`), not the path with its ids; undefined when none matched. */
function routeOf(req: TracedRequest): string | undefined {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
}

type LineLevel = 'error' | 'warn' | 'info' | 'debug';

/** Errors and 5xx at error, health probes at debug (an orchestrator asks every few seconds), other 4xx at warn. */
export function requestLineLevel(path: string, status: number, error?: unknown): LineLevel {
  if (error || status >= 500) return 'error';
  if (path.startsWith('/health')) return 'debug';
  return status >= 400 ? 'warn' : 'info';
}

/**
 * The request line, one per request whatever answers it (a refusal by the body parser too): its
 * request and correlation ids, method, route as declared, path (no query string), status and
 * duration; never headers or bodies. Written through the root logger once the answer is sent, at
 * requestLineLevel's level. A connection that closes before its answer is sent is written at warn
 * as `aborted`, with the status only where its headers had gone (the status code a handler had not
 * yet set would read as a 200 that nobody received).
 *
 * Not pino-http: for this one line it made four child loggers per request (each copying the level
 * methods and serialising its bindings): a fifth to a quarter of the CPU of a plain authenticated GET.
 * Lines a request's own work logs carry its ids through the request context (createRootLogger's
 * mixin), so no logger per request is needed.
 */
export function requestLogging(logger: Logger) {
  return function requestLine(req: TracedRequest, res: ServerResponse, next: () => void): void {
    const startedAt = Date.now();
    // The id the request-id middleware chose (see http-app.ts); a new one where it did not run.
    req.id ??= randomUUID();
    let written = false;
    let finished = false;
    const complete = (error?: unknown) => {
      if (written) return;
      written = true;
      const path = pathOf(req.originalUrl ?? req.url);
      const aborted = !finished && !error;
      const status = aborted && !res.headersSent ? undefined : res.statusCode;
      const level = aborted ? (path.startsWith('/health') ? 'debug' : 'warn') : requestLineLevel(path, res.statusCode, error);
      if (!logger.isLevelEnabled(level)) return;
      const durationMs = Date.now() - startedAt;
      const route = routeOf(req);
      const line: Record<string, unknown> = { requestId: req.id, ...(req.correlationId ? { correlationId: req.correlationId } : {}), method: req.method, route, path, status, durationMs };
      if (aborted) {
        line.aborted = true;
        logger[level](line, `${req.method} ${route ?? path} aborted after ${durationMs}ms`);
      } else if (level === 'error') {
        line.err = errorSummary(error ?? new Error(`failed with status code ${status}`));
        logger.error(line, `${req.method} ${route ?? path} ${status}`);
      } else {
        logger[level](line, `${req.method} ${route ?? path} ${status} ${durationMs}ms`);
      }
    };
    // 'finish' once the answer is handed to the connection; 'close' after it, or alone when the
    // connection went first.
    res.once('finish', () => (finished = true));
    res.once('close', () => complete());
    res.once('error', complete);
    next();
  };
}
