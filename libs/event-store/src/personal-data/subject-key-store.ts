import { randomBytes } from 'node:crypto';
import { WalSync } from '../sql/wal-sync';
import type { DataSource } from 'typeorm';
import { unwrapKey, wrapKey } from './personal-data';

/**
 * A process whose master key is not the one the stored subject keys are wrapped with. It must not
 * start: it would wrap new subjects' keys that no other process can open, and every projection
 * would then fail on them for good.
 */
export class MasterKeyMismatchError extends Error {
  override readonly name = 'MasterKeyMismatchError';
}

/** The check value's row, and the constant it seals (AES-256-GCM under the master key, like a subject's key). */
const CHECK_ID = 'master-key';
const CHECK_AAD = 'pd-master-key-check';
const CHECK_PLAINTEXT = Buffer.from('safeguard personal data master key check v1', 'utf8');

type KeyRow = { subject: string; wrapped_key: Buffer | null };

/** Who erased a subject, when and why: kept where the key was, as the key's tombstone. */
export interface SubjectErasure {
  subject: string;
  erasedAt: string;
  userId: string;
  agencyId: string;
  reason: string;
}

/** The tables of subjects' keys, as their first migration was generated from (libs/event-store/src/migrations). */
export function subjectKeySchemaSql(postgres: boolean, schema = 'public'): string[] {
  const table = postgres ? `"${schema}".pd_subject_keys` : 'pd_subject_keys';
  const checkTable = postgres ? `"${schema}".pd_master_key_check` : 'pd_master_key_check';
  const blob = postgres ? 'bytea' : 'BLOB';
  return [
    ...(postgres ? [`CREATE SCHEMA IF NOT EXISTS "${schema}"`] : []),
    `CREATE TABLE IF NOT EXISTS ${table} (
       subject varchar(120) PRIMARY KEY,
       wrapped_key ${blob},
       created_at varchar(30) NOT NULL,
       erased_at varchar(30),
       erased_by varchar(100),
       erased_agency varchar(100),
       erasure_reason varchar(2000)
     )`,
    // The check value lives beside the keys (same database and schema), in a table of its own so
    // that nothing reading subjects' keys ever sees it.
    `CREATE TABLE IF NOT EXISTS ${checkTable} (id varchar(40) PRIMARY KEY, check_value ${blob} NOT NULL, created_at varchar(30) NOT NULL)`,
  ];
}

/**
 * The data keys of subjects, wrapped with the master key, in a table apart from the events
 * (`pd_subject_keys`). Erasing a subject deletes its key for good and leaves a tombstone saying
 * who erased it and why; a subject once erased never gets a key again.
 */
export class SubjectKeyStore {
  /**
   * On SQLite, a new key or an erasure reaches the disk before it is used (WalSync, off the event
   * loop): the database runs in WAL mode with synchronous NORMAL, where a power cut could take back
   * a key whose events the event store had already written durably, leaving them unreadable.
   */
  private walSync: WalSync | undefined;
  /**
   * On SQLite, what the last successful sync covers of the keys made through this store: inserts
   * under way (a key they made may be committed and seen before they return), inserts returned,
   * and how many of those had returned when the last successful sync began. One store per
   * connection (as openProtectedEventStore opens them): another connection's keys are told by
   * `data_version`, the one it read before its last successful sync.
   */
  private insertsUnderWay = 0;
  private insertsReturned = 0;
  private insertsSynced = 0;
  private syncedDataVersion: number | undefined;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly table: string,
    private readonly postgres: boolean,
    private readonly masterKey: Buffer,
  ) {}

  /** A SQLite file in WAL mode whose commits SQLite itself does not sync (NORMAL, the WAL default) gets ours. */
  private async syncCommitsIfSqliteWontItself(): Promise<void> {
    if (this.dataSource.options.type !== 'better-sqlite3' || String(this.dataSource.options.database) === ':memory:') return;
    const [{ journal_mode: mode }] = (await this.dataSource.query('PRAGMA journal_mode')) as { journal_mode: string }[];
    const [{ synchronous }] = (await this.dataSource.query('PRAGMA synchronous')) as { synchronous: number }[];
    if (mode === 'wal' && synchronous < 2) this.walSync = new WalSync(`${String(this.dataSource.options.database)}-wal`);
  }

  /** `createTables: false` where the subjects' keys migrations made them (openProtectedEventStore). */
  static async open(dataSource: DataSource, masterKey: Buffer, schema?: string, { createTables = true } = {}): Promise<SubjectKeyStore> {
    if (masterKey.length !== 32) throw new RangeError('The personal data master key must be 32 bytes (base64 of 32 random bytes)');
    const postgres = dataSource.options.type === 'postgres';
    const table = postgres ? `"${schema ?? 'public'}".pd_subject_keys` : 'pd_subject_keys';
    const checkTable = postgres ? `"${schema ?? 'public'}".pd_master_key_check` : 'pd_master_key_check';
    if (createTables) for (const statement of subjectKeySchemaSql(postgres, schema)) await dataSource.query(statement);
    const store = new SubjectKeyStore(dataSource, table, postgres, masterKey);
    await store.syncCommitsIfSqliteWontItself();
    await store.verifyMasterKey(checkTable);
    return store;
  }

  /**
   * Refuses a master key other than the one this store's keys are wrapped with: checked against the
   * check value the first process wrote. A store from before the check gets one now, from a key
   * that opens its existing subject keys (so a wrong key cannot claim an existing store).
   */
  private async verifyMasterKey(checkTable: string): Promise<void> {
    const mismatch = () =>
      new MasterKeyMismatchError(
        `PERSONAL_DATA_MASTER_KEY is not the master key the subjects' keys in ${this.table} are wrapped with ` +
          '(or, where it is unset, the key in PERSONAL_DATA_MASTER_KEY_FILE): every process that reads or writes events needs the same key. ' +
          'This process refuses to start rather than write personal data no other process can read.',
      );
    const opens = (wrapped: Buffer, aad: string): Buffer | undefined => {
      try {
        return unwrapKey(wrapped, this.masterKey, aad);
      } catch {
        return undefined;
      }
    };
    const stored = async () =>
      ((await this.dataSource.query(`SELECT check_value FROM ${checkTable} WHERE id = ${this.p(1)}`, [CHECK_ID])) as { check_value: Buffer }[])[0]?.check_value;

    let check = await stored();
    if (check === undefined) {
      const [existing] = (await this.dataSource.query(`SELECT subject, wrapped_key FROM ${this.table} WHERE wrapped_key IS NOT NULL LIMIT 1`)) as {
        subject: string;
        wrapped_key: Buffer;
      }[];
      if (existing && !opens(Buffer.from(existing.wrapped_key), existing.subject)) throw mismatch();
      // Concurrent first processes: the first insert stands, and every one checks against it.
      await this.dataSource.query(`INSERT INTO ${checkTable} (id, check_value, created_at) VALUES (${this.list(1, 3)}) ON CONFLICT (id) DO NOTHING`, [
        CHECK_ID,
        wrapKey(CHECK_PLAINTEXT, this.masterKey, CHECK_AAD),
        new Date().toISOString(),
      ]);
      check = await stored();
    }
    const opened = check === undefined ? undefined : opens(Buffer.from(check), CHECK_AAD);
    if (!opened || !opened.equals(CHECK_PLAINTEXT)) throw mismatch();
  }

  private p(i: number): string {
    return this.postgres ? `$${i}` : '?';
  }

  private list(from: number, count: number): string {
    return Array.from({ length: count }, (_, i) => this.p(from + i)).join(', ');
  }

  /**
   * The data key of each subject; null for an erased one. With `create`, a subject without a key
   * gets one (concurrent creators agree on the first). With `create` and `likelyNew` (the events of
   * a stream being opened: a new case's child has no key yet) the keys are inserted first and only
   * the subjects that had one already are read: one statement instead of two for a new subject; for
   * an existing one, one more (an insert that writes nothing, its key made and wrapped for nothing).
   */
  async keysFor(subjects: Iterable<string>, create: boolean, { likelyNew = false } = {}): Promise<Map<string, Buffer | null>> {
    const wanted = [...new Set(subjects)];
    const keys = new Map<string, Buffer | null>();
    if (wanted.length === 0) return keys;
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500);
      let rows: KeyRow[];
      // Keys this call made, and keys it found (which another call or connection may have made a
      // moment ago and not synced yet): on disk before any is used, one sync for both.
      let made = 0;
      let found = 0;
      if (create && likelyNew) {
        // A subject with a row already (a key, or an erasure's tombstone) conflicts and is left as
        // it is; it is then read as stored, so an erased subject still gets no key.
        const created = await this.insertKeys(chunk, 'DO NOTHING');
        const known = new Set(created.map((r) => r.subject));
        const others = chunk.filter((s) => !known.has(s));
        rows = others.length > 0 ? [...created, ...(await this.select(others))] : created;
        made = created.length;
        found = rows.length - made;
      } else {
        rows = await this.select(chunk);
        found = rows.length;
        if (create && rows.length < chunk.length) {
          const known = new Set(rows.map((r) => r.subject));
          // A subject that another writer created (or erased) meanwhile comes back as stored,
          // through the no-op update; the others come back with the key just made.
          const inserted = await this.insertKeys(chunk.filter((s) => !known.has(s)), 'DO UPDATE SET subject = excluded.subject');
          rows = [...rows, ...inserted];
          made = inserted.length;
        }
      }
      if (create && made > 0) await this.syncKeys();
      else if (create && found > 0) await this.syncKeysIfAnyMayNotBe();
      for (const row of rows) keys.set(row.subject, row.wrapped_key ? unwrapKey(Buffer.from(row.wrapped_key), this.masterKey, row.subject) : null);
    }
    return keys;
  }

  /** Syncs the keys' log (SQLite): every key committed before it begins is then on disk. */
  private async syncKeys(dataVersion?: number): Promise<void> {
    if (!this.walSync) return;
    const returned = this.insertsReturned;
    await this.walSync.sync();
    // Only a sync that succeeded counts; the inserts that returned before it began are covered.
    this.insertsSynced = Math.max(this.insertsSynced, returned);
    if (dataVersion !== undefined) this.syncedDataVersion = dataVersion;
  }

  /**
   * Syncs the log where a key just found may not be on disk yet: an insert of this store is under
   * way or returned after the last successful sync began, or another connection (another process)
   * has committed since (SQLite's `data_version` moves only for other connections' commits).
   */
  private async syncKeysIfAnyMayNotBe(): Promise<void> {
    if (!this.walSync) return;
    const [{ data_version: version }] = (await this.dataSource.query('PRAGMA data_version')) as { data_version: number }[];
    if (this.insertsUnderWay === 0 && this.insertsReturned === this.insertsSynced && version === this.syncedDataVersion) return;
    await this.syncKeys(version);
  }

  /**
   * New keys for `subjects`, made and wrapped but not stored: for an adapter that stores them with
   * the events sealed with them (PostgresEventStore.appendWithNewSubjectKeys).
   */
  makeKeys(subjects: Iterable<string>): Map<string, { key: Buffer; wrappedKey: Buffer }> {
    const made = new Map<string, { key: Buffer; wrappedKey: Buffer }>();
    for (const subject of subjects) {
      const key = randomBytes(32);
      made.set(subject, { key, wrappedKey: wrapKey(key, this.masterKey, subject) });
    }
    return made;
  }

  /** New keys for `subjects` in one statement; the rows it returns (on a conflict, per `onConflict`). The caller syncs them before use. */
  private async insertKeys(subjects: string[], onConflict: 'DO NOTHING' | 'DO UPDATE SET subject = excluded.subject'): Promise<KeyRow[]> {
    const now = new Date().toISOString();
    const values: unknown[] = [];
    // In one order everywhere (as appendWithNewSubjectKeys inserts them): two writers of the same
    // subjects never wait for each other's rows in opposite orders.
    const tuples = [...this.makeKeys([...subjects].sort())].map(([subject, { wrappedKey }], j) => {
      values.push(subject, wrappedKey, now);
      return `(${this.list(j * 3 + 1, 3)})`;
    });
    this.insertsUnderWay++;
    try {
      return (await this.dataSource.query(
        `INSERT INTO ${this.table} (subject, wrapped_key, created_at) VALUES ${tuples.join(', ')}
         ON CONFLICT (subject) ${onConflict} RETURNING subject, wrapped_key`,
        values,
      )) as KeyRow[];
    } finally {
      this.insertsUnderWay--;
      this.insertsReturned++;
    }
  }

  /** Destroys the subject's key (and any it might get later); false when it was already erased. */
  async erase(erasure: SubjectErasure): Promise<boolean> {
    const { subject, erasedAt, userId, agencyId, reason } = erasure;
    const write = async (manager: Pick<DataSource, 'query'>) => {
      await manager.query(
        `INSERT INTO ${this.table} (subject, wrapped_key, created_at) VALUES (${this.list(1, 3)}) ON CONFLICT (subject) DO NOTHING`,
        [subject, null, erasedAt],
      );
      await manager.query(
        `UPDATE ${this.table} SET wrapped_key = NULL, erased_at = ${this.p(1)}, erased_by = ${this.p(2)}, erased_agency = ${this.p(3)}, erasure_reason = ${this.p(4)}
          WHERE subject = ${this.p(5)} AND erased_at IS NULL`,
        [erasedAt, userId, agencyId, reason, subject],
      );
    };
    // On PostgreSQL, on the disk before it counts, whatever the connection's default (new keys may
    // commit without waiting for their flush: see subjectKeyDatabase). SQLite's one connection
    // takes no transaction across awaits (another writer's statements would join it).
    if (this.postgres) {
      await this.dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL synchronous_commit = on');
        await write(manager);
      });
    } else {
      await write(this.dataSource);
    }
    await this.walSync?.sync();
    // The first erasure stands: this one counts only if the tombstone is its own.
    const tombstone = await this.erasureOf(subject);
    return tombstone?.erasedAt === erasedAt && tombstone.userId === userId && tombstone.reason === reason;
  }

  async erasureOf(subject: string): Promise<SubjectErasure | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT subject, erased_at, erased_by, erased_agency, erasure_reason FROM ${this.table} WHERE subject = ${this.p(1)} AND erased_at IS NOT NULL`,
      [subject],
    )) as { subject: string; erased_at: string; erased_by: string; erased_agency: string; erasure_reason: string }[];
    return row ? { subject: row.subject, erasedAt: row.erased_at, userId: row.erased_by, agencyId: row.erased_agency, reason: row.erasure_reason } : undefined;
  }

  /** How many subjects have been erased: projections rebuild when it grows. */
  async erasedCount(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*) AS n FROM ${this.table} WHERE erased_at IS NOT NULL`)) as { n: string | number }[];
    return Number(row.n);
  }

  private async select(subjects: string[]): Promise<KeyRow[]> {
    return this.dataSource.query(`SELECT subject, wrapped_key FROM ${this.table} WHERE subject IN (${this.list(1, subjects.length)})`, subjects);
  }
}
