import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';
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
      // Unless the line or its logger (a request's own, from pino-http) names them already.
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

/**
 * The request line: method, route, path (no query string), status and duration, with the ids,
 * never headers or bodies. Health probes log at debug: an orchestrator asks every few seconds.
 */
export function httpLoggerOptions(logger: Logger): HttpLoggerOptions {
  const summary = (req: TracedRequest, res: ServerResponse, responseTime: number) => ({
    method: req.method,
    route: routeOf(req),
    path: pathOf(req.originalUrl ?? req.url),
    status: res.statusCode,
    durationMs: responseTime,
  });
  return {
    logger,
    // pino-http would otherwise put its own (headers and all) in place of the root logger's.
    serializers: { err: errorSummary, req: requestSummary },
    // The id the request-id middleware chose (see http-app.ts); a new one where it did not run (the projector's probes).
    genReqId: (req) => (req as TracedRequest).id ?? randomUUID(),
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customProps: (req) => ((req as TracedRequest).correlationId ? { correlationId: (req as TracedRequest).correlationId } : {}),
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (pathOf((req as TracedRequest).originalUrl ?? req.url).startsWith('/health')) return 'debug';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    customSuccessObject: (req, res, value) => summary(req as TracedRequest, res, (value as { responseTime: number }).responseTime),
    customSuccessMessage: (req, res, responseTime) => `${req.method} ${routeOf(req as TracedRequest) ?? pathOf((req as TracedRequest).originalUrl ?? req.url)} ${res.statusCode} ${responseTime}ms`,
    customErrorObject: (req, res, error, value) => ({ ...summary(req as TracedRequest, res, (value as { responseTime: number }).responseTime), err: errorSummary(error) }),
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req as TracedRequest) ?? pathOf((req as TracedRequest).originalUrl ?? req.url)} ${res.statusCode}`,
  };
}
