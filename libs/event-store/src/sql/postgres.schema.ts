import { esAppendNewSubjectsSql } from '../migrations/event-store.postgres/1796408269383-NewSubjectsWithEvents';

/**
 * The PostgreSQL schema of the event store.
 *
 * Global order and the "gap" problem: a bigserial is taken when a row is inserted, not when
 * its transaction commits, so position 11 can be visible while 10 is still in flight; a
 * reader that moved its checkpoint past 10 would never see it. We stamp every row with the
 * writing transaction's id (`pg_current_xact_id()`, xid8) and read only rows whose
 * transaction id is below the reading snapshot's xmin: every transaction below xmin has
 * finished, so no row can appear later below that point. The log is ordered by
 * (transaction id, position), which is what a LogPosition encodes.
 *
 * Stream order: a transaction's id is fixed at its first write, which may come before it takes
 * a stream's lock, so an older transaction can append revision n+1 after a newer one appended
 * n. The stored `transaction_id` is therefore the greater of the writer's id and that of the
 * stream's previous event: each stream stays in revision order in the global log. It is never
 * below the writer's own id, so "below xmin" still means "finished" and nothing is skipped.
 * The cost, documented in
 * README: a transaction held open anywhere in the cluster holds readers back until it ends
 * (never skipped, only delayed). Writers lock only their own stream's row: no global lock.
 *
 * Appends are one function call (one round trip, autocommit): idempotency check, stream
 * lock, revision check, hash chain, insert, stream head update. The adapter sends the usual
 * command (one event, a stream that exists where the caller expects) as one plain statement that
 * does the same without the function (PostgresEventStore.singleAppendStatement), and calls the
 * function when that statement finds no such head.
 */
export function postgresSchemaSql(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.es_streams (
       stream_id text PRIMARY KEY,
       revision bigint NOT NULL,
       last_hash bytea NOT NULL,
       last_recorded_ms bigint NOT NULL
     )`,
    `CREATE TABLE IF NOT EXISTS ${s}.es_events (
       position bigserial NOT NULL,
       transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
       stream_id text NOT NULL,
       revision bigint NOT NULL,
       event_id uuid NOT NULL,
       type text NOT NULL,
       data text NOT NULL,
       metadata text NOT NULL,
       recorded_at timestamptz NOT NULL,
       hash bytea NOT NULL,
       -- The key is the global order (see above): every read of the log walks it, and no index
       -- on position alone is kept up to date for nothing.
       CONSTRAINT es_events_pkey PRIMARY KEY (transaction_id, position),
       CONSTRAINT es_events_event_id_key UNIQUE (event_id),
       CONSTRAINT es_events_stream_revision_key UNIQUE (stream_id, revision)
     )`,
    // A store made before the key was the global order: its (transaction_id, position) index
    // becomes the key, and the index on position alone goes (migration GlobalOrderKey).
    `DO $do$ BEGIN
       IF (SELECT indnatts FROM pg_index WHERE indexrelid = '${s}.es_events_pkey'::regclass) = 1 THEN
         CREATE UNIQUE INDEX es_events_global_order_key ON ${s}.es_events (transaction_id, position);
         ALTER TABLE ${s}.es_events DROP CONSTRAINT es_events_pkey,
           ADD CONSTRAINT es_events_pkey PRIMARY KEY USING INDEX es_events_global_order_key;
       END IF;
     END $do$`,
    `DROP INDEX IF EXISTS ${s}.es_events_global_order`,
    // The stream's head keeps the last event's transaction id, so an append never looks it up.
    `ALTER TABLE ${s}.es_streams ADD COLUMN IF NOT EXISTS last_transaction_id xid8`,
    `UPDATE ${s}.es_streams h SET last_transaction_id = (
       SELECT e.transaction_id FROM ${s}.es_events e WHERE e.stream_id = h.stream_id AND e.revision = h.revision)
     WHERE h.last_transaction_id IS NULL AND h.revision >= 0`,
    `DROP FUNCTION IF EXISTS ${s}.es_append(text, bigint, uuid[], text[], text[], text[], bytea[])`,
    `CREATE OR REPLACE FUNCTION ${s}.es_append(
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

       -- Lock the stream's head: a new stream by creating it, an existing one by FOR UPDATE.
       IF p_expected IN (-1, -2) THEN
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

       UPDATE ${s}.es_streams h
          SET revision = v_rev + v_count, last_hash = v_hash, last_recorded_ms = v_now_ms, last_transaction_id = v_xid
        WHERE h.stream_id = p_stream_id;

       -- The answer by assignment: RETURN QUERY would run one more statement per append.
       status := 'ok';
       revision := v_rev + v_count;
       transaction_id := v_xid::text;
       "position" := v_pos;
       RETURN NEXT;
     END
     $fn$`,
    // A new stream's events with its new subjects' keys, when the keys are beside the events.
    esAppendNewSubjectsSql(s),
    // How an append whose ids are already stored is answered: the same result as the first time
    // when every id is in this stream ('duplicate'), otherwise 'id-conflict'.
    `CREATE OR REPLACE FUNCTION ${s}.es_find_events(p_stream_id text, p_event_ids uuid[])
     RETURNS TABLE (status text, revision bigint, transaction_id text, "position" bigint)
     LANGUAGE sql STABLE AS $fn$
       SELECT CASE WHEN count(*) = cardinality(p_event_ids) AND bool_and(e.stream_id = p_stream_id)
                   THEN 'duplicate' ELSE 'id-conflict' END,
              max(e.revision),
              (array_agg(e.transaction_id::text ORDER BY e.revision DESC))[1],
              (array_agg(e.position ORDER BY e.revision DESC))[1]
         FROM ${s}.es_events e WHERE e.event_id = ANY (p_event_ids)
     $fn$`,
    // The transactional outbox: messages stored in the same transaction as the events that cause
    // them. `transaction_id` is the one es_append gave those events, so the relay reads messages
    // below the snapshot's xmin in (transaction_id, seq) order: the order of their events in the
    // global log, and never a message whose predecessor may still commit.
    `CREATE TABLE IF NOT EXISTS ${s}.es_outbox (
       seq bigserial PRIMARY KEY,
       transaction_id xid8 NOT NULL,
       message_id uuid NOT NULL,
       topic text NOT NULL,
       key text NOT NULL,
       type text NOT NULL,
       payload text NOT NULL,
       headers text NOT NULL,
       stored_at timestamptz NOT NULL DEFAULT clock_timestamp(),
       sent_at timestamptz,
       CONSTRAINT es_outbox_message_id_key UNIQUE (message_id)
     )`,
    `CREATE INDEX IF NOT EXISTS es_outbox_unsent ON ${s}.es_outbox (transaction_id, seq) WHERE sent_at IS NULL`,
    // Pruning sent messages (pruneSentOutbox) finds the oldest sent first.
    `CREATE INDEX IF NOT EXISTS es_outbox_sent ON ${s}.es_outbox (sent_at) WHERE sent_at IS NOT NULL`,
  ];
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new RangeError(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}
