import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import {
  EVENT_STORE_MIGRATIONS,
  MigrationSet,
  READ_MODEL_MIGRATIONS,
  SQLITE_EVENT_STORE_SCHEMA,
  SUBJECT_KEY_MIGRATIONS,
  runMigrations,
  subjectKeySchemaSql,
  withMigrations,
} from '@app/event-store';
import { postgresSchemaSql } from '@app/event-store/sql/postgres.schema';
import { READ_MODEL_ENTITY_FILES } from './read-model-entities';

const USAGE = `Usage: npm run migration:generate -- <Name>
  Writes a migration <timestamp>-<Name>.ts for each database and dialect whose schema the code
  changed: the read models from their entities (TypeORM's schema builder on an empty database
  after the existing migrations), the event store and subjects' keys from their DDL when they have
  no migration yet. Needs a PostgreSQL server: MIGRATION_POSTGRES_URL (default the tests' one).
  Review what it wrote, then commit it.`;

const FOLDER = join(__dirname, '../../../../libs/event-store/src/migrations');
const POSTGRES_URL = process.env.MIGRATION_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Stands for the deployment's schema in generated SQL; replaced by `${s}` (schemaOf at run time). */
const PLACEHOLDER = 'safeguard_migration_schema';

type Dialect = 'postgres' | 'sqlite';
interface Statement {
  query: string;
  parameters?: unknown[];
}

async function main(argv: string[]): Promise<number> {
  const [name] = argv;
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    console.error(USAGE);
    return 2;
  }
  const timestamp = Date.now();
  let written = 0;
  for (const dialect of ['postgres', 'sqlite'] as const) {
    const changes = await readModelChanges(dialect);
    // The first migration also adopts a database the entities were synchronised into before there were migrations.
    const up = READ_MODEL_MIGRATIONS[dialect].length === 0 ? changes.up.map(ifNotExists) : changes.up;
    written += write(READ_MODEL_MIGRATIONS, dialect, name, timestamp, up, changes.down);
    for (const set of [EVENT_STORE_MIGRATIONS, SUBJECT_KEY_MIGRATIONS]) {
      if (set[dialect].length > 0) continue;
      written += write(set, dialect, name, timestamp, initialDdl(set, dialect), undefined);
    }
  }
  if (written === 0) console.log('Every database is up to date with the code: no migration written.');
  return 0;
}

function ifNotExists(statement: Statement): Statement {
  return { ...statement, query: statement.query.replace(/^CREATE (TABLE|INDEX|UNIQUE INDEX) (?!IF NOT EXISTS)/, 'CREATE $1 IF NOT EXISTS ') };
}

/** What TypeORM's schema builder would change on an empty database brought up by the existing migrations. */
async function readModelChanges(dialect: Dialect): Promise<{ up: Statement[]; down: Statement[] }> {
  const scratch = await scratchDatabase(dialect);
  const dataSource = await new DataSource(withMigrations({ ...scratch.options, entities: READ_MODEL_ENTITY_FILES } as DataSourceOptions, READ_MODEL_MIGRATIONS)).initialize();
  try {
    await runMigrations(dataSource);
    const log = await dataSource.driver.createSchemaBuilder().log();
    const placeholder = (q: { query: string; parameters?: unknown[] }) => ({ query: q.query.split(`"${scratch.schema}"`).join(`"${PLACEHOLDER}"`), parameters: q.parameters });
    return { up: log.upQueries.map(placeholder), down: log.downQueries.map(placeholder).reverse() };
  } finally {
    await dataSource.destroy();
    await scratch.drop();
  }
}

async function scratchDatabase(dialect: Dialect): Promise<{ options: DataSourceOptions; schema?: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'safeguard-migrations-'));
    return { options: { type: 'better-sqlite3', database: join(dir, 'read-models.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `migration_gen_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  return {
    options: { type: 'postgres', url: POSTGRES_URL, schema },
    schema,
    drop: async () => {
      const admin = await new DataSource({ type: 'postgres', url: POSTGRES_URL }).initialize();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.destroy();
    },
  };
}

/** The first migration of a database whose tables were made by hand-written DDL: that DDL, frozen. */
function initialDdl(set: MigrationSet, dialect: Dialect): Statement[] {
  const postgres = dialect === 'postgres';
  if (set === EVENT_STORE_MIGRATIONS) return (postgres ? postgresSchemaSql(PLACEHOLDER) : SQLITE_EVENT_STORE_SCHEMA).map((query) => ({ query }));
  return subjectKeySchemaSql(postgres, PLACEHOLDER).map((query) => ({ query }));
}

/** Writes one migration file and the folder's index; answers 1 if it wrote, 0 if there was nothing to write. */
function write(set: MigrationSet, dialect: Dialect, name: string, timestamp: number, up: Statement[], down: Statement[] | undefined): number {
  const where = `${set.folder}.${dialect}`;
  if (up.length === 0) {
    console.log(`${set.label} (${dialect}): up to date`);
    return 0;
  }
  const className = `${name}${timestamp}`;
  const file = `${timestamp}-${name}.ts`;
  const postgres = dialect === 'postgres';
  const body = (statements: Statement[]) => statements.map((statement) => `    await queryRunner.query(${literal(statement.query)}${statement.parameters?.length ? `, ${JSON.stringify(statement.parameters)}` : ''});`).join('\n');
  const schemaLine = postgres ? `    const s = schemaOf(queryRunner);\n` : '';
  const usesSchema = (statements: Statement[]) => postgres && statements.some((statement) => statement.query.includes(PLACEHOLDER));
  const downBody =
    down === undefined
      ? `    throw new Error(${JSON.stringify(`The ${set.label} holds the record: its first migration is never reverted.`)});`
      : `${usesSchema(down) ? schemaLine : ''}${body(down)}`;
  const text = `import { MigrationInterface, QueryRunner } from 'typeorm';
${postgres && (usesSchema(up) || (down && usesSchema(down))) ? `import { schemaOf } from '../schema-of';\n` : ''}
/** Generated by \`npm run migration:generate -- ${name}\` (${new Date(timestamp).toISOString()}): the ${set.label} on ${postgres ? 'PostgreSQL' : 'SQLite'}. */
export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${usesSchema(up) ? schemaLine : ''}${body(up)}
  }

  async down(${down === undefined ? '' : 'queryRunner: QueryRunner'}): Promise<void> {
${downBody}
  }
}
`;
  if (text.includes(PLACEHOLDER)) throw new Error(`The generated SQL names the scratch schema somewhere it cannot be replaced: ${where}/${file}`);
  writeFileSync(join(FOLDER, where, file), text);
  writeIndex(set, dialect);
  console.log(`${set.label} (${dialect}): wrote libs/event-store/src/migrations/${where}/${file} (${up.length} statement(s))`);
  return 1;
}

/** A TypeScript template literal of `sql`, the placeholder schema becoming `${s}`. */
function literal(sql: string): string {
  const escaped = sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return '`' + escaped.split(`"${PLACEHOLDER}"`).join('${s}') + '`';
}

/** The folder's index: every migration in it, oldest first (the file names start with their timestamps). */
function writeIndex(set: MigrationSet, dialect: Dialect): void {
  const where = `${set.folder}.${dialect}`;
  const files = readdirSync(join(FOLDER, where))
    .filter((file) => /^\d{13}-[A-Za-z0-9]+\.ts$/.test(file))
    .sort();
  const classes = files.map((file) => {
    const [, timestamp, name] = /^(\d{13})-([A-Za-z0-9]+)\.ts$/.exec(file)!;
    return { className: `${name}${timestamp}`, module: `./${file.replace(/\.ts$/, '')}` };
  });
  const constant = `${set.folder.replace(/s$/, '').replace(/-/g, '_').toUpperCase()}_${dialect.toUpperCase()}_MIGRATIONS`;
  const text = `// Written by \`npm run migration:generate\`: the migrations of this folder, oldest first.
import type { MigrationClass } from '../schema-of';
${classes.map((c) => `import { ${c.className} } from '${c.module}';`).join('\n')}

export const ${constant}: readonly MigrationClass[] = [${classes.map((c) => c.className).join(', ')}];
`;
  writeFileSync(join(FOLDER, where, 'index.ts'), text);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
