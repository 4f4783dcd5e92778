import 'reflect-metadata';
import { bootstrapHttpApp, loadConfig } from '@app/common';
import { ConsoleAppConfig } from './console.config';
import { ConsoleAppModule } from './console-app.module';

async function main(): Promise<void> {
  const config = loadConfig(ConsoleAppConfig);
  await bootstrapHttpApp(ConsoleAppModule.forRoot(config), config, {
    title: 'Safeguard console',
    description: 'The web console: GOV.UK pages for practitioners, SEMRAC, intelligence and sharing officers, auditors and the board, acting through the services’ APIs with each user’s token.',
    serves: ['GET /console'],
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
