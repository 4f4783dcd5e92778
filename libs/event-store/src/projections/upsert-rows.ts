import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Bound parameters per statement: under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;

/** PostgreSQL column types whose values travel as one array parameter per column (`unnest`) as they are. */
const UNNEST_TYPES = new Set(['character varying', 'character', 'text', 'integer', 'smallint', 'bigint', 'boolean', 'double precision', 'real', 'uuid']);
/** Rows per `unnest` statement: one parameter per column whatever the number of rows. */
const UNNEST_ROWS = 10_000;

export interface UpsertOptions<T> {
  /**
   * Columns added to the stored row's rather than replacing it (a count and its delta): the
   * database sums them, so a projection need not read a row to move its count. Rows of one key
   * given twice are summed too.
   */
  add?: (keyof T & string)[];
}

/**
 * Inserts or replaces read-model rows, a few hundred per statement: the write half of a
 * projection batch. Column names, tables and value conversions (simple-json, transformers)
 * come from the entity's TypeORM metadata; the statement is built here because TypeORM's own
 * `upsert` spends more time assembling large parameter lists than the database spends on them.
 */
export async function upsertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  given: readonly T[],
  conflictColumns: (keyof T & string)[],
  { add = [] }: UpsertOptions<T> = {},
): Promise<void> {
  if (given.length === 0) return;
  // A later row for the same key replaces an earlier one, as one statement per row would; within
  // one statement PostgreSQL refuses to change a row twice (a batch with two events for one row).
  const byKey = new Map<string, T>();
  for (const row of given) {
    // The key's parts joined by a character no key holds (cheaper than JSON for tens of thousands of rows).
    const key = conflictColumns.map((c) => String(row[c])).join('\u0000');
    const earlier = byKey.get(key);
    byKey.set(key, earlier && add.length > 0 ? { ...row, ...Object.fromEntries(add.map((c) => [c, Number(earlier[c]) + Number(row[c])])) } : row);
  }
  const rows = byKey.size === given.length ? given : [...byKey.values()];
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const postgres = manager.connection.options.type === 'postgres';
  const columns = metadata.columns.filter((c) => !c.isVirtual && !c.isGenerated);
  const quote = (name: string) => driver.escape(name);
  const table = metadata.tablePath.split('.').map(quote).join('.');
  const names = columns.map((c) => quote(c.databaseName));
  const conflict = conflictColumns.map((property) => quote(metadata.findColumnWithPropertyName(property)!.databaseName));
  const updates = columns
    .filter((c) => !conflictColumns.includes(c.propertyName as keyof T & string))
    .map((c) =>
      add.includes(c.propertyName as keyof T & string)
        ? `${quote(c.databaseName)} = ${quote(metadata.tableName)}.${quote(c.databaseName)} + excluded.${quote(c.databaseName)}`
        : `${quote(c.databaseName)} = excluded.${quote(c.databaseName)}`,
    );
  const onConflict = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';

  // PostgreSQL: one array a column, unnested into rows. The statement's text is the same whatever
  // the number of rows, so the server parses a few parameters, not thousands (a rebuild's batch
  // of count cells upserts about three times faster than as a VALUES list).
  const types = postgres ? columns.map((c) => String(driver.normalizeType(c))) : [];
  if (postgres && types.every((type) => UNNEST_TYPES.has(type))) {
    for (let start = 0; start < rows.length; start += UNNEST_ROWS) {
      const chunk = rows.slice(start, start + UNNEST_ROWS);
      const values = columns.map((column) => chunk.map((row) => driver.preparePersistentValue(column.getEntityValue(row, true), column)));
      // A column of documents (a case view's JSON, kilobytes a row) travels as one parameter a row
      // in an ARRAY[...]: as an array literal each quote in it would be escaped here and unescaped
      // by the server (a rebuild's 38 MB of case views: ~200 ms of this process's time saved).
      const long = values.map((column) => isLongText(column));
      const perRow = long.filter(Boolean).length;
      const rowsPerStatement = perRow === 0 ? chunk.length : Math.max(1, Math.floor((MAX_PARAMETERS - columns.length) / perRow));
      for (let from = 0; from < chunk.length; from += rowsPerStatement) {
        const to = Math.min(chunk.length, from + rowsPerStatement);
        const parameters: unknown[] = [];
        const sources = values.map((column, i) => {
          if (!long[i]) {
            parameters.push(arrayParameter(from === 0 && to === chunk.length ? column : column.slice(from, to)));
            return `$${parameters.length}::${types[i]}[]`;
          }
          const placeholders: string[] = [];
          for (let r = from; r < to; r++) placeholders.push(`$${parameters.push(column[r])}`);
          return `ARRAY[${placeholders.join(', ')}]::${types[i]}[]`;
        });
        await manager.query(
          `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${sources.join(', ')}) ON CONFLICT (${conflict.join(', ')}) ${onConflict}`,
          parameters,
        );
      }
    }
    return;
  }

  const rowsPerStatement = Math.max(1, Math.min(500, Math.floor(MAX_PARAMETERS / columns.length)));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        values.push(driver.preparePersistentValue(column.getEntityValue(row, true), column));
        return postgres ? `$${values.length}` : '?';
      });
      return `(${placeholders.join(', ')})`;
    });
    await manager.query(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (${conflict.join(', ')}) ${onConflict}`,
      values,
    );
  }
}

/**
 * One column's values as a PostgreSQL array literal, the text `pg` would send for the array:
 * built with one join instead of `pg`'s string concatenation, which costs about five times as much
 * for large values (a rebuild's batch of case views, 1.6 MB of JSON: ~150 ms against ~20 ms).
 * Values other than strings, numbers, booleans and null are left for `pg` to convert.
 */
function arrayParameter(values: unknown[]): unknown[] | string {
  const elements: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) elements[i] = 'NULL';
    // JSON's quoting is the array literal's (\" and \\) for text without control characters or
    // surrogates (a simple-json column's text has none), and much quicker than a replace.
    else if (typeof value === 'string') elements[i] = QUOTED_APART.test(value) ? `"${value.replace(ESCAPED, '\\$&')}"` : JSON.stringify(value);
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') elements[i] = `"${String(value)}"`;
    else return values;
  }
  return `{${elements.join(',')}}`;
}
const ESCAPED = /[\\"]/g;
const QUOTED_APART = /[\u0000-\u001f\ud800-\udfff]/;

/** Text of more than a kilobyte a row on average: documents rather than names and codes. */
function isLongText(values: unknown[]): boolean {
  let length = 0;
  for (const value of values) {
    if (typeof value !== 'string') {
      if (value === null || value === undefined) continue;
      return false;
    }
    length += value.length;
  }
  return length > 1024 * values.length;
}

/** Splits keys for `WHERE key IN (...)` reads of a batch's rows, within parameter limits. */
export function inChunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
