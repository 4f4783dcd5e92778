import type { Database, Statement } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  TypedLogPage,
  RecordedEvent,
} from '../event-store.port';
import { EventIdConflictError, OutboxMessageConflictError, WrongExpectedRevisionError } from '../errors';
import { GENESIS_HASH, linkHash } from '../integrity/hash-chain';
import { decodePosition, encodePosition } from '../log-position';
import { OutboxStore, PreparedOutboxMessage, StoredOutboxMessage, prepareOutbox, pruneArguments, toStoredOutboxMessage } from '../outbox/outbox';
import { denormaliseExpected, prepareAppend, revisionMatches } from '../prepare-append';
import { AppendListeners, asOfTime, readLimit, toRecordedEvent } from './sql-common';
import { checkpointOffTheEventLoop } from './wal-checkpointer';
import { WalSync } from './wal-sync';

export interface SqliteEventStoreOptions {
  /** A TypeORM DataSource of type `better-sqlite3`, used by this store alone. */
  dataSource: DataSource;
  /** Create the tables if missing (default); false where the event store's migrations made them (openEventStore). */
  createSchema?: boolean;
}

/** The tables, as the event store's first migration was generated from (libs/event-store/src/migrations). */
export const SQLITE_EVENT_STORE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS es_streams (
     stream_id TEXT PRIMARY KEY,
     revision INTEGER NOT NULL,
     last_hash BLOB NOT NULL,
     last_recorded_ms INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS es_events (
     position INTEGER PRIMARY KEY AUTOINCREMENT,
     stream_id TEXT NOT NULL,
     revision INTEGER NOT NULL,
     event_id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     metadata TEXT NOT NULL,
     recorded_at INTEGER NOT NULL,
     hash BLOB NOT NULL,
     UNIQUE (stream_id, revision)
   )`,
  // The transactional outbox: written inside the append's transaction, so messages commit with
  // their events; one writer at a time makes `seq` the commit order.
  `CREATE TABLE IF NOT EXISTS es_outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     message_id TEXT NOT NULL UNIQUE,
     topic TEXT NOT NULL,
     key TEXT NOT NULL,
     type TEXT NOT NULL,
     payload TEXT NOT NULL,
     headers TEXT NOT NULL,
     stored_at INTEGER NOT NULL,
     sent_at INTEGER
   )`,
  'CREATE INDEX IF NOT EXISTS es_outbox_unsent ON es_outbox (seq) WHERE sent_at IS NULL',
  // Pruning sent messages (pruneSentOutbox) finds the oldest sent first.
  'CREATE INDEX IF NOT EXISTS es_outbox_sent ON es_outbox (sent_at) WHERE sent_at IS NOT NULL',
];

// The hash as lowercase hex, as RecordedEvent carries it: no Buffer made per row to convert back.
const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at, lower(hex(hash)) AS hash';

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
  hash: string;
}

/**
 * The SQL adapter on SQLite (better-sqlite3), the embedded default. SQLite has one writer at
 * a time and each append runs synchronously inside one IMMEDIATE transaction, so positions
 * are handed out in commit order: a reader can never see position n+1 before n. The
 * connection comes from TypeORM; statements are prepared once on its better-sqlite3 handle.
 *
 * Durability: an append answers once its commit is on disk, but the fsync that puts it there runs
 * off the event loop (WalSync), shared by the appends committed meanwhile. Until then the commit
 * is visible to this connection, so the log's readers (readAll, readAllOfTypes, the outbox) stop
 * below the first commit still waiting for its fsync: a projection or the relay never acts on an
 * event a power cut could still take back. A stream read sees it (the next append's revision
 * check must), and an fsync covers every commit before it, so what is built on it is never kept
 * without it.
 */
export class SqliteEventStore implements EventStore, OutboxStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database;
  private readonly listeners = new AppendListeners();
  private readonly outboxListeners = new AppendListeners();
  private readonly statements: ReturnType<SqliteEventStore['prepareStatements']>;
  private readonly typedReads = new Map<number, Statement>();
  private readonly statementCache = new Map<string, Statement>();
  private readonly appendTransaction: (streamId: string, prepared: ReturnType<typeof prepareAppend>, outbox: PreparedOutboxMessage[]) => AppendResult;
  /** The log's fsync off the event loop; none for an in-memory database. */
  private readonly walSync: WalSync | undefined;
  /** Commits waiting for their fsync: the first position and outbox seq each wrote. Readers stop below the lowest. */
  private readonly unsynced = new Set<{ position: number; seq: number }>();
  /** Gives the connection its own checkpoints back (see wal-checkpointer), before it closes. */
  private releaseCheckpoints: () => Promise<void> = async () => undefined;
  /** What the last appendNow wrote first (set inside its transaction). */
  private lastWrite = { position: 0, seq: Number.MAX_SAFE_INTEGER };

  private constructor(private readonly options: SqliteEventStoreOptions) {
    if (options.dataSource.options.type !== 'better-sqlite3') throw new TypeError('SqliteEventStore needs a better-sqlite3 DataSource');
    this.db = (options.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
    this.db.pragma('journal_mode = WAL');
    // The record is evidence: every commit reaches the disk before the append answers. The
    // fsync is ours (WalSync), off the event loop; NORMAL still syncs around every checkpoint.
    this.walSync = this.db.memory ? undefined : new WalSync(`${this.db.name}-wal`);
    this.db.pragma(this.walSync ? 'synchronous = NORMAL' : 'synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    if (options.createSchema !== false) for (const statement of SQLITE_EVENT_STORE_SCHEMA) this.db.exec(statement);
    this.statements = this.prepareStatements();
    this.appendTransaction = this.db.transaction((streamId, prepared, outbox) => this.appendNow(streamId, prepared, outbox)).immediate;
  }

  static async create(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const store = new SqliteEventStore(options);
    // The log's checkpoints (a copy and two fsyncs every thousand pages) off the event loop.
    store.releaseCheckpoints = await checkpointOffTheEventLoop(store.db);
    return store;
  }

  private prepareStatements() {
    return {
      findIds: (count: number): Statement =>
        this.prepared(`SELECT stream_id, revision, position FROM es_events WHERE event_id IN (${new Array(count).fill('?').join(',')}) ORDER BY revision DESC`),
      head: this.db.prepare('SELECT revision, last_hash, last_recorded_ms FROM es_streams WHERE stream_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertHead: this.db.prepare(
        `INSERT INTO es_streams (stream_id, revision, last_hash, last_recorded_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash, last_recorded_ms = excluded.last_recorded_ms`,
      ),
      readAll: this.db.prepare(`SELECT ${COLUMNS} FROM es_events WHERE position > ? AND position < ? ORDER BY position LIMIT ?`),
      count: this.db.prepare('SELECT count(*) AS n FROM es_events'),
      insertOutbox: this.db.prepare(
        'INSERT INTO es_outbox (message_id, topic, key, type, payload, headers, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      unsentOutbox: this.db.prepare(
        'SELECT message_id, topic, key, type, payload, headers, stored_at FROM es_outbox WHERE sent_at IS NULL AND seq < ? ORDER BY seq LIMIT ?',
      ),
      markSent: this.db.prepare('UPDATE es_outbox SET sent_at = ? WHERE message_id = ? AND sent_at IS NULL'),
      countUnsent: this.db.prepare('SELECT count(*) AS n FROM es_outbox WHERE sent_at IS NULL'),
      pruneSent: this.db.prepare('DELETE FROM es_outbox WHERE seq IN (SELECT seq FROM es_outbox WHERE sent_at < ? ORDER BY sent_at LIMIT ?)'),
    };
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, events, options);
    const outbox = prepareOutbox(options?.outbox);
    let result: AppendResult;
    try {
      result = this.appendTransaction(streamId, prepared, outbox);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      if (/es_outbox\.message_id/.test((error as Error).message)) throw new OutboxMessageConflictError(streamId, outbox.map((m) => m.id));
      // A repeated event id met the unique index and the transaction rolled back: a retry is
      // answered as the first time, anything else is an id conflict.
      if (!/es_events\.event_id/.test((error as Error).message)) throw error;
      result = this.repeated(streamId, prepared) ?? throwIdConflict(streamId, prepared);
    }
    if (this.walSync) {
      // Also for a repeat (written: false): the first append may still be waiting for its fsync.
      const commit = result.written ? this.lastWrite : undefined;
      if (commit) this.unsynced.add(commit);
      try {
        await this.walSync.sync();
      } finally {
        if (commit) this.unsynced.delete(commit);
      }
    }
    if (result.written) {
      this.listeners.notify();
      if (outbox.length > 0) this.outboxListeners.notify();
    }
    return result;
  }

  /** Readers of the log see positions below this (and outbox messages below `seq`): what is on disk. */
  private readLimits(): { position: number; seq: number } {
    let position = Number.MAX_SAFE_INTEGER;
    let seq = Number.MAX_SAFE_INTEGER;
    for (const commit of this.unsynced) {
      position = Math.min(position, commit.position);
      seq = Math.min(seq, commit.seq);
    }
    return { position, seq };
  }

  /**
   * How an append whose event ids are already stored is answered: as the first time when every id
   * is in this stream (nothing written), undefined when none is stored; an id conflict otherwise.
   */
  private repeated(streamId: string, prepared: ReturnType<typeof prepareAppend>): AppendResult | undefined {
    const ids = prepared.events.map((e) => e.id);
    const found = this.statements.findIds(ids.length).all(...ids) as { stream_id: string; revision: number; position: number }[];
    if (found.length === 0) return undefined;
    if (found.length === ids.length && found.every((row) => row.stream_id === streamId)) {
      return { streamId, nextExpectedRevision: found[0].revision, position: encodePosition(found[0].position, found[0].position), written: false };
    }
    return throwIdConflict(streamId, prepared);
  }

  /**
   * One append inside its IMMEDIATE transaction. Ids are not looked up first: a repeated id meets
   * the unique index, which rolls the transaction back (see append). Only a stream found elsewhere
   * than expected looks, because a retry of an append that succeeded finds its stream moved on.
   */
  private appendNow(streamId: string, prepared: ReturnType<typeof prepareAppend>, outbox: PreparedOutboxMessage[]): AppendResult {
    const head = this.statements.head.get(streamId) as { revision: number; last_hash: Buffer; last_recorded_ms: number } | undefined;
    const current = head?.revision ?? -1;
    if (!revisionMatches(prepared.expected, current)) {
      const repeat = this.repeated(streamId, prepared);
      if (repeat) return repeat;
      throw new WrongExpectedRevisionError(streamId, denormaliseExpected(prepared.expected), current);
    }
    const now = Math.max(Date.now(), head?.last_recorded_ms ?? 0);
    let hash = head?.last_hash ?? GENESIS_HASH;
    let revision = current;
    let position = 0;
    let first = 0;
    for (const event of prepared.events) {
      revision++;
      hash = linkHash(hash, event.contentHash, revision, now);
      const info = this.statements.insert.run(streamId, revision, event.id, event.type, event.dataJson, event.metadataJson, now, hash);
      position = Number(info.lastInsertRowid);
      first ||= position;
    }
    this.statements.upsertHead.run(streamId, revision, hash, now);
    let seq = Number.MAX_SAFE_INTEGER;
    for (const m of outbox) {
      const info = this.statements.insertOutbox.run(m.id, m.topic, m.key, m.type, m.payloadJson, m.headersJson, now);
      seq = Math.min(seq, Number(info.lastInsertRowid));
    }
    this.lastWrite = { position: first, seq };
    return { streamId, nextExpectedRevision: revision, position: encodePosition(position, position), written: true };
  }

  /**
   * A statement prepared once per SQL text: preparing costs more than running these lookups (a
   * command reads its stream, and an append looks its ids up, on every request). The texts are
   * ours, made from a few shapes and numbers, never from values: the cache stays small.
   */
  private prepared(sql: string): Statement {
    let statement = this.statementCache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statementCache.size < 256) this.statementCache.set(sql, statement);
    }
    return statement;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const where = ['stream_id = ?'];
    const values: unknown[] = [streamId];
    const lowest = backwards ? options.toRevision : options.fromRevision;
    const highest = backwards ? options.fromRevision : options.toRevision;
    if (lowest !== undefined) where.push('revision >= ?') && values.push(lowest);
    if (highest !== undefined) where.push('revision <= ?') && values.push(highest);
    if (options.asOf && 'revision' in options.asOf) where.push('revision <= ?') && values.push(options.asOf.revision);
    if (options.asOf && 'time' in options.asOf) where.push('recorded_at <= ?') && values.push(asOfTime(options.asOf.time).getTime());
    const limit = options.limit === undefined ? '' : `LIMIT ${readLimit(options.limit, Number.MAX_SAFE_INTEGER)}`;
    const rows = this.prepared(`SELECT ${COLUMNS} FROM es_events WHERE ${where.join(' AND ')} ORDER BY revision ${backwards ? 'DESC' : 'ASC'} ${limit}`).all(
      ...values,
    ) as Row[];
    return rows.map(mapRow);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ? decodePosition(options.after).minor : 0n;
    const rows = this.statements.readAll.all(after, this.readLimits().position, readLimit(options.limit, 10_000)) as Row[];
    return rows.map(mapRow);
  }

  async readAllOfTypes(types: readonly string[], options: ReadAllOptions = {}): Promise<TypedLogPage> {
    const after = options.after ? decodePosition(options.after).minor : 0n;
    const below = this.readLimits().position;
    const rows = this.typedRead(types.length).all(...types, ...types, ...types, ...types, after, below, readLimit(options.limit, 10_000)) as (Row & { wanted: number })[];
    if (rows.length === 0) return { events: [], scanned: 0 };
    const last = rows[rows.length - 1].position;
    return { events: rows.filter((row) => row.wanted === 1).map(mapRow), scanned: rows.length, scannedTo: encodePosition(last, last) };
  }

  /**
   * The same page as readAll; rows of other types come back without their data. One statement per
   * number of types, the types bound (a bound IN list costs a few microseconds a read; json_each
   * cost ten times that, and projections read after every append).
   */
  private typedRead(count: number): Statement {
    let statement = this.typedReads.get(count);
    if (!statement) {
      const list = `type IN (${Array.from({ length: count }, () => '?').join(', ')})`;
      statement = this.db.prepare(
        `SELECT position, stream_id, revision, event_id, type, ${list} AS wanted,
                CASE WHEN ${list} THEN data END AS data,
                CASE WHEN ${list} THEN metadata END AS metadata,
                recorded_at,
                CASE WHEN ${list} THEN lower(hex(hash)) END AS hash
           FROM es_events WHERE position > ? AND position < ? ORDER BY position LIMIT ?`,
      );
      this.typedReads.set(count, statement);
    }
    return statement;
  }

  async countEvents(): Promise<number> {
    return (this.statements.count.get() as { n: number }).n;
  }

  async readUnsentOutbox(limit: number): Promise<StoredOutboxMessage[]> {
    const rows = this.statements.unsentOutbox.all(this.readLimits().seq, readLimit(limit, 10_000)) as {
      message_id: string;
      topic: string;
      key: string;
      type: string;
      payload: string;
      headers: string;
      stored_at: number;
    }[];
    return rows.map((row) => toStoredOutboxMessage({ ...row, id: row.message_id, storedAtMillis: row.stored_at }));
  }

  async markOutboxSent(ids: readonly string[]): Promise<void> {
    const now = Date.now();
    this.db.transaction(() => {
      for (const id of ids) this.statements.markSent.run(now, id);
    }).immediate();
  }

  async countUnsentOutbox(): Promise<number> {
    return (this.statements.countUnsent.get() as { n: number }).n;
  }

  async readOutboxDelivery(ids: readonly string[]): Promise<Map<string, string | null>> {
    const found = new Map<string, string | null>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500).map((id) => id.toLowerCase());
      const rows = this.db
        .prepare(`SELECT message_id, sent_at FROM es_outbox WHERE message_id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as { message_id: string; sent_at: number | null }[];
      for (const row of rows) found.set(row.message_id, row.sent_at === null ? null : new Date(row.sent_at).toISOString());
    }
    return found;
  }

  async pruneSentOutbox(sentBefore: Date, limit: number): Promise<number> {
    const args = pruneArguments(sentBefore, limit);
    // One statement, one short write transaction; `sent_at < ?` is false for unsent rows (NULL).
    return this.statements.pruneSent.run(args.before, args.limit).changes;
  }

  onAppended(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  onOutboxAppended(listener: () => void): () => void {
    return this.outboxListeners.add(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.outboxListeners.clear();
    await this.walSync?.close();
    await this.releaseCheckpoints();
    if (this.options.dataSource.isInitialized) await this.options.dataSource.destroy();
  }
}

function mapRow(row: Row): RecordedEvent {
  return toRecordedEvent({
    position: encodePosition(row.position, row.position),
    streamId: row.stream_id,
    revision: row.revision,
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAtMillis: row.recorded_at,
    hash: row.hash,
  });
}

function throwIdConflict(streamId: string, prepared: ReturnType<typeof prepareAppend>): never {
  throw new EventIdConflictError(streamId, prepared.events.map((e) => e.id));
}
