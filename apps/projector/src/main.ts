import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describeStartupError, loadConfig, useAppLogger } from '@app/common';
import { ProjectorConfig } from './projector.config';
import { ProjectorModule } from './projector.module';

/** Runs every projection live, as its own process (the distributed deployment). */
async function main(): Promise<void> {
  const config = loadConfig(ProjectorConfig);
  // An HTTP app only for its health routes: an orchestrator restarts a projector that stops answering
  // /health/live and sees from /health/ready when a projection fails or a dependency is down.
  // A dependency that cannot be reached at start-up is named with the setting to fix.
  const app = await NestFactory.create(ProjectorModule.forRoot(config, true), { bufferLogs: true, abortOnError: false }).catch((error: unknown) => {
    throw new Error(describeStartupError(error, config));
  });
  // Nest's lines and every `new Logger(...)` through pino (LoggingModule), at LOG_LEVEL.
  useAppLogger(app);
  app.enableShutdownHooks();
  await app.listen(config.PROJECTOR_HTTP_PORT, config.PROJECTOR_HTTP_HOST);
  const logger = new Logger('Projector');
  logger.log(`Following the ${config.EVENT_STORE_ADAPTER} event store into ${config.READ_MODEL_DB} read models`);
  logger.log(`Health on http://${config.PROJECTOR_HTTP_HOST}:${config.PROJECTOR_HTTP_PORT}/health/live and /health/ready; Prometheus metrics on /metrics`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
