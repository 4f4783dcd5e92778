import 'reflect-metadata';
import { bootstrapHttpApp, loadConfig } from '@app/common';
import { AuditServiceConfig } from './audit-service.config';
import { AuditServiceModule } from './audit-service.module';

async function main(): Promise<void> {
  const config = loadConfig(AuditServiceConfig);
  await bootstrapHttpApp(AuditServiceModule.forRoot(config), config, {
    title: 'Safeguard audit service',
    description: 'Replay any record as of any moment, its trail, hash-chain verification, signed checkpoints and projection checks.',
    serves: ['GET /audit/records/{kind}/{id}', 'GET /audit/verify', 'POST /audit/checkpoints', 'POST /audit/projections/{name}/check'],
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
