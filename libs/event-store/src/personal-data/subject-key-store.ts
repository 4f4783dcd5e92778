import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { unwrapKey, wrapKey } from './personal-data';

/** Who erased a subject, when and why: kept where the key was, as the key's tombstone. */
export interface SubjectErasure {
  subject: string;
  erasedAt: string;
  userId: string;
  agencyId: string;
  reason: string;
}

/**
 * The data keys of subjects, wrapped with the master key, in a table apart from the events
 * (`pd_subject_keys`). Erasing a subject deletes its key for good and leaves a tombstone saying
 * who erased it and why; a subject once erased never gets a key again.
 */
export class SubjectKeyStore {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly table: string,
    private readonly postgres: boolean,
    private readonly masterKey: Buffer,
  ) {}

  static async open(dataSource: DataSource, masterKey: Buffer, schema?: string): Promise<SubjectKeyStore> {
    if (masterKey.length !== 32) throw new RangeError('The personal data master key must be 32 bytes (base64 of 32 random bytes)');
    const postgres = dataSource.options.type === 'postgres';
    const table = postgres ? `"${schema ?? 'public'}".pd_subject_keys` : 'pd_subject_keys';
    const blob = postgres ? 'bytea' : 'BLOB';
    if (postgres) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema ?? 'public'}"`);
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
         subject varchar(120) PRIMARY KEY,
         wrapped_key ${blob},
         created_at varchar(30) NOT NULL,
         erased_at varchar(30),
         erased_by varchar(100),
         erased_agency varchar(100),
         erasure_reason varchar(2000)
       )`,
    );
    return new SubjectKeyStore(dataSource, table, postgres, masterKey);
  }

  private p(i: number): string {
    return this.postgres ? `$${i}` : '?';
  }

  private list(from: number, count: number): string {
    return Array.from({ length: count }, (_, i) => this.p(from + i)).join(', ');
  }

  /**
   * The data key of each subject; null for an erased one. With `create`, a subject without a key
   * gets one (concurrent creators agree on the first).
   */
  async keysFor(subjects: Iterable<string>, create: boolean): Promise<Map<string, Buffer | null>> {
    const wanted = [...new Set(subjects)];
    const keys = new Map<string, Buffer | null>();
    if (wanted.length === 0) return keys;
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500);
      let rows = await this.select(chunk);
      if (create && rows.length < chunk.length) {
        const known = new Set(rows.map((r) => r.subject));
        const missing = chunk.filter((s) => !known.has(s));
        const now = new Date().toISOString();
        const values: unknown[] = [];
        const tuples = missing.map((subject, j) => {
          values.push(subject, wrapKey(randomBytes(32), this.masterKey, subject), now);
          return `(${this.list(j * 3 + 1, 3)})`;
        });
        // One round trip: a subject that another writer created (or erased) meanwhile comes back
        // as stored, through the no-op update; the others come back with the key just made.
        const created = (await this.dataSource.query(
          `INSERT INTO ${this.table} (subject, wrapped_key, created_at) VALUES ${tuples.join(', ')}
           ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject RETURNING subject, wrapped_key`,
          values,
        )) as { subject: string; wrapped_key: Buffer | null }[];
        rows = [...rows, ...created];
      }
      for (const row of rows) keys.set(row.subject, row.wrapped_key ? unwrapKey(Buffer.from(row.wrapped_key), this.masterKey, row.subject) : null);
    }
    return keys;
  }

  /** Destroys the subject's key (and any it might get later); false when it was already erased. */
  async erase(erasure: SubjectErasure): Promise<boolean> {
    const { subject, erasedAt, userId, agencyId, reason } = erasure;
    await this.dataSource.query(
      `INSERT INTO ${this.table} (subject, wrapped_key, created_at) VALUES (${this.list(1, 3)}) ON CONFLICT (subject) DO NOTHING`,
      [subject, null, erasedAt],
    );
    await this.dataSource.query(
      `UPDATE ${this.table} SET wrapped_key = NULL, erased_at = ${this.p(1)}, erased_by = ${this.p(2)}, erased_agency = ${this.p(3)}, erasure_reason = ${this.p(4)}
        WHERE subject = ${this.p(5)} AND erased_at IS NULL`,
      [erasedAt, userId, agencyId, reason, subject],
    );
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

  private async select(subjects: string[]): Promise<{ subject: string; wrapped_key: Buffer | null }[]> {
    return this.dataSource.query(`SELECT subject, wrapped_key FROM ${this.table} WHERE subject IN (${this.list(1, subjects.length)})`, subjects);
  }
}
