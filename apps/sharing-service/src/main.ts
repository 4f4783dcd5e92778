import 'reflect-metadata';
import { bootstrapHttpApp, loadConfig } from '@app/common';
import { SharingServiceConfig } from './sharing-service.config';
import { SharingServiceModule } from './sharing-service.module';

async function main(): Promise<void> {
  const config = loadConfig(SharingServiceConfig);
  await bootstrapHttpApp(SharingServiceModule.forRoot(config), config, {
    title: 'Safeguard sharing service',
    description: 'Cross-border shares between boards and police forces: requests, approvals, the inbox, revocation and the sharing register.',
    serves: ['POST /shares', 'GET /shares', 'GET /inbound-shares', 'GET /sharing/register'],
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
