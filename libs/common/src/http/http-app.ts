import { DynamicModule, INestApplication, Logger, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HttpConfig } from '../config/service.config';
import { DomainErrorFilter } from './domain-error.filter';
import { strictValidationPipe } from './validation';

export interface HttpAppDescription {
  title: string;
  description: string;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Pipes, filters and OpenAPI docs every HTTP app shares. Used by main.ts files and e2e tests alike. */
export function configureHttpApp(app: INestApplication, about: HttpAppDescription): INestApplication {
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(about.title)
      .setDescription(about.description)
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-User-Id' }, 'user')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Agency-Id' }, 'agency')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Roles', description: 'Comma-separated roles, e.g. intelligence-officer' }, 'roles')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

export async function bootstrapHttpApp(module: Type<unknown> | DynamicModule, config: HttpConfig, about: HttpAppDescription): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: '256kb' });
  configureHttpApp(app, about);
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const logger = new Logger(about.title);
  logger.log(`API listening on ${url} (e.g. POST ${url}/referrals, GET ${url}/cases/{caseId}, GET ${url}/health)`);
  logger.log(`API docs (OpenAPI) on ${url}/api/docs`);
  logger.log(`Event store: ${config.EVENT_STORE_ADAPTER}; read models: ${config.READ_MODEL_DB}`);
  return app;
}
