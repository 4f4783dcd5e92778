import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../schema-of';

/**
 * Written by hand (TypeORM does not see a column's compression): a case view's JSON (kilobytes a
 * case, the whole of it rewritten by every change and by every rebuild) is compressed with lz4
 * instead of PostgreSQL's default pglz. Stored much the same size; written in about two thirds of
 * the time (`npm run bench:store -- --rebuild-only`). Rows already stored keep their compression
 * until next written. On a server built without lz4, or older than PostgreSQL 14 (no per-column
 * compression), nothing changes. `down` gives the column back to `default_toast_compression`.
 */
export class CaseViewLz41796241747745 implements MigrationInterface {
  name = 'CaseViewLz41796241747745';

  async up(queryRunner: QueryRunner): Promise<void> {
    await setCompression(queryRunner, 'lz4');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await setCompression(queryRunner, 'default');
  }
}

async function setCompression(queryRunner: QueryRunner, method: 'lz4' | 'default'): Promise<void> {
  const s = schemaOf(queryRunner);
  // EXECUTE: the statement is parsed only when run, so a server without SET COMPRESSION (before
  // PostgreSQL 14) never sees it.
  await queryRunner.query(`DO $$
    BEGIN
      IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'ALTER TABLE ${s}."case_view" ALTER COLUMN "view" SET COMPRESSION ${method}';
      END IF;
    EXCEPTION WHEN feature_not_supported THEN
      RAISE NOTICE 'lz4 compression is not built into this PostgreSQL server: case_view.view keeps the default compression';
    END $$`);
}
