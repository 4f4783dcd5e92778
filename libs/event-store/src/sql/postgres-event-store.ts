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
} from '../event-store.port';
import { EventIdConflictError, WrongExpectedRevisionError } from '../errors';
import { decodePosition, encodePosition } from '../log-position';
import { denormaliseExpected, prepareAppend } from '../prepare-append';
import { AppendListeners, asOfTime, readLimit, toRecordedEvent } from './sql-common';
import { postgresSchemaSql, quoteIdent } from './postgres.schema';

export interface PostgresEventStoreOptions {
  /** A TypeORM DataSource of type `postgres`; its pool carries every statement. */
  dataSource: DataSource;
  /** The PostgreSQL schema holding the event tables (default `public`). */
  schema?: string;
}

const RECORD_SEPARATOR = '\u001e';

const COLUMNS = 'position, transaction_id::text AS transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash';

/**
 * The SQL adapter on PostgreSQL. The connection comes from TypeORM; the hot paths send
 * parameterised, named (prepared) statements straight to its pg pool: one round trip per
 * append, one per read batch.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly s: string;
  private readonly listeners = new AppendListeners();

  private constructor(private readonly options: PostgresEventStoreOptions) {
    if (options.dataSource.options.type !== 'postgres') throw new TypeError('PostgresEventStore needs a postgres DataSource');
    this.pool = (options.dataSource.driver as unknown as { master: Pool }).master;
    this.s = quoteIdent(options.schema ?? 'public');
  }

  /** Creates the schema if needed (safe to run from several processes at once). */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    await store.migrate();
    return store;
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
    return this.appendVia(this.pool, streamId, events, options, true);
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
    const values = [
      streamId,
      prepared.expected,
      prepared.events.map((e) => e.id),
      prepared.events.map((e) => e.type),
      // One text each, split by the server: canonical JSON never holds a raw U+001E (it is
      // escaped as \u001e), and it spares the driver quoting every element of a text array.
      prepared.events.map((e) => e.dataJson).join(RECORD_SEPARATOR),
      prepared.events.map((e) => e.metadataJson).join(RECORD_SEPARATOR),
      prepared.events.map((e) => e.contentHash),
    ];
    const statement = {
      name: `es_append:${this.s}`,
      text: `SELECT * FROM ${this.s}.es_append($1, $2, $3, $4, string_to_array($5, chr(30)), string_to_array($6, chr(30)), $7, $8)`,
      values: [...values, !autocommit],
    };
    let row: QueryResultRow;
    try {
      row = (await db.query(statement)).rows[0];
    } catch (error) {
      // A repeated event id met the unique index (a retry, or two racing ones): answer as the
      // first time, or as an id conflict. Inside a caller's transaction the function looked first,
      // so this can only be a race there, and the aborted transaction is the caller's to retry.
      if (!autocommit || (error as { constraint?: string }).constraint !== 'es_events_event_id_key') throw error;
      row = (
        await db.query({ name: `es_find_events:${this.s}`, text: `SELECT * FROM ${this.s}.es_find_events($1, $2)`, values: [streamId, values[2]] })
      ).rows[0];
    }
    switch (row.status) {
      case 'ok':
      case 'duplicate': {
        const written = row.status === 'ok';
        // Inside a caller's transaction nothing is visible until it commits; the poll finds it.
        if (written && autocommit) this.listeners.notify();
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

  async countEvents(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::bigint AS n FROM ${this.s}.es_events`);
    return Number(rows[0].n);
  }

  onAppended(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
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
    recordedAtMillis: (row.recorded_at as Date).getTime(),
    hash: row.hash as Buffer,
  });
}
