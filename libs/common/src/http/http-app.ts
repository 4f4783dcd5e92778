import { randomUUID } from 'node:crypto';
import { DynamicModule, INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { describeStartupError } from '../config/startup-error';
import { HttpConfig } from '../config/service.config';
import { useAppLogger, useRequestLogging } from '../logging/logging.module';
import { useHttpMetrics } from '../metrics/metrics.module';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER, acceptedTraceId, runInRequestContext } from '../logging/request-context';
import { MAX_JSON_DEPTH, jsonDepth } from './bounds';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';
import { DomainErrorFilter } from './domain-error.filter';
import { documentProblems } from './openapi';
import { HttpProblemFilter, sendProblem } from './problem';
import { strictValidationPipe } from './validation';
import { assertEveryWriteRouteHasARule } from './write-rule';

export interface HttpAppDescription {
  title: string;
  description: string;
  /** What this process serves, as a few `METHOD /path` examples for its start-up banner. */
  serves?: readonly string[];
  /** More lines for the banner (the embedded default lists its demo users). */
  notes?: readonly string[];
}

/** The HTTP hardening settings (HttpConfig); the defaults apply when not given. */
export type HttpHardening = Partial<Pick<HttpConfig, 'HTTP_BODY_LIMIT' | 'CORS_ORIGINS'>>;

/** Routes open without a token (see `@Public()`); the OpenAPI document shows no lock on them. */
const PUBLIC_PATHS = /^\/(health|auth\/dev\/)/;

/**
 * Security headers, body limits, CORS, pipes, filters and OpenAPI docs every HTTP app shares.
 * Used by main.ts files and e2e tests alike, so the tests see the same hardening. Call before `init()`.
 */
export function configureHttpApp(app: INestApplication, about: HttpAppDescription, http: HttpHardening = {}): INestApplication {
  const express = app as NestExpressApplication;
  const limit = http.HTTP_BODY_LIMIT ?? '256kb';
  // Nest's logger and every `new Logger(...)` write through pino, where the app has LoggingModule.
  useAppLogger(app);
  // First, so that every answer (a 413 from the body parser too) carries the request id and is logged.
  express.use(traceIds);
  useRequestLogging(app);
  useHttpMetrics(app);
  // Swagger UI serves its own scripts and styles from 'self'. No upgrade-insecure-requests: the
  // embedded default is plain http on localhost, and TLS is the proxy's in front of a deployment.
  express.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  express.disable('x-powered-by');
  // Answers about children are never kept by a browser or a proxy: no-store on every answer (the
  // console's static assets set their own Cache-Control). So no Express ETag either (a hash of every
  // body, for conditional GETs of what nothing may keep; files still answer If-Modified-Since by
  // Last-Modified); a record's version travels as If-Match, not as an ETag.
  express.use(noStore);
  express.set('etag', false);
  // The depth is checked on the raw text before JSON.parse: a body nested thousands of levels
  // deep would otherwise overflow the stack of every recursive walk after it (a 500).
  const json = { limit, verify: refuseDeepJson };
  express.useBodyParser('json', json);
  express.useBodyParser('urlencoded', { limit, extended: false });
  express.use(bodyErrors(limit));
  express.use(refuseUnsafeJson);
  // After the body parsers, whose stream callbacks would lose it: the ids for the write path and the logs.
  express.use(inTraceContext);
  const origins = (http.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  // Closed by default: without CORS headers a browser on another origin cannot read any answer.
  if (origins.length > 0) {
    express.enableCors({
      origin: origins,
      credentials: false,
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', REQUEST_ID_HEADER, CORRELATION_ID_HEADER],
      exposedHeaders: ['Retry-After', REQUEST_ID_HEADER, CORRELATION_ID_HEADER],
      maxAge: 600,
    });
  }
  // Fail closed at boot: every write route declares who may make it.
  assertEveryWriteRouteHasARule(app);
  app.useGlobalPipes(strictValidationPipe());
  // Nest tries the filters registered last first: domain errors keep their answers, Nest's HTTP exceptions
  // theirs, and the catch-all answers an unreachable database (503) or a fault (500). All as RFC 9457 problems.
  app.useGlobalFilters(new DatabaseUnavailableFilter(app.getHttpAdapter()), new HttpProblemFilter(), new DomainErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(about.title)
      .setDescription(about.description)
      .setVersion('1')
      .addServer('/', 'This service: the address the document was read from')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from the board’s identity provider (or, in development, POST /auth/dev/token)' }, 'bearer')
      .build(),
  );
  const documented = documentProblems(requireBearerEverywhere(document));
  // The Nest convention, /api/docs-json, and the address the document was first served at.
  SwaggerModule.setup('api/docs', app, documented, { jsonDocumentUrl: 'api/docs-json' });
  (express.getHttpAdapter().getInstance() as Express).get('/api/docs/openapi.json', (_req, res) => res.json(documented));
  return app;
}

/**
 * Every operation needs the bearer token except the public ones; header parameters that once
 * stated the actor (before identity landed) are dropped, whatever controllers still declare.
 */
function requireBearerEverywhere(document: OpenAPIObject): OpenAPIObject {
  const stale = new Set(['x-user-id', 'x-agency-id', 'x-roles']);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const) {
      const operation = item[method];
      if (!operation) continue;
      operation.security = PUBLIC_PATHS.test(path) ? [] : [{ bearer: [] }];
      operation.parameters = operation.parameters?.filter((p) => !('in' in p && p.in === 'header' && stale.has(p.name.toLowerCase())));
    }
  }
  const schemes = document.components?.securitySchemes ?? {};
  for (const name of ['user', 'agency', 'roles']) delete schemes[name];
  return document;
}

function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

type TracedRequest = Request & { id?: string; correlationId?: string };

/**
 * X-Request-Id names this request and X-Correlation-Id the work it belongs to (defaulting to the
 * request id): a client's own accepted when well formed (1-100 of A-Z a-z 0-9 . _ : -), otherwise
 * made here; both returned on every answer, logged on every line and the correlation id recorded
 * in the metadata of every event the request writes.
 */
function traceIds(req: TracedRequest, res: Response, next: NextFunction): void {
  const requestId = acceptedTraceId(req.headers['x-request-id']) ?? randomUUID();
  const correlationId = acceptedTraceId(req.headers['x-correlation-id']) ?? requestId;
  req.id = requestId;
  req.correlationId = correlationId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  res.setHeader(CORRELATION_ID_HEADER, correlationId);
  next();
}

function inTraceContext(req: TracedRequest, _res: Response, next: NextFunction): void {
  runInRequestContext({ requestId: req.id!, correlationId: req.correlationId! }, next);
}

/**
 * Body parser failures answered in the platform's shape: 413 over the limit, 400 for JSON that does
 * not parse. The parser's own messages are not passed on: they can quote the body, which may hold a
 * child's personal data, and Express would print a stack trace.
 */
function bodyErrors(limit: string) {
  return (error: { type?: string; status?: number } | undefined, req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    if (error.type === 'entity.too.large' || error.status === 413) {
      sendProblem(req, res, 413, { message: `The request body is larger than ${limit}; nothing was written` });
    } else if (error.type === TOO_DEEP) {
      sendProblem(req, res, 400, { message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels; nothing was written` });
    } else if (error.type === 'entity.parse.failed') {
      sendProblem(req, res, 400, { message: 'The request body is not valid JSON; nothing was written' });
    } else if (error.status && error.status >= 400 && error.status < 500) {
      sendProblem(req, res, error.status, { message: 'The request body could not be read; nothing was written' });
    } else {
      next(error);
    }
  };
}

const TOO_DEEP = 'entity.too.deep';

/** The json body parser's `verify` hook: refuses (as TOO_DEEP) a body nested deeper than MAX_JSON_DEPTH. */
function refuseDeepJson(_req: Request, _res: Response, body: Buffer): void {
  if (jsonDepth(body) > MAX_JSON_DEPTH) throw Object.assign(new Error('The request body nests too deep'), { type: TOO_DEEP, status: 400 });
}

/**
 * Keys the validation pipe cannot see: its whitelist looks names up in a plain object, where
 * `constructor` is inherited (so it passed as known), and its transformer drops `__proto__`
 * silently (JSON.parse keeps it as an own property). Refused like any unknown field.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What the validation pipe cannot see, refused like any other bad field, naming where: the keys
 * above (in the body or the query) and a NUL character in text (PostgreSQL cannot store it: it
 * would fail as a 500).
 */
function refuseUnsafeJson(req: Request, res: Response, next: NextFunction): void {
  const query = Object.keys(req.query ?? {}).find((key) => UNSAFE_KEYS.has(key));
  if (query !== undefined) {
    sendProblem(req, res, 400, { message: 'The request is not valid: see errors', errors: [{ field: `query ${query}`, problems: [`property ${query} should not exist`] }] });
    return;
  }
  const found = unsafeField(req.body, '');
  if (found === undefined) return next();
  sendProblem(req, res, 400, { message: 'The request is not valid: see errors', errors: [found] });
}

function unsafeField(value: unknown, path: string, depth = 0): { field: string; problems: string[] } | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? { field: path || 'body', problems: ['must not contain NUL characters'] } : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (UNSAFE_KEYS.has(key)) return { field, problems: [`property ${key} should not exist`] };
    const inner = unsafeField((value as Record<string, unknown>)[key], field, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export async function bootstrapHttpApp(module: Type<unknown> | DynamicModule, config: HttpConfig, about: HttpAppDescription): Promise<INestApplication> {
  // Buffered until configureHttpApp hands Nest pino (LoggingModule): then written at LOG_LEVEL.
  // A dependency that cannot be reached at start-up is named with the setting to fix.
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: true, abortOnError: false }).catch((error: unknown) => {
    throw new Error(describeStartupError(error, config));
  });
  configureHttpApp(app, about, config);
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const logger = new Logger(about.title);
  logger.log(`API listening on ${url}${about.serves?.length ? `: ${about.serves.join(', ')}` : ''}; health on /health/live and /health/ready, metrics on /metrics`);
  logger.log(`API docs on ${url}/api/docs (the OpenAPI document: ${url}/api/docs-json); PORT and HOST choose where it listens`);
  for (const note of about.notes ?? []) logger.log(note);
  logger.log(`Event store: ${config.EVENT_STORE_ADAPTER}; read models: ${config.READ_MODEL_DB}`);
  if (!config.CORS_ORIGINS) logger.log('CORS closed: no browser origin may call the API (set CORS_ORIGINS to allow some)');
  return app;
}
