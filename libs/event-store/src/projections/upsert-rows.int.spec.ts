import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { upsertRows } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';

/** A read-model row with names and codes (short text), a count, and a document (simple-json). */
@Entity({ name: 'test_upsert_document' })
class DocumentRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'integer' })
  count: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  band: string | null;

  @Column({ type: 'simple-json', nullable: true })
  document: { id: string; notes: string[]; nested?: unknown } | null;
}

/** Text a naive quoting would break: quotes, backslashes, braces and commas, control characters, surrogates. */
const AWKWARD = ['say "no", then {leave}', 'C:\\temp\\new', 'line\nbreak\ttab\u0001bell', 'emoji 🧒🏽 and é', 'NULL', '', "it's"];

function aDocument(id: string, size: number) {
  const notes: string[] = [];
  for (let i = 0; notes.join('').length < size; i++) notes.push(`${AWKWARD[i % AWKWARD.length]} #${i}`);
  return { id, notes, nested: { deep: [{ quote: '"', backslash: '\\' }] } };
}

describe.each(['postgres', 'sqlite'] as const)('upsertRows on %s', (database) => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (database === 'postgres') {
      const db = await scratchPostgres();
      dataSource = await db.dataSource({ entities: [DocumentRow], synchronize: true });
      drop = db.drop;
    } else {
      const db = scratchSqlite();
      dataSource = await db.dataSource('read.sqlite', { entities: [DocumentRow], synchronize: true });
      drop = db.drop;
    }
  });

  afterAll(async () => {
    await dataSource.destroy();
    await drop();
  });

  beforeEach(() => dataSource.getRepository(DocumentRow).clear());

  const stored = async () => (await dataSource.getRepository(DocumentRow).find({ order: { id: 'ASC' } })).map((row) => ({ ...row }));

  it('stores documents of kilobytes (one parameter a row on PostgreSQL) exactly, beside short columns and nulls', async () => {
    const rows: DocumentRow[] = Array.from({ length: 120 }, (_, i) => ({
      id: `case-${String(i).padStart(3, '0')}`,
      count: i,
      band: i % 3 === 0 ? null : AWKWARD[i % AWKWARD.length].slice(0, 20),
      document: i % 10 === 9 ? null : aDocument(`case-${i}`, 3000 + i * 10),
    }));
    await dataSource.transaction((manager) => upsertRows(manager, DocumentRow, rows, ['id']));
    expect(await stored()).toEqual(rows);

    // Written again (a rebuild's rows replace those of an earlier batch): the new values, nothing doubled.
    const again = rows.map((row, i) => ({ ...row, count: row.count + 1000, document: i % 2 ? aDocument(row.id, 5000) : row.document }));
    await dataSource.transaction((manager) => upsertRows(manager, DocumentRow, again, ['id']));
    expect(await stored()).toEqual(again);
  });

  it('stores short documents (array parameters on PostgreSQL) exactly', async () => {
    const rows: DocumentRow[] = AWKWARD.map((text, i) => ({ id: `short-${i}`, count: i, band: null, document: { id: `short-${i}`, notes: [text] } }));
    await dataSource.transaction((manager) => upsertRows(manager, DocumentRow, rows, ['id']));
    expect(await stored()).toEqual(rows);
  });

  it('keeps the last of two rows for one key in a batch', async () => {
    const first = { id: 'same', count: 1, band: 'low', document: aDocument('same', 2000) };
    const last = { id: 'same', count: 2, band: 'high', document: aDocument('same-later', 4000) };
    await dataSource.transaction((manager) => upsertRows(manager, DocumentRow, [first, last], ['id']));
    expect(await stored()).toEqual([last]);
  });
});
