import 'reflect-metadata';
import { StorageConfig, loadConfig } from '@app/common';
import { migrationTargets, openMigratedDataSource } from '@app/event-store';

/**
 * `npm run migrate`: applies the pending migrations of every database the settings name (the
 * environment and .env, as the apps read them), each under a PostgreSQL advisory lock, so several
 * processes may run it at once. Run it before starting the services in production, where they
 * only check that nothing is pending. Exit 0 done, 1 failed (the message names the setting).
 */
async function main(): Promise<number> {
  const config = loadConfig(StorageConfig);
  for (const target of migrationTargets(config)) {
    const schema = (target.options as { schema?: string }).schema;
    const where = `${target.set.label} (${target.setting}${schema ? `, schema ${schema}` : ''})`;
    let applied: string[] = [];
    const dataSource = await openMigratedDataSource(target.options, target.set, 'migrate', target.setting, (names) => (applied = names));
    await dataSource.destroy();
    console.log(applied.length === 0 ? `${where}: up to date` : `${where}: applied ${applied.join(', ')}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    // Configuration and connection errors are ours to word; they carry no personal data.
    console.error(error.message);
    process.exit(1);
  },
);
