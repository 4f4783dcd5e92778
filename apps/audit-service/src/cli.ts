import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { loadConfig } from '@app/common';
import { openProtectedEventStore } from '@app/event-store';
import { CASES_PERSONAL_DATA } from '@app/cases';
import { INTELLIGENCE_PERSONAL_DATA } from '@app/intelligence';
import { AUDIT_USAGE, EXIT, SigningKey, isOfflineCommand, resolveSigningKey, runAuditCommand } from '@app/audit';
import { AccessRecorder, AccessTrail } from '@app/access';
import { AuditCliConfig } from './audit-cli.config';
import './audited-contexts';
import { openProjectionChecker } from './audit-projections.module';

/** `npm run audit -- <command>`: see AUDIT_USAGE (libs/audit/src/cli/audit-cli.ts) for commands and exit codes. */
async function main(argv: string[]): Promise<number> {
  const io = { out: (text: string) => console.log(text), err: (text: string) => console.error(text), progress: process.stderr.isTTY === true };
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    console.error(AUDIT_USAGE);
    return argv.length === 0 ? EXIT.USAGE : EXIT.OK;
  }
  // Offline: an audit pack is checked with its files alone, no settings or store.
  if (isOfflineCommand(argv)) return runAuditCommand(argv, { io });
  const config = loadConfig(AuditCliConfig);
  if (config.EVENT_STORE_ADAPTER === 'sqlite' && !existsSync(config.EVENT_STORE_SQLITE_PATH)) {
    // An auditor pointed at the wrong place must not get an empty store that "verifies".
    console.error(`No event store at ${config.EVENT_STORE_SQLITE_PATH}: set EVENT_STORE_SQLITE_PATH (see .env.example)`);
    return EXIT.ERROR;
  }
  // Protected like the platform's, so replays show what practitioners saw; integrity checks read beneath it.
  const store = await openProtectedEventStore(config, { personalData: [CASES_PERSONAL_DATA, INTELLIGENCE_PERSONAL_DATA] });
  let key: SigningKey | undefined;
  try {
    return await runAuditCommand(argv, {
      store,
      signingKey: () => (key ??= resolveSigningKey(config)),
      io,
      accesses: new AccessTrail(store),
      // Every read of a record is logged, as over HTTP (Data Protection Act 2018 s62).
      accessLog: new AccessRecorder(store),
      projections: () => openProjectionChecker(config),
      operator: { userId: config.AUDIT_OPERATOR, agencyId: config.AUDIT_OPERATOR_AGENCY },
    });
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`${error.name}: ${error.message}`);
    process.exit(EXIT.ERROR);
  },
);
