import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  TypedLogPage,
} from '../event-store.port';
import { EventIdConflictError, OutboxMessageConflictError, WrongExpectedRevisionError } from '../errors';
import { decodePosition, encodePosition } from '../log-position';
import { OutboxStore, PreparedOutboxMessage, StoredOutboxMessage, prepareOutbox, pruneArguments, toStoredOutboxMessage } from '../outbox/outbox';
import { denormaliseExpected, prepareAppend } from '../prepare-append';
import { AppendListeners, asOfTime, readLimit, toRecordedEvent } from './sql-common';
import { PostgresAppendSignal } from './postgres-append-signal';
import { postgresSchemaSql, quoteIdent } from './postgres.schema';
import { openConnections, poolOf } from './postgres-pool';
import { binaryByteaArray, binaryTextArray, binaryUuidArray } from './postgres-binary-arrays';

export interface PostgresEventStoreOptions {
  /** A TypeORM DataSource of type `postgres`; its pool carries every statement. */
  dataSource: DataSource;
  /** The PostgreSQL schema holding the event tables (default `public`). */
  schema?: string;
  /** Create the schema if missing (default); false where the event store's migrations made it (openEventStore). */
  createSchema?: boolean;
  /**
   * Connections of the pool to open and prime before the store is handed out (default none): each
   * then holds es_append compiled and the append statements planned (see `prime`). Give the pool a
   * `min` of at least as many (EVENT_STORE_POSTGRES_POOL_MIN), or it closes them when they idle.
   */
  primeConnections?: number;
}

type Prepared = ReturnType<typeof prepareAppend>;

/** The event a connection is primed with (its append rolled back). */
const primingEvent = () => ({ type: 'ConnectionPrimed', data: {}, metadata: { actor: { userId: 'safeguard', agencyId: 'safeguard' } } });

/**
 * An append's events as es_append's and es_append_new_subjects's arrays (ids, types, data,
 * metadata, content hashes), in binary (see postgres-binary-arrays.ts): the server reads lengths
 * and bytes instead of parsing a literal, and the driver escapes nothing.
 */
export function eventArrays({ events }: Prepared): Buffer[] {
  return [
    binaryUuidArray(events.map((e) => e.id)),
    binaryTextArray(events.map((e) => e.type)),
    binaryTextArray(events.map((e) => e.dataJson)),
    binaryTextArray(events.map((e) => e.metadataJson)),
    binaryByteaArray(events.map((e) => e.contentHash)),
  ];
}

/** A subject's new data key, wrapped with the master key, as `pd_subject_keys` stores it. */
export interface NewSubjectKey {
  subject: string;
  wrappedKey: Buffer;
}

// The time as whole milliseconds and the hash as hex, as RecordedEvent carries them: cheaper for
// the server to write than for the driver to parse into a Date and a Buffer, then convert back.
/** A row's recording time in milliseconds since the epoch (`column`: its recorded_at, qualified where a query joins). */
const recordedMs = (column = 'recorded_at') => `floor(extract(epoch FROM ${column}) * 1000)::float8`;
const COLUMNS = `position, transaction_id::text AS transaction_id, stream_id, revision, event_id, type, data, metadata, ${recordedMs()} AS recorded_ms, encode(hash, 'hex') AS hash`;

/**
 * The SQL adapter on PostgreSQL. The connection comes from TypeORM; the hot paths send
 * parameterised, named (prepared) statements straight to its pg pool: one round trip per
 * append, one per read batch.
 */
export class PostgresEventStore implements EventStore, OutboxStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly s: string;
  private readonly listeners = new AppendListeners();
  private readonly outboxListeners = new AppendListeners();
  /** Appends of other processes on this store wake this one's readers (LISTEN/NOTIFY), and ours wake theirs. */
  private readonly signal: PostgresAppendSignal;
  private lastSignalError = 0;
  private subjectKeysBeside = false;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    if (options.dataSource.options.type !== 'postgres') throw new TypeError('PostgresEventStore needs a postgres DataSource');
    this.pool = poolOf(options.dataSource);
    this.s = quoteIdent(options.schema ?? 'public');
    this.signal = new PostgresAppendSignal(
      this.pool,
      `es_appended_${options.schema ?? 'public'}`.slice(0, 63),
      (withMessages) => {
        this.listeners.notify();
        if (withMessages) this.outboxListeners.notify();
      },
      (error) => {
        // A lost signal costs latency only (readers poll): said at most once a minute.
        if (Date.now() - this.lastSignalError < 60_000) return;
        this.lastSignalError = Date.now();
        new Logger('EventStore').warn(`Append signals between processes are interrupted (${error.message}); readers poll meanwhile`);
      },
    );
  }

  /** Creates the schema if needed (safe to run from several processes at once). */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    if (options.createSchema !== false) await store.migrate();
    if (options.primeConnections) await openConnections(store.pool, options.primeConnections, (client) => store.prime(client));
    return store;
  }

  /**
   * Runs each append statement once on `client`, in a transaction it rolls back: nothing is stored
   * (the rolled-back rows take positions that no event will have; readers never rely on positions
   * being dense). A PostgreSQL backend compiles es_append and plans each of its statements on the
   * first call it gets, and prepares each named statement on first use: 20-70 ms
   * on this project's 2-core machine under load, measured in the server's log. A pool that met its
   * first burst with unprimed connections paid that on the burst's requests (bench:http, PostgreSQL:
   * the slowest appends of a run were every connection's first).
   */
  private async prime(client: PoolClient): Promise<void> {
    const stream = `primed-${randomUUID()}`;
    await client.query('BEGIN');
    try {
      // A new stream (a referral), then one more event by the plain statement (most commands), then
      // one more by the function's own fast path with the id check (appends inside a transaction).
      await client.query(this.appendStatement(stream, prepareAppend(stream, [primingEvent()], { expectedRevision: 'no-stream' }), false));
      await client.query(this.singleAppendStatement(stream, prepareAppend(stream, [primingEvent()], { expectedRevision: 0 })));
      await client.query(this.appendStatement(stream, prepareAppend(stream, [primingEvent()], { expectedRevision: 1 }), true));
    } finally {
      // A failed append already aborted the transaction; its error, not the rollback's, is the one to tell.
      await client.query('ROLLBACK').catch(() => undefined);
    }
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One migrator at a time across processes.
      await client.query('SELECT pg_advisory_xact_lock(7461829301)');
      for (const statement of postgresSchemaSql(this.options.schema ?? 'public')) await client.query(statement);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    if (options?.outbox?.length) return this.appendWithOutbox(streamId, events, options);
    return this.appendVia(this.pool, streamId, events, options, true);
  }

  /**
   * Events and outbox messages in one transaction on one pooled client: BEGIN, the same
   * es_append call, one multi-row INSERT of the messages, COMMIT. A conflict or a retry writes
   * no message (a retry's messages were stored with its events the first time).
   */
  private async appendWithOutbox(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, events, options);
    const outbox = prepareOutbox(options.outbox);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    let row: QueryResultRow;
    try {
      await client.query('BEGIN');
      row = (await client.query(this.appendStatement(streamId, prepared, true))).rows[0];
      if (row.status === 'ok') await client.query(this.outboxStatement(row.transaction_id, outbox));
      await client.query(row.status === 'ok' ? 'COMMIT' : 'ROLLBACK');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      const constraint = (error as { constraint?: string }).constraint;
      if (constraint === 'es_outbox_message_id_key') throw new OutboxMessageConflictError(streamId, outbox.map((m) => m.id));
      // A retry racing the first attempt met the events' unique index: answer as autocommit does.
      if (constraint !== 'es_events_event_id_key') throw error;
      row = await this.findEvents(this.pool, streamId, prepared);
    } finally {
      client.release(broken);
    }
    return this.answer(streamId, prepared, row, true, outbox.length > 0);
  }

  /**
   * A new stream's events, sealed with new keys for their subjects, and those keys (each wrapped,
   * for `pd_subject_keys` beside the events in this store's schema), in one statement and one
   * transaction: es_append_new_subjects. A referral costs one round trip and one commit instead of
   * two, and its child's key commits with the events that use it (and not at all when they are not
   * written). Undefined, with nothing appended, when any subject already has a key or was erased
   * (the events are sealed with keys that are not theirs; a retry meets its first attempt's keys):
   * the caller then reads the stored keys and appends as usual, which answers a retry as `append`
   * does. No outbox messages: they take `append`.
   */
  async appendWithNewSubjectKeys(streamId: string, events: readonly NewEvent[], options: AppendOptions | undefined, keys: readonly NewSubjectKey[]): Promise<AppendResult | undefined> {
    if (!this.subjectKeysBeside) throw new Error("appendWithNewSubjectKeys needs the subjects' keys beside the events: see keepNewSubjectKeysBeside");
    if (options?.outbox?.length) throw new TypeError('appendWithNewSubjectKeys stores no outbox messages: append them with `append`');
    const prepared = prepareAppend(streamId, events, options);
    let row: QueryResultRow;
    try {
      row = (await this.pool.query(this.newSubjectsStatement(streamId, prepared, keys))).rows[0];
    } catch (error) {
      // A repeated event id with new subjects (ids stored elsewhere, or two racing): the keys were
      // undone with the statement; answered as `append` answers it.
      if ((error as { constraint?: string }).constraint !== 'es_events_event_id_key') throw error;
      row = await this.findEvents(this.pool, streamId, prepared);
    }
    if (row.status === 'subjects-known') return undefined;
    return this.answer(streamId, prepared, row, true, false);
  }

  /** Whether `appendWithNewSubjectKeys` may be used: the subjects' keys are in this store's schema. */
  get recordsNewSubjectKeys(): boolean {
    return this.subjectKeysBeside;
  }

  /**
   * Says that this store's schema holds the subjects' keys (`pd_subject_keys`, made there by their
   * migrations when the keys have no database of their own), which `appendWithNewSubjectKeys`
   * writes; and primes its statement on `primeConnections` of the pool, as `create` primes the
   * others (the keys' table may not exist yet when the store is created).
   */
  async keepNewSubjectKeysBeside(primeConnections: number): Promise<void> {
    this.subjectKeysBeside = true;
    if (primeConnections === 0) return;
    await openConnections(this.pool, primeConnections, async (client) => {
      const id = randomUUID();
      const stream = `primed-${id}`;
      await client.query('BEGIN');
      try {
        const prepared = prepareAppend(stream, [primingEvent()], { expectedRevision: 'no-stream' });
        await client.query(this.newSubjectsStatement(stream, prepared, [{ subject: `primed:${id}`, wrappedKey: Buffer.alloc(60) }]));
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
      }
    });
  }

  private newSubjectsStatement(streamId: string, prepared: Prepared, keys: readonly NewSubjectKey[]) {
    // Sorted: two appends with subjects in common insert them in one order and never deadlock.
    const sorted = [...keys].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
    return {
      name: `es_append_new_subjects:${this.s}`,
      text: `SELECT * FROM ${this.s}.es_append_new_subjects($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      values: [
        binaryTextArray(sorted.map((k) => k.subject)),
        binaryByteaArray(sorted.map((k) => k.wrappedKey)),
        new Date().toISOString(),
        streamId,
        prepared.expected,
        ...eventArrays(prepared),
      ],
    };
  }

  /**
   * Appends as part of the caller's open transaction on `client` (for writes that must commit
   * with the events, such as outbox messages). The caller commits or rolls back; subscribers
   * see the events only once that transaction has committed, and never skip them.
   */
  appendWithin(client: PoolClient, streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.appendVia(client, streamId, events, options, false);
  }

  /** A client from the store's pool, for `appendWithin`. Release it when done. */
  connect(): Promise<PoolClient> {
    return this.pool.connect();
  }

  private async appendVia(
    db: Pool | PoolClient,
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions | undefined,
    autocommit: boolean,
  ): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, events, options);
    const outbox = prepareOutbox(options?.outbox);
    let row: QueryResultRow | undefined;
    try {
      // The usual command first (one event, autocommit, a stream that should exist): one plain
      // statement. No row back means the stream is new or elsewhere than expected: the function
      // then decides, under the head's lock, what the answer is.
      if (autocommit && prepared.events.length === 1 && prepared.expected !== -2 && outbox.length === 0) {
        const moved = (await db.query(this.singleAppendStatement(streamId, prepared))).rows[0];
        if (moved) row = { status: 'ok', ...moved };
      }
      row ??= (await db.query(this.appendStatement(streamId, prepared, !autocommit))).rows[0] as QueryResultRow;
    } catch (error) {
      // A repeated event id met the unique index (a retry, or two racing ones): answer as the
      // first time, or as an id conflict. Inside a caller's transaction the function looked first,
      // so this can only be a race there, and the aborted transaction is the caller's to retry.
      if (!autocommit || (error as { constraint?: string }).constraint !== 'es_events_event_id_key') throw error;
      row = await this.findEvents(db, streamId, prepared);
    }
    // Inside the caller's transaction: its outbox messages commit or roll back with it.
    if (row.status === 'ok' && outbox.length > 0) {
      try {
        await db.query(this.outboxStatement(row.transaction_id, outbox));
      } catch (error) {
        if ((error as { constraint?: string }).constraint === 'es_outbox_message_id_key') throw new OutboxMessageConflictError(streamId, outbox.map((m) => m.id));
        throw error;
      }
    }
    return this.answer(streamId, prepared, row, autocommit, outbox.length > 0);
  }

  private appendStatement(streamId: string, prepared: Prepared, checkIds: boolean) {
    return {
      name: `es_append:${this.s}`,
      text: `SELECT * FROM ${this.s}.es_append($1, $2, $3, $4, $5, $6, $7, $8)`,
      values: [streamId, prepared.expected, ...eventArrays(prepared), checkIds],
    };
  }

  /**
   * One event on a stream that exists and is where the caller expects, as one statement: the head
   * moved on (the link computed from its old values, as es_append computes it: see
   * postgres.schema.ts) and the event inserted with what the head became. It returns no row, and
   * writes nothing, when the stream does not exist or is elsewhere; a repeated event id meets the
   * unique index and undoes the head's move with the statement. The clock is read once (a
   * materialised CTE) so that the link and the stored time agree to the millisecond; it is read
   * before the head's lock, so a writer that waited for the lock records when it asked (never
   * earlier than the stream's previous event). Unlike es_append it cannot pin its plan to the index:
   * on a young store's one-page es_streams a sequential scan costs the same, and the heads' updates
   * have autoanalyze re-plan it as the table grows.
   */
  private singleAppendStatement(streamId: string, prepared: Prepared) {
    const [event] = prepared.events;
    return {
      name: `es_append_one:${this.s}`,
      text: `WITH clock AS MATERIALIZED (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms),
             head AS (
               UPDATE ${this.s}.es_streams h
                  SET revision = h.revision + 1,
                      last_hash = sha256(h.last_hash || $6::bytea || int8send(h.revision + 1) || int8send(greatest(clock.ms, h.last_recorded_ms))),
                      last_recorded_ms = greatest(clock.ms, h.last_recorded_ms),
                      last_transaction_id = greatest(pg_current_xact_id(), h.last_transaction_id)
                 FROM clock
                WHERE h.stream_id = $1 AND ($2::bigint = -1 OR ($2::bigint = -3 AND h.revision >= 0) OR h.revision = $2::bigint)
               RETURNING h.revision, h.last_hash, h.last_recorded_ms, h.last_transaction_id
             )
             INSERT INTO ${this.s}.es_events AS e (transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash)
             SELECT head.last_transaction_id, $1, head.revision, $3::uuid, $4, $5, $7,
                    timestamptz 'epoch' + head.last_recorded_ms * interval '1 millisecond', head.last_hash
               FROM head
             RETURNING e.revision, e.transaction_id::text AS transaction_id, e.position`,
      values: [streamId, prepared.expected, event.id, event.type, event.dataJson, event.contentHash, event.metadataJson],
    };
  }

  /** One INSERT for every message of an append, stamped with the transaction id its events got. */
  private outboxStatement(transactionId: string, outbox: PreparedOutboxMessage[]) {
    return {
      name: `es_outbox_insert:${this.s}`,
      text: `INSERT INTO ${this.s}.es_outbox (transaction_id, message_id, topic, key, type, payload, headers)
             SELECT $1::text::xid8, u.id, u.topic, u.key, u.type, u.payload, u.headers
               FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                    WITH ORDINALITY AS u(id, topic, key, type, payload, headers, ord)
              ORDER BY u.ord`,
      values: [
        transactionId,
        binaryUuidArray(outbox.map((m) => m.id)),
        binaryTextArray(outbox.map((m) => m.topic)),
        binaryTextArray(outbox.map((m) => m.key)),
        binaryTextArray(outbox.map((m) => m.type)),
        binaryTextArray(outbox.map((m) => m.payloadJson)),
        binaryTextArray(outbox.map((m) => m.headersJson)),
      ],
    };
  }

  private async findEvents(db: Pool | PoolClient, streamId: string, prepared: Prepared): Promise<QueryResultRow> {
    const ids = prepared.events.map((e) => e.id);
    return (await db.query({ name: `es_find_events:${this.s}`, text: `SELECT * FROM ${this.s}.es_find_events($1, $2)`, values: [streamId, ids] })).rows[0];
  }

  private answer(streamId: string, prepared: Prepared, row: QueryResultRow, autocommit: boolean, withMessages: boolean): AppendResult {
    switch (row.status) {
      case 'ok':
      case 'duplicate': {
        const written = row.status === 'ok';
        // Inside a caller's transaction nothing is visible until it commits; the poll finds it.
        if (written && autocommit) {
          this.listeners.notify();
          if (withMessages) this.outboxListeners.notify();
          this.signal.appended(withMessages);
        }
        return {
          streamId,
          nextExpectedRevision: Number(row.revision),
          position: encodePosition(row.transaction_id, row.position),
          written,
        };
      }
      case 'conflict':
        throw new WrongExpectedRevisionError(streamId, denormaliseExpected(prepared.expected), Number(row.revision));
      default:
        throw new EventIdConflictError(streamId, prepared.events.map((e) => e.id));
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const where = ['stream_id = $1'];
    const values: unknown[] = [streamId];
    const lowest = backwards ? options.toRevision : options.fromRevision;
    const highest = backwards ? options.fromRevision : options.toRevision;
    if (lowest !== undefined) where.push(`revision >= $${values.push(lowest)}`);
    if (highest !== undefined) where.push(`revision <= $${values.push(highest)}`);
    if (options.asOf && 'revision' in options.asOf) where.push(`revision <= $${values.push(options.asOf.revision)}`);
    if (options.asOf && 'time' in options.asOf) where.push(`recorded_at <= $${values.push(asOfTime(options.asOf.time))}`);
    const limit = options.limit === undefined ? '' : `LIMIT ${readLimit(options.limit, Number.MAX_SAFE_INTEGER)}`;
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM ${this.s}.es_events WHERE ${where.join(' AND ')}
        ORDER BY revision ${backwards ? 'DESC' : 'ASC'} ${limit}`,
      values,
    );
    return rows.map(mapRow);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { major, minor } = options.after ? decodePosition(options.after) : { major: 0n, minor: 0n };
    // ORDER BY names the table's columns: a bare `transaction_id` would mean the text alias in
    // COLUMNS, sorting by text ("10000" < "9999") and, without the index, the whole rest of the log.
    const { rows } = await this.pool.query({
      name: `es_read_all:${this.s}`,
      text: `SELECT ${COLUMNS} FROM ${this.s}.es_events
              WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
                AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              ORDER BY es_events.transaction_id, es_events.position
              LIMIT $3`,
      values: [major.toString(), minor.toString(), readLimit(options.limit, 10_000)],
    });
    return rows.map(mapRow);
  }

  async readAllOfTypes(types: readonly string[], options: ReadAllOptions = {}): Promise<TypedLogPage> {
    const { major, minor } = options.after ? decodePosition(options.after) : { major: 0n, minor: 0n };
    const values = [major.toString(), minor.toString(), readLimit(options.limit, 10_000), types];
    if (options.sparse) return this.readSparsePage(values);
    // The same page as readAll; rows of other types come back as their position alone, so
    // their data is neither sent nor parsed.
    const { rows } = await this.pool.query({
      name: `es_read_all_of_types:${this.s}`,
      text: `SELECT position, transaction_id::text AS transaction_id, type = ANY ($4::text[]) AS wanted,
                    CASE WHEN type = ANY ($4::text[]) THEN stream_id END AS stream_id,
                    CASE WHEN type = ANY ($4::text[]) THEN revision END AS revision,
                    CASE WHEN type = ANY ($4::text[]) THEN event_id END AS event_id,
                    CASE WHEN type = ANY ($4::text[]) THEN type END AS type,
                    CASE WHEN type = ANY ($4::text[]) THEN data END AS data,
                    CASE WHEN type = ANY ($4::text[]) THEN metadata END AS metadata,
                    CASE WHEN type = ANY ($4::text[]) THEN ${recordedMs()} END AS recorded_ms,
                    CASE WHEN type = ANY ($4::text[]) THEN encode(hash, 'hex') END AS hash
               FROM ${this.s}.es_events
              WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
                AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              ORDER BY es_events.transaction_id, es_events.position
              LIMIT $3`,
      values,
    });
    if (rows.length === 0) return { events: [], scanned: 0 };
    const last = rows[rows.length - 1];
    return {
      events: rows.filter((row) => row.wanted).map(mapRow),
      scanned: rows.length,
      scannedTo: encodePosition(last.transaction_id, last.position),
    };
  }

  /**
   * The same page, found by key alone: only its rows of the wanted types come back whole (fetched
   * by their row address, within this statement's snapshot), and its last row by position alone,
   * every row carrying the page's size. A page of thousands of other events is then a row or two
   * for this process to parse instead of thousands, for a little more of the database's time
   * (more than the plain read for a page of mostly wanted events: hence only when asked).
   */
  private async readSparsePage(values: unknown[]): Promise<TypedLogPage> {
    const { rows } = await this.pool.query({
      name: `es_read_sparse_page:${this.s}`,
      text: `SELECT page.position, page.transaction_id::text AS transaction_id, page.wanted, page.scanned,
                    e.stream_id, e.revision, e.event_id, e.type, e.data, e.metadata,
                    ${recordedMs('e.recorded_at')} AS recorded_ms, encode(e.hash, 'hex') AS hash
               FROM (SELECT keys.*, count(*) OVER () AS scanned, row_number() OVER (ORDER BY keys.transaction_id, keys.position) AS n
                       FROM (SELECT ctid AS address, transaction_id, position, type = ANY ($4::text[]) AS wanted
                               FROM ${this.s}.es_events
                              WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
                                AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                              ORDER BY es_events.transaction_id, es_events.position
                              LIMIT $3) keys) page
               LEFT JOIN ${this.s}.es_events e ON page.wanted AND e.ctid = page.address
              WHERE page.wanted OR page.n = page.scanned
              ORDER BY page.n`,
      values,
    });
    if (rows.length === 0) return { events: [], scanned: 0 };
    const last = rows[rows.length - 1];
    return {
      events: (last.wanted ? rows : rows.slice(0, -1)).map(mapRow),
      scanned: Number(last.scanned),
      scannedTo: encodePosition(last.transaction_id, last.position),
    };
  }

  async countEvents(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::bigint AS n FROM ${this.s}.es_events`);
    return Number(rows[0].n);
  }

  async readUnsentOutbox(limit: number): Promise<StoredOutboxMessage[]> {
    const { rows } = await this.pool.query({
      name: `es_outbox_unsent:${this.s}`,
      text: `SELECT message_id, topic, key, type, payload, headers, stored_at FROM ${this.s}.es_outbox
              WHERE sent_at IS NULL AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              ORDER BY transaction_id, seq
              LIMIT $1`,
      values: [readLimit(limit, 10_000)],
    });
    return rows.map((row) =>
      toStoredOutboxMessage({ ...row, id: row.message_id, storedAtMillis: (row.stored_at as Date).getTime() } as Parameters<typeof toStoredOutboxMessage>[0]),
    );
  }

  async markOutboxSent(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query({
      name: `es_outbox_sent:${this.s}`,
      text: `UPDATE ${this.s}.es_outbox SET sent_at = clock_timestamp() WHERE message_id = ANY ($1::uuid[]) AND sent_at IS NULL`,
      values: [ids],
    });
  }

  async countUnsentOutbox(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::bigint AS n FROM ${this.s}.es_outbox WHERE sent_at IS NULL`);
    return Number(rows[0].n);
  }

  async readOutboxDelivery(ids: readonly string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query({
      text: `SELECT message_id, sent_at FROM ${this.s}.es_outbox WHERE message_id = ANY ($1::uuid[])`,
      values: [ids.map((id) => id.toLowerCase())],
    });
    return new Map(rows.map((row) => [row.message_id as string, row.sent_at ? (row.sent_at as Date).toISOString() : null]));
  }

  async pruneSentOutbox(sentBefore: Date, limit: number): Promise<number> {
    const args = pruneArguments(sentBefore, limit);
    // One bounded batch by primary key (an index scan, never the whole table), found through
    // es_outbox_sent; rows another pruner holds are skipped rather than waited for. `sent_at < $1` is false for unsent rows (NULL).
    const { rowCount } = await this.pool.query({
      name: `es_outbox_prune:${this.s}`,
      text: `DELETE FROM ${this.s}.es_outbox WHERE seq = ANY (ARRAY(
               SELECT seq FROM ${this.s}.es_outbox WHERE sent_at < $1 ORDER BY sent_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      values: [new Date(args.before), args.limit],
    });
    return rowCount ?? 0;
  }

  onAppended(listener: () => void): () => void {
    this.signal.listen();
    return this.listeners.add(listener);
  }

  onOutboxAppended(listener: () => void): () => void {
    this.signal.listen();
    return this.outboxListeners.add(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.outboxListeners.clear();
    await this.signal.close();
    if (this.options.dataSource.isInitialized) await this.options.dataSource.destroy();
  }
}

function mapRow(row: QueryResultRow): RecordedEvent {
  return toRecordedEvent({
    position: encodePosition(row.transaction_id, row.position),
    streamId: row.stream_id,
    revision: Number(row.revision),
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAtMillis: row.recorded_ms as number,
    hash: row.hash as string,
  });
}
