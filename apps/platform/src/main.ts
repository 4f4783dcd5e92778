import 'reflect-metadata';
import { DEMO_USERS, devIssuerEnabled } from '@app/auth';
import { bootstrapHttpApp, loadConfig } from '@app/common';
import { PlatformConfig } from './platform.config';
import { PlatformModule } from './platform.module';

async function main(): Promise<void> {
  const config = loadConfig(PlatformConfig);
  await bootstrapHttpApp(PlatformModule.forRoot(config), config, {
    title: 'Safeguard platform',
    description:
      'Event-sourced intelligence sharing for the agencies that protect children from sexual exploitation and from going missing. ' +
      'Every change is an immutable, hash-chained event recording who, which agency and when.',
    // The development issuer's users, to try the API with (never in production: the issuer cannot run there).
    notes: devIssuerEnabled(config)
      ? [
          'Demo users (fictional): take a token with POST /auth/dev/token {"username": "<name>"}, send it as Authorization: Bearer <token>',
          ...DEMO_USERS.map((u) => `  ${u.username.padEnd(15)} ${u.roles.join(', ')} at ${u.agencyId}: ${u.description}`),
        ]
      : [],
    serves: ['POST /referrals', 'GET /cases', 'GET /cases/{caseId}', 'POST /persons-of-interest', 'POST /intelligence', 'GET /police-feed', 'POST /shares', 'GET /audit/records/{kind}/{id}'],
  });
}

main().catch((error: Error) => {
  // Configuration and start-up errors are ours to word; they carry no personal data.
  console.error(error.message);
  process.exit(1);
});
