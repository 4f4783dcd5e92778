import type { MigrationInterface, QueryRunner } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/**
 * The quoted PostgreSQL schema a migration writes in: its DataSource's `schema` (from
 * EVENT_STORE_POSTGRES_SCHEMA, READ_MODEL_POSTGRES_SCHEMA or PERSONAL_DATA_KEYS_POSTGRES_SCHEMA),
 * so one migration serves every deployment's schema.
 */
export function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`Unsafe PostgreSQL schema name: ${schema}`);
  return `"${schema}"`;
}
