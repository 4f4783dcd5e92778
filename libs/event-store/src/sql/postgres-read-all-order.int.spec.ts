import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { scratchPostgres } from '../../testing/databases';
import { RecordedEvent, START } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

const actor = { userId: 'user-1', agencyId: 'agency-police' };

/**
 * readAll orders by the transaction id as a number. Ordered as text, a page that spans a change
 * in the number of digits ("9999" then "10000") is returned out of order, and the next page,
 * which starts after its last position, skips every event before it.
 */
describe('PostgreSQL readAll across a transaction id with one more digit', () => {
  it('returns every event once, in transaction id order, page after page', async () => {
    const db = await scratchPostgres();
    const dataSource = await db.dataSource();
    const store = await PostgresEventStore.create({ dataSource, schema: db.schema });
    try {
      const pool = (dataSource.driver as unknown as { master: Pool }).master;
      const before = 'case-' + randomUUID();
      const after = 'case-' + randomUUID();
      for (const stream of [before, after]) {
        await store.append(stream, [1, 2].map((n) => ({ type: 'Written', data: { n }, metadata: { actor } })));
      }
      // Two finished transaction ids either side of a power of ten, e.g. 99999 and 100000.
      const { rows } = await pool.query('SELECT pg_current_xact_id()::text AS xid');
      const power = 10n ** BigInt(rows[0].xid.length - 1);
      await pool.query(`UPDATE "${db.schema}".es_events SET transaction_id = $1::text::xid8 WHERE stream_id = $2`, [String(power - 1n), before]);
      await pool.query(`UPDATE "${db.schema}".es_events SET transaction_id = $1::text::xid8 WHERE stream_id = $2`, [String(power), after]);

      const read: RecordedEvent[] = [];
      for (let page = await store.readAll({ after: START, limit: 2 }); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position, limit: 2 })) {
        read.push(...page);
      }
      expect(read.map((e) => [e.streamId, e.revision])).toEqual([
        [before, 0],
        [before, 1],
        [after, 0],
        [after, 1],
      ]);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
