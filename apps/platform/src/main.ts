import 'reflect-metadata';
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
  });
}

main().catch((error: Error) => {
  // Configuration and start-up errors are ours to word; they carry no personal data.
  console.error(error.message);
  process.exit(1);
});
