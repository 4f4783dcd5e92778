import 'reflect-metadata';
import { bootstrapHttpApp, loadConfig } from '@app/common';
import { CasesServiceConfig } from './cases-service.config';
import { CasesServiceModule } from './cases-service.module';

async function main(): Promise<void> {
  const config = loadConfig(CasesServiceConfig);
  await bootstrapHttpApp(CasesServiceModule.forRoot(config), config, {
    title: 'Safeguard cases service',
    description: 'Referrals and case views of one board.',
    serves: ['POST /referrals', 'GET /cases', 'GET /cases/{caseId}', 'POST /cases/{caseId}/missing-episodes', 'POST /semrac/meetings', 'GET /semrac/actions'],
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
