import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/common';
import { ProjectorConfig } from './projector.config';
import { ProjectorModule } from './projector.module';

/** Runs every projection live, as its own process (the distributed deployment). */
async function main(): Promise<void> {
  const config = loadConfig(ProjectorConfig);
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config, true));
  app.enableShutdownHooks();
  new Logger('Projector').log(`Following the ${config.EVENT_STORE_ADAPTER} event store into ${config.READ_MODEL_DB} read models`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
