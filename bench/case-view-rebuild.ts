import { randomUUID } from 'node:crypto';
import { CaseViewEntity, CaseViewProjection, caseStreamId } from '@app/cases';
import { aReferral } from '../libs/cases/src/case/case.builders';
import { ProjectionCheckpointEntity, ProjectionRunner, READ_MODEL_MIGRATIONS, REBUILD_BATCH_SIZE, runMigrations } from '@app/event-store';
import { scratchPostgres } from '@app/event-store-testing';
import type { DataSource } from 'typeorm';
import type { ProjectionRebuildBench } from './store.bench';

/** Referrals written for the rebuild, over this many cases (about 10 referrals a case). */
const REFERRALS = Number(process.env.BENCH_REBUILD_REFERRALS ?? 50_000);
const CASES = Math.max(1, Math.round(REFERRALS / 10));
/** Events of the log covered per read (and per read-model transaction). */
const BATCH = Number(process.env.BENCH_REBUILD_BATCH ?? REBUILD_BATCH_SIZE);
const actor = { userId: 'bench', agencyId: 'bench-agency' };

/** The read-model database of the round under way. */
let round: { dataSource?: DataSource; drop(): Promise<void> } | undefined;

/**
 * The case view rebuilt from the first event into a PostgreSQL read model, the way
 * `npm run projections -- rebuild case-view` does it. The rate counts the referrals the
 * projection applied; the time also covers reading (and passing over) the filler events.
 */
export const caseViewRebuild: ProjectionRebuildBench = {
  name: `case view (${REFERRALS.toLocaleString('en-GB')} referrals over ${CASES.toLocaleString('en-GB')} cases)`,

  async prepare({ store }) {
    const caseIds = Array.from({ length: CASES }, () => randomUUID());
    const perCase = Math.ceil(REFERRALS / CASES);
    let written = 0;
    // Several writers, each case's referrals appended in one call.
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let c = w; c < CASES; c += 8) {
          const caseId = caseIds[c];
          const count = Math.min(perCase, REFERRALS - c * perCase);
          if (count <= 0) continue;
          await store.append(
            caseStreamId(caseId),
            Array.from({ length: count }, (_, i) => ({
              type: 'ReferralReceived',
              data: aReferral({ referralId: randomUUID(), caseId, opensCase: i === 0 }),
              metadata: { actor },
            })),
            { expectedRevision: 'no-stream' },
          );
          written += count;
        }
      }),
    );
    process.stderr.write(`rebuild: ${written} referrals written\n`);
  },

  async setUp() {
    // A fresh read-model schema for each round, its tables as the deployment's migrations make
    // them (the case view's column compression too).
    const readModels = await scratchPostgres();
    round = { drop: () => readModels.drop() };
    round.dataSource = await readModels.dataSource({
      entities: [CaseViewEntity, ProjectionCheckpointEntity],
      migrations: [...READ_MODEL_MIGRATIONS.postgres],
      migrationsTableName: READ_MODEL_MIGRATIONS.table,
    });
    await runMigrations(round.dataSource);
  },

  async rebuild({ store }) {
    const dataSource = round!.dataSource!;
    const runner = new ProjectionRunner(store, dataSource, new CaseViewProjection());
    let applied = 0;
    await runner.rebuild(({ handled, total }) => {
      applied = handled;
      if (handled % 50_000 < BATCH) process.stderr.write(`rebuild: ${handled}/${total} events\r`);
    }, BATCH);
    const rows = await dataSource.getRepository(CaseViewEntity).count();
    process.stderr.write(`\nrebuild: ${applied} events replayed, ${rows} case views\n`);
    return { eventsApplied: REFERRALS };
  },

  async tearDown() {
    if (!round) return;
    const { dataSource, drop } = round;
    round = undefined;
    if (dataSource?.isInitialized) await dataSource.destroy();
    await drop();
  },
};
