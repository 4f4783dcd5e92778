import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import {
  EVENT_STORE_MIGRATIONS,
  MigrationSet,
  PendingMigrationsError,
  PersonalDataProtectedEventStore,
  PersonalDataRules,
  PostgresEventStore,
  READ_MODEL_MIGRATIONS,
  SUBJECT_KEY_MIGRATIONS,
  SqliteEventStore,
  SubjectKeyStore,
  openMigratedDataSource,
  runMigrations,
  verifyAll,
  verifyStream,
} from '@app/event-store';
import { TEST_POSTGRES_URL, scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { READ_MODEL_ENTITY_FILES } from '../../apps/projector/src/migrations/read-model-entities';
import { buildIfChanged } from '../support/processes';

/**
 * The checked-in migrations against the code: after them, TypeORM finds nothing to change in the
 * read-model entities, and the event store's and subjects' keys' tables are those their adapters'
 * DDL makes. A column or index added without a migration fails here, saying what to run.
 */
const ROOT = resolve(__dirname, '../..');
const KEY = Buffer.alloc(32, 7);

const migrationsOf = (set: MigrationSet, database: 'sqlite' | 'postgres') => ({ migrations: [...set[database]], migrationsTableName: set.table });

async function scratch(database: 'sqlite' | 'postgres') {
  if (database === 'sqlite') {
    const db = scratchSqlite();
    return { open: (file: string, more: Partial<DataSourceOptions>) => db.dataSource(file, more), drop: db.drop };
  }
  const db = await scratchPostgres();
  return { open: (_file: string, more: Partial<DataSourceOptions>) => db.dataSource(more), drop: db.drop, schema: db.schema };
}

describe.each(['sqlite', 'postgres'] as const)('migrations on %s', (database) => {
  it('leave nothing for TypeORM to change in the read-model entities of every context', async () => {
    const db = await scratch(database);
    const dataSource = await db.open('read-models.sqlite', { entities: READ_MODEL_ENTITY_FILES, ...migrationsOf(READ_MODEL_MIGRATIONS, database) });
    try {
      expect(await runMigrations(dataSource)).toEqual(READ_MODEL_MIGRATIONS[database].map((migration) => new migration().name));
      expect(dataSource.entityMetadatas.map((m) => m.tableName)).toEqual(expect.arrayContaining(['projection_checkpoints', 'processed_messages', 'case_view']));
      if (database === 'postgres') {
        // The case view's JSON is compressed with lz4 (where the server has it), invisible to TypeORM's comparison below.
        const compression = async () =>
          (await dataSource.query(`SELECT attcompression AS c FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'view'`, [`"${db.schema}".case_view`]))[0].c;
        const [{ lz4 }] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) AS lz4`);
        expect(await compression()).toBe(lz4 ? 'l' : '');
        // Undone, the column follows default_toast_compression again; then migrated once more.
        await dataSource.undoLastMigration();
        expect(await compression()).toBe('');
        await runMigrations(dataSource);
      }
      const changes = (await dataSource.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query);
      if (changes.length > 0) {
        throw new Error(
          `The read-model entities differ from the migrations on ${database}: run \`npm run migration:generate -- <WhatChanged>\` and commit what it writes.\n` +
            `TypeORM would run:\n${changes.join('\n')}`,
        );
      }
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });

  it("make the event store's and subjects' keys' tables as their adapters' DDL does", async () => {
    const migrated = await scratch(database);
    const ddl = await scratch(database);
    const sets = [EVENT_STORE_MIGRATIONS, SUBJECT_KEY_MIGRATIONS];
    const byMigrations = await migrated.open('events.sqlite', {});
    const byDdl = await ddl.open('events.sqlite', {});
    try {
      for (const set of sets) {
        const dataSource = await migrated.open('events.sqlite', migrationsOf(set, database));
        await runMigrations(dataSource);
        await dataSource.destroy();
      }
      if (database === 'sqlite') await SqliteEventStore.create({ dataSource: byDdl });
      else await PostgresEventStore.create({ dataSource: byDdl, schema: ddl.schema });
      await SubjectKeyStore.open(byDdl, KEY, ddl.schema);
      expect(await catalog(byMigrations, migrated.schema)).toEqual(await catalog(byDdl, ddl.schema));
    } finally {
      await byMigrations.destroy();
      await byDdl.destroy();
      await migrated.drop();
      await ddl.drop();
    }
  });
});

describe('the event store migration AppendFastPath on postgres', () => {
  it('undone, puts back the earlier es_append, on which appends go on where they were; migrated again, the fast one', async () => {
    const db = await scratchPostgres();
    const dataSource = await db.dataSource(migrationsOf(EVENT_STORE_MIGRATIONS, 'postgres'));
    const definition = async () =>
      (await dataSource.query(`SELECT pg_get_functiondef(to_regproc($1)) AS def`, [`"${db.schema}".es_append`]))[0].def as string;
    const event = (n: number) => ({ type: 'Noted', data: { n }, metadata: { actor: { userId: 'u-1', agencyId: 'a-1' } } });
    try {
      await runMigrations(dataSource);
      const store = await PostgresEventStore.create({ dataSource, schema: db.schema, createSchema: false });
      expect(await definition()).toContain('in one statement');
      await store.append('case-1', [event(0)], { expectedRevision: 'no-stream' });
      await store.append('case-1', [event(1)], { expectedRevision: 0 });

      // NewSubjectsWithEvents and NewStreamHeadOnce came after it: undone first.
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      expect(await definition()).not.toContain('in one statement');
      expect(await definition()).toContain('IF p_check_ids AND EXISTS');
      expect((await store.append('case-1', [event(2)], { expectedRevision: 1 })).nextExpectedRevision).toBe(2);

      expect(await runMigrations(dataSource)).toEqual(['AppendFastPath1796256695076', 'NewSubjectsWithEvents1796408269383', 'NewStreamHeadOnce1796436895056']);
      expect((await store.append('case-1', [event(3)], { expectedRevision: 2 })).nextExpectedRevision).toBe(3);
      await expect(store.append('case-1', [event(4)], { expectedRevision: 2 })).rejects.toThrow(/revision/i);
      expect((await store.readStream('case-1')).map((e) => [e.revision, e.data.n])).toEqual([[0, 0], [1, 1], [2, 2], [3, 3]]);
      // One hash chain through the events either function wrote.
      expect(await verifyStream(store, 'case-1')).toMatchObject({ ok: true, eventsChecked: 4 });
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });
});

describe('the event store migration NewStreamHeadOnce on postgres', () => {
  it("writes a new stream's head once; undone, made then moved on again, in one hash chain and revisions throughout", async () => {
    const db = await scratchPostgres();
    const dataSource = await db.dataSource(migrationsOf(EVENT_STORE_MIGRATIONS, 'postgres'));
    const event = (n: number) => ({ type: 'Noted', data: { n }, metadata: { actor: { userId: 'u-1', agencyId: 'a-1' } } });
    /** How many times an append in a transaction of its own inserted and updated a stream's head (counted before it commits). */
    const headWrites = async (store: PostgresEventStore, stream: string, events: number, expectedRevision: 'no-stream' | 'any') => {
      const client = await store.connect();
      // Read before and after: the view may also hold the connection's earlier transactions not yet reported.
      const counts = async () =>
        (await client.query(`SELECT n_tup_ins::int AS inserted, n_tup_upd::int AS updated FROM pg_stat_xact_user_tables WHERE schemaname = $1 AND relname = 'es_streams'`, [db.schema]))
          .rows[0] as { inserted: number; updated: number };
      try {
        await client.query('BEGIN');
        const before = await counts();
        await store.appendWithin(client, stream, Array.from({ length: events }, (_, i) => event(i)), { expectedRevision });
        const after = await counts();
        await client.query('COMMIT');
        return { inserted: after.inserted - before.inserted, updated: after.updated - before.updated };
      } finally {
        client.release();
      }
    };
    try {
      await runMigrations(dataSource);
      const store = await PostgresEventStore.create({ dataSource, schema: db.schema, createSchema: false });
      expect(await headWrites(store, 'case-1', 3, 'no-stream')).toEqual({ inserted: 1, updated: 0 });
      expect(await headWrites(store, 'access-case-1', 1, 'any')).toEqual({ inserted: 1, updated: 0 });

      await dataSource.undoLastMigration();
      expect(await headWrites(store, 'case-2', 3, 'no-stream')).toEqual({ inserted: 1, updated: 1 });
      // Two events: es_append's general path, from a head made once (one event would take the plain statement).
      await store.append('case-1', [event(3), event(4)], { expectedRevision: 2 });

      expect(await runMigrations(dataSource)).toEqual(['NewStreamHeadOnce1796436895056']);
      await store.append('case-2', [event(3), event(4)], { expectedRevision: 2 });
      await expect(store.append('case-2', [event(9)], { expectedRevision: 'no-stream' })).rejects.toThrow(/revision 4/);
      for (const stream of ['case-1', 'case-2']) {
        expect((await store.readStream(stream)).map((e) => [e.revision, e.data.n])).toEqual([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]);
      }
      // The heads made once link as those made and moved on: the chains verify, and appends go on from them.
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 11 });
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });
});

describe('the event store migration NewSubjectsWithEvents on postgres', () => {
  it("undone, drops the function (a process that would store keys with events refuses to start); migrated again, a new case's key commits with its events", async () => {
    const db = await scratchPostgres();
    const events = await db.dataSource(migrationsOf(EVENT_STORE_MIGRATIONS, 'postgres'));
    const keysDs = await db.dataSource(migrationsOf(SUBJECT_KEY_MIGRATIONS, 'postgres'));
    const rules: PersonalDataRules = { ChildRecorded: { subject: ({ data }) => `child:${String(data.caseId)}`, fields: ['name'] } };
    const recorded = (caseId: string) => ({ type: 'ChildRecorded', data: { caseId, name: 'Zorabelle Quintrell' }, metadata: { actor: { userId: 'u-1', agencyId: 'a-1' } } });
    const exists = async () => (await events.query(`SELECT to_regproc($1) IS NOT NULL AS found`, [`"${db.schema}".es_append_new_subjects`]))[0].found as boolean;
    const withEvents = async (caseId: string) =>
      (
        await events.query(
          `SELECT EXISTS (SELECT 1 FROM "${db.schema}".pd_subject_keys k JOIN "${db.schema}".es_events e ON e.stream_id = $2 AND xid(e.transaction_id) = k.xmin
                           WHERE k.subject = $1) AS found`,
          [`child:${caseId}`, `case-${caseId}`],
        )
      )[0].found as boolean;
    const open = async (beside: boolean) => {
      const store = await PostgresEventStore.create({ dataSource: events, schema: db.schema, createSchema: false });
      if (beside) await store.keepNewSubjectKeysBeside(1);
      return new PersonalDataProtectedEventStore(store, await SubjectKeyStore.open(keysDs, KEY, db.schema, { createTables: false }), rules);
    };
    try {
      await runMigrations(events);
      await runMigrations(keysDs);
      const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
      await (await open(true)).append(`case-${first}`, [recorded(first)], { expectedRevision: 'no-stream' });
      expect(await withEvents(first)).toBe(true);

      // NewStreamHeadOnce came after it: undone first.
      await events.undoLastMigration();
      await events.undoLastMigration();
      expect(await exists()).toBe(false);
      await expect(open(true)).rejects.toThrow(/es_append_new_subjects/);
      // A process that keeps the key apart goes on (two statements a new case).
      const apart = await open(false);
      await apart.append(`case-${second}`, [recorded(second)], { expectedRevision: 'no-stream' });
      expect(await withEvents(second)).toBe(false);

      expect(await runMigrations(events)).toEqual(['NewSubjectsWithEvents1796408269383', 'NewStreamHeadOnce1796436895056']);
      const beside = await open(true);
      await beside.append(`case-${third}`, [recorded(third)], { expectedRevision: 'no-stream' });
      expect(await withEvents(third)).toBe(true);
      for (const caseId of [first, second, third]) expect((await beside.readStream(`case-${caseId}`))[0].data.name).toBe('Zorabelle Quintrell');
    } finally {
      await keysDs.destroy();
      await events.destroy();
      await db.drop();
    }
  });
});

/** Tables, columns, indexes and functions, the schema's name taken out; the migrations tables left out. */
async function catalog(dataSource: DataSource, schema?: string): Promise<unknown> {
  if (!schema) {
    const rows: { type: string; name: string; sql: string | null }[] = await dataSource.query(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '%migrations%' ORDER BY type, name",
    );
    return rows.map((row) => ({ ...row, sql: row.sql?.replace(/\s+/g, ' ') }));
  }
  const strip = (rows: object[]) => JSON.parse(JSON.stringify(rows).split(schema).join('S'));
  return {
    columns: strip(
      await dataSource.query(
        `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
          WHERE table_schema = $1 AND table_name NOT LIKE '%migrations' ORDER BY table_name, column_name`,
        [schema],
      ),
    ),
    indexes: strip(await dataSource.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename NOT LIKE '%migrations' ORDER BY indexname`, [schema])),
    functions: strip(
      await dataSource.query(
        `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY p.proname`,
        [schema],
      ),
    ),
  };
}

describe('a process in production', () => {
  it('refuses to start on a database with a migration pending, naming the setting and npm run migrate', async () => {
    const db = scratchSqlite();
    try {
      const opening = openMigratedDataSource({ type: 'better-sqlite3', database: db.path('read-models.sqlite') }, READ_MODEL_MIGRATIONS, 'check', 'READ_MODEL_SQLITE_PATH');
      await expect(opening).rejects.toThrow(PendingMigrationsError);
      await expect(opening).rejects.toThrow(new RegExp(`read-model database \\(READ_MODEL_SQLITE_PATH\\) has ${READ_MODEL_MIGRATIONS.sqlite.length} migration\\(s\\) pending .*run \`npm run migrate\``));
      const migrated = await openMigratedDataSource({ type: 'better-sqlite3', database: db.path('read-models.sqlite') }, READ_MODEL_MIGRATIONS, 'migrate', 'READ_MODEL_SQLITE_PATH');
      await migrated.destroy();
      const checked = await openMigratedDataSource({ type: 'better-sqlite3', database: db.path('read-models.sqlite') }, READ_MODEL_MIGRATIONS, 'check', 'READ_MODEL_SQLITE_PATH');
      expect(checked.isInitialized).toBe(true);
      await checked.destroy();
    } finally {
      await db.drop();
    }
  });
});

describe('npm run migrate', () => {
  // The command runs the compiled projector's migrate.js: built here, so the processes below race for the databases, not the build.
  beforeAll(() => buildIfChanged('projector'), 300_000);

  function migrate(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((done) => {
      const child = spawn('npm', ['run', '--silent', 'migrate'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  }

  it('run by 5 processes at once on an empty PostgreSQL database: all succeed, without an error, each migration applied once', async () => {
    // Schemas that do not exist yet: creating them is part of what the processes race for.
    const events = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const readModels = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const env = {
      EVENT_STORE_ADAPTER: 'postgres',
      EVENT_STORE_POSTGRES_URL: TEST_POSTGRES_URL,
      EVENT_STORE_POSTGRES_SCHEMA: events,
      READ_MODEL_DB: 'postgres',
      READ_MODEL_POSTGRES_URL: TEST_POSTGRES_URL,
      READ_MODEL_POSTGRES_SCHEMA: readModels,
    };
    const admin = await new DataSource({ type: 'postgres', url: TEST_POSTGRES_URL }).initialize();
    try {
      const runs = await Promise.all(Array.from({ length: 5 }, () => migrate(env)));
      expect(runs.map((run) => ({ code: run.code, stderr: run.stderr }))).toEqual(Array(5).fill({ code: 0, stderr: '' }));
      const lines = runs.flatMap((run) => run.stdout.trim().split('\n'));
      expect(lines.filter((line) => line.includes('applied'))).toHaveLength(3);
      expect(lines.filter((line) => line.endsWith('up to date'))).toHaveLength(12);
      expect(lines).toContain(`read-model database (READ_MODEL_POSTGRES_URL, schema ${readModels}): up to date`);
      for (const [schema, set] of [[events, EVENT_STORE_MIGRATIONS], [events, SUBJECT_KEY_MIGRATIONS], [readModels, READ_MODEL_MIGRATIONS]] as const) {
        expect(await admin.query(`SELECT name FROM "${schema}"."${set.table}"`)).toHaveLength(set.postgres.length);
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${events}" CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS "${readModels}" CASCADE`);
      await admin.destroy();
    }
  }, 120_000);

  it('exits non-zero naming the setting when a database cannot be reached', async () => {
    const run = await migrate({ EVENT_STORE_ADAPTER: 'postgres', EVENT_STORE_POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Cannot reach the event store: check EVENT_STORE_POSTGRES_URL \(ECONNREFUSED/);
  }, 60_000);
});
