import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { scratchPostgres, scratchSqlite } from '../../testing/databases';
import { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from '../sql/postgres-event-store';
import { SqliteEventStore } from '../sql/sqlite-event-store';
import { verifyAll, verifyStream } from './verify';

/**
 * Someone with write access to the database edits the record behind the application's back.
 * The hash chain must say so, and say exactly where. (Each adapter stores rows in `es_events`;
 * the edits below are plain SQL, as a person at a database console would make them.)
 */

interface Subject {
  store: EventStore;
  /** Run SQL against the store's own database; `$table` is replaced with the events table. */
  sql(statement: string, params: unknown[]): Promise<unknown>;
  /** The SQL expression that moves `recorded_at` one millisecond later. */
  oneMsLater: string;
  teardown(): Promise<void>;
}

const actor = { userId: 'user-1', agencyId: 'agency-police' };
const event = (type: string, data: NewEvent['data']): NewEvent => ({ id: randomUUID(), type, data, metadata: { actor, reason: 'test' } });

function describeTamper(adapter: string, open: () => Promise<Subject>): void {
  describe(`tamper evidence: ${adapter}`, () => {
    let subject: Subject;
    let store: EventStore;
    let a: string;
    let b: string;
    let c: string;
    /** Stream a, revisions 0..4. */
    let target: RecordedEvent[];
    let total: number;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      [a, b, c] = ['case', 'person', 'share'].map((prefix) => `${prefix}-${randomUUID()}`);
      // Interleaved, so the global log mixes the streams around the event that will be edited.
      await store.append(a, [event('ReferralReceived', { child: 'Ада', risk: 'low' }), event('RiskAssessed', { risk: 'moderate' })]);
      await store.append(b, [event('PersonRecorded', { name: 'Łucja' })]);
      await store.append(a, [event('RiskAssessed', { risk: 'high', by: { officer: 'PC 123' } })]);
      await store.append(c, [event('InformationShared', { with: 'agency-health' })]);
      await store.append(b, [event('PersonUpdated', { name: 'Łucja Ó' }), event('PersonLinked', { to: a })]);
      await store.append(a, [event('StrategyMeetingHeld', { outcome: 'plan' }), event('CaseClosed', {})]);
      await store.append(c, [event('ShareRevoked', {})]);
      target = await store.readStream(a);
      expect(target.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      total = await store.countEvents();
      // Before any edit, everything verifies.
      expect(await verifyAll(await settled(store))).toEqual({ ok: true, streamsChecked: 3, eventsChecked: total });
    });

    afterEach(async () => {
      await subject.teardown();
    });

    async function expectBrokenAt(expected: { revision: number; eventId: string; problem: 'hash-mismatch' | 'revision-gap' }) {
      const at = { streamId: a, ...expected };
      const one = await verifyStream(store, a);
      expect(one.ok).toBe(false);
      expect(one.firstBroken).toMatchObject(at);
      const all = await verifyAll(await settled(store));
      expect(all.ok).toBe(false);
      expect(all.firstBroken).toMatchObject(at);
      expect(all.firstBroken?.position).toBe(target.find((e) => e.id === expected.eventId)?.position);
      // The streams nobody touched still verify, on their own.
      expect(await verifyStream(store, b)).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 3 });
      expect(await verifyStream(store, c)).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 2 });
      return { one, all };
    }

    it('finds an edited data field in the middle of a stream', async () => {
      const edited = target[2];
      await subject.sql('UPDATE $table SET data = $1 WHERE event_id = $2', ['{"by":{"officer":"PC 123"},"risk":"low"}', edited.id]);
      // The edit is real: readers now see the changed value.
      expect((await store.readStream(a, { fromRevision: 2, limit: 1 }))[0].data).toEqual({ by: { officer: 'PC 123' }, risk: 'low' });

      const { one } = await expectBrokenAt({ revision: 2, eventId: edited.id, problem: 'hash-mismatch' });
      expect(one.eventsChecked).toBe(3);
      expect(one.firstBroken?.storedHash).toBe(edited.hash);
      expect(one.firstBroken?.expectedHash).not.toBe(edited.hash);
    });

    it('finds a recorded time moved by one millisecond', async () => {
      const edited = target[2];
      await subject.sql(`UPDATE $table SET recorded_at = ${subject.oneMsLater} WHERE event_id = $1`, [edited.id]);
      const [after] = await store.readStream(a, { fromRevision: 2, limit: 1 });
      expect(Date.parse(after.recordedAt) - Date.parse(edited.recordedAt)).toBe(1);

      await expectBrokenAt({ revision: 2, eventId: edited.id, problem: 'hash-mismatch' });
    });

    it('finds a deleted event: the next event of the stream reports the gap', async () => {
      const deleted = target[2];
      await subject.sql('DELETE FROM $table WHERE event_id = $1', [deleted.id]);
      expect((await store.readStream(a)).map((e) => e.revision)).toEqual([0, 1, 3, 4]);

      const { one, all } = await expectBrokenAt({ revision: 3, eventId: target[3].id, problem: 'revision-gap' });
      expect(one.firstBroken?.expectedRevision).toBe(2);
      expect(all.firstBroken?.expectedRevision).toBe(2);
    });

    it('does not cry wolf when the same JSON is stored with other key order and spacing', async () => {
      await subject.sql('UPDATE $table SET data = $1 WHERE event_id = $2', ['{ "risk" : "high", "by" : { "officer" : "PC 123" } }', target[2].id]);
      expect(await verifyStream(store, a)).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 5 });
      expect(await verifyAll(await settled(store))).toEqual({ ok: true, streamsChecked: 3, eventsChecked: total });
    });
  });
}

/**
 * verifyAll walks readAll, which (on PostgreSQL) holds back while any transaction in the cluster
 * is open. Other suites may hold one in parallel; wait until the whole log is readable so the
 * walk covers every event.
 */
async function settled(store: EventStore): Promise<EventStore> {
  const total = await store.countEvents();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const readable = (await store.readAll({ limit: 10_000 })).length;
    if (readable === total) return store;
    if (Date.now() > deadline) throw new Error(`Only ${readable} of ${total} events readable in the global log after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeTamper('postgres', async () => {
  const db = await scratchPostgres();
  const dataSource: DataSource = await db.dataSource();
  const store = await PostgresEventStore.create({ dataSource, schema: db.schema });
  return {
    store,
    sql: (statement, params) => dataSource.query(statement.replace('$table', `${db.schema}.es_events`), params),
    oneMsLater: `recorded_at + interval '1 millisecond'`,
    teardown: async () => {
      await store.close();
      await db.drop();
    },
  };
});

describeTamper('sqlite', async () => {
  const db = scratchSqlite();
  const dataSource = await db.dataSource('events.sqlite');
  const store = await SqliteEventStore.create({ dataSource });
  return {
    store,
    sql: (statement, params) => dataSource.query(statement.replace('$table', 'es_events').replace(/\$\d+/g, '?'), params),
    oneMsLater: 'recorded_at + 1',
    teardown: async () => {
      await store.close();
      await db.drop();
    },
  };
});
