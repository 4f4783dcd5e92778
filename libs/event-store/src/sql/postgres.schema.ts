import { esAppendNewSubjectsSql } from '../migrations/event-store.postgres/1796408269383-NewSubjectsWithEvents';
import { esAppendSql } from '../migrations/event-store.postgres/1796436895056-NewStreamHeadOnce';

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
    // The append (the migration that made it last holds its text).
    esAppendSql(s),
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
