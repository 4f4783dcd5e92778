import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../schema-of';
import { esAppendOfAppendFastPath } from './1796256695076-AppendFastPath';

/**
 * Written by hand: es_append makes a new stream's head once, with what it is after the append's
 * events, instead of making it at revision -1 and then moving it on: one row written a new stream
 * instead of two versions of it (every referral, every first read of a record). The same rows,
 * hashes and answers; only the function changes (see postgres.schema.ts, which makes it from here).
 */
export class NewStreamHeadOnce1796436895056 implements MigrationInterface {
  name = 'NewStreamHeadOnce1796436895056';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(esAppendSql(schemaOf(queryRunner)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(esAppendOfAppendFastPath(schemaOf(queryRunner)));
  }
}

/** es_append as this migration makes it: the append function of postgres.schema.ts. */
export function esAppendSql(s: string): string {
  return `CREATE OR REPLACE FUNCTION ${s}.es_append(
       p_stream_id text,
       p_expected bigint,
       p_event_ids uuid[],
       p_types text[],
       p_data text[],
       p_metadata text[],
       p_content_hashes bytea[],
       p_check_ids boolean
     ) RETURNS TABLE (status text, revision bigint, transaction_id text, "position" bigint)
     -- Every statement below is an index lookup whatever the arguments. Left to choose, PL/pgSQL
     -- re-plans "event_id = ANY (p_event_ids)" on every call (a one-element array looks cheaper
     -- than the generic plan), which cost more than a third of a single-event append. A generic
     -- plan made while the table was small (a young store) would scan it whole for the id check
     -- of appendWithin and the outbox, for as long as the connection lives: no sequential scans.
     LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $fn$
     DECLARE
       v_count int := cardinality(p_event_ids);
       v_rev bigint;
       v_hash bytea;
       v_last_ms bigint;
       v_last_xid xid8;
       v_now_ms bigint;
       v_clock_ms bigint;
       v_hashes bytea[] := array_fill(NULL::bytea, ARRAY[cardinality(p_event_ids)]);
       v_pos bigint;
       v_xid xid8;
       v_head_made boolean := false;
     BEGIN
       -- Inside a caller's transaction a unique violation would abort it: look first. On the
       -- autocommit path a repeated id meets the unique index instead and the caller asks
       -- es_find_events; the happy path pays for no lookup.
       -- Two IFs, not one AND: the EXISTS would be a statement of its own, started (its index scan
       -- set up) on every call even where p_check_ids is false.
       IF p_check_ids THEN
         IF EXISTS (SELECT 1 FROM ${s}.es_events e WHERE e.event_id = ANY (p_event_ids)) THEN
           RETURN QUERY SELECT * FROM ${s}.es_find_events(p_stream_id, p_event_ids);
           RETURN;
         END IF;
       END IF;

       v_clock_ms := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;

       -- One event on a stream that exists and is where the caller expects (the usual command):
       -- lock the head and move it on in one statement, the link computed from the head's old
       -- values (every right-hand side below reads the row as it was). Any other case, or a head
       -- that does not match, takes the general path below, which checks again under its lock.
       IF v_count = 1 AND p_expected <> -2 THEN
         UPDATE ${s}.es_streams h
            SET revision = h.revision + 1,
                last_hash = sha256(h.last_hash || p_content_hashes[1] || int8send(h.revision + 1) || int8send(greatest(v_clock_ms, h.last_recorded_ms))),
                last_recorded_ms = greatest(v_clock_ms, h.last_recorded_ms),
                last_transaction_id = greatest(pg_current_xact_id(), h.last_transaction_id)
          WHERE h.stream_id = p_stream_id
            AND (p_expected = -1 OR (p_expected = -3 AND h.revision >= 0) OR h.revision = p_expected)
          RETURNING h.revision, h.last_hash, h.last_recorded_ms, h.last_transaction_id INTO v_rev, v_hash, v_now_ms, v_xid;
         IF FOUND THEN
           INSERT INTO ${s}.es_events AS e (transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash)
           VALUES (v_xid, p_stream_id, v_rev, p_event_ids[1], p_types[1], p_data[1], p_metadata[1],
                   timestamptz 'epoch' + v_now_ms * interval '1 millisecond', v_hash)
           RETURNING e.position INTO v_pos;
           status := 'ok';
           revision := v_rev;
           transaction_id := v_xid::text;
           "position" := v_pos;
           RETURN NEXT;
           RETURN;
         END IF;
       END IF;

       -- A new stream (no-stream, or one event for 'any' whose head the fast path above did not find):
       -- its head is made at once with what it is after these events (the chain from 32 zero bytes,
       -- revisions from 0, this clock), so the head is written once instead of made, then moved on.
       -- A head another append made first is left as it is, and the path below answers: a conflict,
       -- a retry's first answer, or for 'any' the append after that stream's last event.
       IF p_expected = -2 OR (p_expected = -1 AND v_count = 1) THEN
         v_hash := decode(repeat('00', 32), 'hex');
         v_now_ms := v_clock_ms;
         v_xid := pg_current_xact_id();
         FOR i IN 1 .. v_count LOOP
           v_hash := sha256(v_hash || p_content_hashes[i] || int8send(i - 1) || int8send(v_now_ms));
           v_hashes[i] := v_hash;
         END LOOP;
         INSERT INTO ${s}.es_streams AS h (stream_id, revision, last_hash, last_recorded_ms, last_transaction_id)
           VALUES (p_stream_id, v_count - 1, v_hash, v_now_ms, v_xid)
           ON CONFLICT (stream_id) DO NOTHING;
         v_head_made := FOUND;
       END IF;

       IF v_head_made THEN
         v_rev := -1;
       ELSE
         -- Lock the stream's head: a new stream ('any') by creating it, an existing one by FOR UPDATE.
         IF p_expected = -1 THEN
           INSERT INTO ${s}.es_streams AS h (stream_id, revision, last_hash, last_recorded_ms)
             VALUES (p_stream_id, -1, decode(repeat('00', 32), 'hex'), 0)
             ON CONFLICT (stream_id) DO NOTHING
             RETURNING h.revision, h.last_hash, h.last_recorded_ms, h.last_transaction_id
             INTO v_rev, v_hash, v_last_ms, v_last_xid;
         END IF;
         IF v_rev IS NULL THEN
           SELECT h.revision, h.last_hash, h.last_recorded_ms, h.last_transaction_id INTO v_rev, v_hash, v_last_ms, v_last_xid
             FROM ${s}.es_streams h WHERE h.stream_id = p_stream_id FOR UPDATE;
           v_rev := coalesce(v_rev, -1);
         END IF;

         IF (p_expected = -2 AND v_rev <> -1) OR (p_expected = -3 AND v_rev = -1)
            OR (p_expected >= 0 AND v_rev <> p_expected) THEN
           -- A retry of an append that succeeded finds the stream moved on: answer as before.
           IF EXISTS (SELECT 1 FROM ${s}.es_events e WHERE e.event_id = ANY (p_event_ids)) THEN
             RETURN QUERY SELECT * FROM ${s}.es_find_events(p_stream_id, p_event_ids);
           ELSE
             RETURN QUERY SELECT 'conflict'::text, v_rev, NULL::text, NULL::bigint;
           END IF;
           RETURN;
         END IF;

         -- Never below the stream's previous event (see "Stream order" above); greatest() skips a NULL.
         v_xid := greatest(pg_current_xact_id(), v_last_xid);

         -- Milliseconds, never earlier than the stream's last event: "as of" reads stay consistent.
         v_now_ms := greatest((extract(epoch FROM clock_timestamp()) * 1000)::bigint, v_last_ms);
         FOR i IN 1 .. v_count LOOP
           v_hash := sha256(v_hash || p_content_hashes[i] || int8send(v_rev + i) || int8send(v_now_ms));
           v_hashes[i] := v_hash;
         END LOOP;
       END IF;

       -- One event (the usual command) by a plain VALUES row: starting the executor on the
       -- unnest/sort/CTE plan cost more than the insert itself.
       IF v_count = 1 THEN
         INSERT INTO ${s}.es_events AS e (transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash)
         VALUES (v_xid, p_stream_id, v_rev + 1, p_event_ids[1], p_types[1], p_data[1], p_metadata[1],
                 timestamptz 'epoch' + v_now_ms * interval '1 millisecond', v_hash)
         RETURNING e.position INTO v_pos;
       ELSE
         WITH inserted AS (
           INSERT INTO ${s}.es_events (transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash)
           SELECT v_xid, p_stream_id, v_rev + u.ord, u.id, u.type, u.data, u.metadata,
                  timestamptz 'epoch' + v_now_ms * interval '1 millisecond', u.hash
             FROM unnest(p_event_ids, p_types, p_data, p_metadata, v_hashes)
                  WITH ORDINALITY AS u(id, type, data, metadata, hash, ord)
            ORDER BY u.ord
           RETURNING es_events.position
         )
         SELECT max(inserted.position) INTO v_pos FROM inserted;
       END IF;

       IF NOT v_head_made THEN
         UPDATE ${s}.es_streams h
            SET revision = v_rev + v_count, last_hash = v_hash, last_recorded_ms = v_now_ms, last_transaction_id = v_xid
          WHERE h.stream_id = p_stream_id;
       END IF;

       -- The answer by assignment: RETURN QUERY would run one more statement per append.
       status := 'ok';
       revision := v_rev + v_count;
       transaction_id := v_xid::text;
       "position" := v_pos;
       RETURN NEXT;
     END
     $fn$`;
}
