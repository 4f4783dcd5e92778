import 'reflect-metadata';
import { bootstrapHttpApp, loadConfig } from '@app/common';
import { IntelligenceServiceConfig } from './intelligence-service.config';
import { IntelligenceServiceModule } from './intelligence-service.module';

async function main(): Promise<void> {
  const config = loadConfig(IntelligenceServiceConfig);
  await bootstrapHttpApp(IntelligenceServiceModule.forRoot(config), config, {
    title: 'Safeguard intelligence service',
    description: 'Persons of interest and partner information graded, sanitised and disseminated as intelligence, for one board.',
    serves: ['POST /persons-of-interest', 'GET /persons-of-interest/{poiId}', 'POST /intelligence', 'GET /intelligence', 'GET /police-feed'],
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
