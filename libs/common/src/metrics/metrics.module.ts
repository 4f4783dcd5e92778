import { Controller, Get, Global, INestApplication, MiddlewareConsumer, Module, NestModule, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Public } from '../http/public';
import { providerIfAny } from '../logging/logging.module';
import { HttpMetricsMiddleware } from './http-metrics';
import { Metrics } from './metrics';

/**
 * GET /metrics in the Prometheus text format. Public (Prometheus scrapes it without a token), never
 * rate limited, left out of the OpenAPI document; no label carries personal data.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, text } = await this.metrics.exposition();
    response.type(contentType).send(text);
  }
}

/**
 * The app's `Metrics` (one registry per app), GET /metrics, and HTTP request metrics. Global:
 * HealthModule imports it, so every process that answers /health answers /metrics too.
 */
@Global()
@Module({ providers: [Metrics, HttpMetricsMiddleware], controllers: [MetricsController], exports: [Metrics] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}

/**
 * Mounts the HTTP request metrics before any middleware that may answer (the body parsers' 413s and
 * 400s, a body cut off): call beside useRequestLogging. An app without MetricsModule mounts nothing.
 */
export function useHttpMetrics(app: INestApplication): void {
  const middleware = providerIfAny(app, HttpMetricsMiddleware);
  if (middleware) app.use((request: Request, response: Response, next: NextFunction) => middleware.use(request, response, next));
}
