import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../schema-of';

/**
 * Written by hand: es_append_new_subjects records the new keys of a new stream's subjects and the
 * stream's first events in one statement and one transaction (see postgres.schema.ts, which makes
 * the function from here). A function only: no table or row changes.
 */
export class NewSubjectsWithEvents1796408269383 implements MigrationInterface {
  name = 'NewSubjectsWithEvents1796408269383';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(esAppendNewSubjectsSql(schemaOf(queryRunner)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP FUNCTION IF EXISTS ${s}.es_append_new_subjects(text[], bytea[], text, text, bigint, uuid[], text[], text[], text[], bytea[])`);
  }
}

/**
 * The function as this migration makes it. The subjects' keys table is the one beside the events
 * (`pd_subject_keys` in the same schema, as the subject keys' migrations make it there when the
 * keys have no database of their own): PL/pgSQL resolves it when called, not when created.
 *
 * It inserts the keys (sorted by the caller: two appends never wait for each other's keys in
 * opposite orders); when every one was new, it appends the events by es_append and answers as it
 * does, keeping the keys only when the events were written (a stream that exists already leaves no
 * key behind). When any subject already had a row (a key, or an erasure's tombstone) it appends
 * nothing and answers 'subjects-known': the events were sealed with keys that are not that
 * subject's, and the caller seals them again with the stored keys. The keys it did insert then
 * stand (a new subject's key, which the caller reads back) and commit with the statement.
 */
export function esAppendNewSubjectsSql(s: string): string {
  return `CREATE OR REPLACE FUNCTION ${s}.es_append_new_subjects(
       p_subjects text[],
       p_wrapped_keys bytea[],
       p_created_at text,
       p_stream_id text,
       p_expected bigint,
       p_event_ids uuid[],
       p_types text[],
       p_data text[],
       p_metadata text[],
       p_content_hashes bytea[]
     ) RETURNS TABLE (status text, revision bigint, transaction_id text, "position" bigint)
     LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $fn$
     DECLARE
       v_made bigint;
     BEGIN
       INSERT INTO ${s}.pd_subject_keys AS k (subject, wrapped_key, created_at)
         SELECT u.subject, u.wrapped_key, p_created_at FROM unnest(p_subjects, p_wrapped_keys) AS u(subject, wrapped_key)
         ON CONFLICT (subject) DO NOTHING;
       GET DIAGNOSTICS v_made = ROW_COUNT;
       IF v_made < cardinality(p_subjects) THEN
         status := 'subjects-known';
         RETURN NEXT;
         RETURN;
       END IF;
       -- The autocommit path's answer to a repeated event id: the unique index (the caller asks
       -- es_find_events), the keys undone with the statement.
       SELECT a.status, a.revision, a.transaction_id, a."position" INTO status, revision, transaction_id, "position"
         FROM ${s}.es_append(p_stream_id, p_expected, p_event_ids, p_types, p_data, p_metadata, p_content_hashes, false) a;
       -- Nothing written (the stream exists, or is elsewhere than expected): no key for nothing.
       -- Every one is this transaction's own row, seen by no one else yet.
       IF status <> 'ok' THEN
         DELETE FROM ${s}.pd_subject_keys k WHERE k.subject = ANY (p_subjects);
       END IF;
       RETURN NEXT;
     END
     $fn$`;
}
