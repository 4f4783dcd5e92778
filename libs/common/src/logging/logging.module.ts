import { DynamicModule, INestApplication, INestApplicationContext, Inject, Injectable, Module } from '@nestjs/common';
import { Logger as PinoNestLogger, LoggerModule, Params, PARAMS_PROVIDER_TOKEN, PinoLogger } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';
import { createRootLogger, logDestination, LoggingSettings, requestLogging } from './logger';

/** Where log lines are written: stdout by default; a test provides a stream of its own to read them. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');
/** The process's pino logger. */
const ROOT_LOGGER = Symbol('ROOT_LOGGER');
/** The request-line middleware (requestLogging), mounted before the body parsers by `useRequestLogging`. */
const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** Nest's start-up chatter, one line per controller, route and module: debug, not info. */
const CHATTY_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader']);

/**
 * Nest's logger (`new Logger(...)` everywhere, and Nest's own lines) written through pino: pass it
 * to `app.useLogger`. Route mapping and module loading are logged at debug.
 */
@Injectable()
export class AppLogger extends PinoNestLogger {
  constructor(logger: PinoLogger, @Inject(PARAMS_PROVIDER_TOKEN) params: Params) {
    super(logger, params);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && CHATTY_CONTEXTS.has(context)) return super.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}

/**
 * Structured logs for a process (nestjs-pino): JSON lines in production, one readable line in
 * development; a line per HTTP request with its request id, route and status, never a body.
 */
@Module({})
export class LoggingModule {
  static forRoot(settings: LoggingSettings): DynamicModule {
    const loggers: DynamicModule = {
      module: LoggersModule,
      providers: [
        { provide: LOG_DESTINATION, useFactory: () => logDestination(settings) },
        { provide: ROOT_LOGGER, inject: [LOG_DESTINATION], useFactory: (destination: DestinationStream) => createRootLogger(settings, destination) },
        { provide: HTTP_LOGGER, inject: [ROOT_LOGGER], useFactory: (logger: Logger) => requestLogging(logger) },
      ],
      exports: [ROOT_LOGGER, HTTP_LOGGER],
    };
    return {
      module: LoggingModule,
      global: true,
      imports: [
        loggers,
        LoggerModule.forRootAsync({
          imports: [loggers],
          inject: [ROOT_LOGGER],
          useFactory: (logger: Logger): Params => ({
            // Request lines come from HTTP_LOGGER, mounted before the body parsers (so that a refused
            // body is logged too). `new Logger(...)` lines go to the root logger, whose mixin names the
            // request in hand (its context), so nestjs-pino binds no logger per request: no routes.
            pinoHttp: { logger },
            // No pino-http of its own either: its loggers write through ours (PinoLogger's out-of-request logger).
            useExisting: true,
            forRoutes: [],
          }),
        }),
      ],
      providers: [AppLogger],
      exports: [AppLogger],
    };
  }
}

/** Holds the loggers LoggingModule shares with nestjs-pino. */
@Module({})
class LoggersModule {}

/**
 * Hands Nest the app's pino logger (AppLogger) for its own lines and every `new Logger(...)`; lines
 * buffered since the app was created (`bufferLogs`) are written through it. An app without
 * LoggingModule (a test of one module) keeps Nest's logger.
 */
export function useAppLogger(app: INestApplicationContext): void {
  const logger = providerIfAny<AppLogger>(app, AppLogger);
  if (logger) app.useLogger(logger);
}

/** Mounts the request-line middleware (one line per request, whatever answers it); call before any other middleware that may answer. */
export function useRequestLogging(app: INestApplication): void {
  const middleware = providerIfAny<ReturnType<typeof requestLogging>>(app, HTTP_LOGGER);
  if (middleware) app.use(middleware);
}

/** The app's provider for `token`, from any module; undefined where no module provides it. */
export function providerIfAny<T>(app: INestApplicationContext, token: symbol | (new (...args: never[]) => T)): T | undefined {
  try {
    return app.get<T>(token as never, { strict: false });
  } catch {
    return undefined;
  }
}
