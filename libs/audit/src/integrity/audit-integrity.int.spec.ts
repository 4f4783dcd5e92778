import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore, NewEvent, PostgresEventStore, RecordedEvent, SqliteEventStore, contentHash, linkHash } from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { AuditIntegrity, IntegrityBrokenError } from './audit-integrity';
import { AuditCheckpoint, checkConsistency, verifyCheckpointSignature } from './checkpoint';
import { loadSigningKey } from './signing-key';

/**
 * Someone with database access edits a stored event. Chain verification must name the event;
 * a consistency proof from a checkpoint the auditor kept must fail, even when the editor also
 * rewrote the stored hashes so that the chain itself looks whole again.
 */
interface Subject {
  store: EventStore;
  /** `$table` becomes the events table; parameters are $1, $2, ... */
  sql(statement: string, params: unknown[]): Promise<unknown>;
  dir: string;
  teardown(): Promise<void>;
}

const actor = { userId: 'auditor-1', agencyId: 'board' };
const event = (type: string, data: NewEvent['data']): NewEvent => ({ id: randomUUID(), type, data, metadata: { actor: { userId: 'u1', agencyId: 'police' } } });

function describeIntegrity(adapter: string, open: () => Promise<Subject>) {
  describe(`audit integrity: ${adapter}`, () => {
    let subject: Subject;
    let integrity: AuditIntegrity;
    let caseStream: string;
    let otherStream: string;
    let first: AuditCheckpoint;

    beforeEach(async () => {
      subject = await open();
      const key = loadSigningKey({ file: `${subject.dir}/audit-signing-key.pem` });
      integrity = new AuditIntegrity(subject.store, () => key);
      caseStream = `case-${randomUUID()}`;
      otherStream = `poi-${randomUUID()}`;
      await subject.store.append(caseStream, [event('ReferralReceived', { risk: 'low' }), event('CaseFlagSet', { flag: 'looked-after' })]);
      await subject.store.append(otherStream, [event('PersonOfInterestRecorded', { alias: 'X' })]);
      await subject.store.append(caseStream, [event('CaseClosed', { reason: 'plan completed' })]);
      first = (await integrity.publishCheckpoint(actor, 'monthly checkpoint')).checkpoint;
    });

    afterEach(async () => subject.teardown());

    it('signs a checkpoint over every event so far, and proves later checkpoints only appended to it', async () => {
      expect(first.treeSize).toBe(4);
      expect(verifyCheckpointSignature(first)).toEqual({ ok: true });
      expect(verifyCheckpointSignature({ ...first, treeSize: 3 })).toMatchObject({ ok: false });
      expect(verifyCheckpointSignature(first, ['someone-else'])).toMatchObject({ ok: false });

      await subject.store.append(otherStream, [event('PersonOfInterestLinked', { to: caseStream })]);
      await subject.store.append(caseStream, [event('CaseReopened', { reason: 'new referral' })]);
      const second = (await integrity.publishCheckpoint(actor, 'on demand')).checkpoint;
      // 4 events + the first checkpoint's own event + 2 more.
      expect(second.treeSize).toBe(7);
      expect(await integrity.checkpoints()).toEqual([first, second]);

      const report = await integrity.proveConsistency(first);
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect(report.to).toEqual(second);
      // The proof is checkable with the two checkpoints alone, offline.
      expect(checkConsistency(first, second, report.proof.proof)).toBe(true);
      expect(checkConsistency({ ...first, rootHash: second.rootHash }, second, report.proof.proof)).toBe(false);
    });

    it('reports an edited event row at that exact event, refuses to sign over it, and fails the consistency proof', async () => {
      await subject.store.append(caseStream, [event('CaseReopened', { reason: 'new referral' })]);
      const second = (await integrity.publishCheckpoint(actor, 'on demand')).checkpoint;
      const [edited] = await subject.store.readStream(caseStream, { fromRevision: 1, limit: 1 });
      await subject.sql('UPDATE $table SET data = $1 WHERE event_id = $2', ['{"flag":"care-leaver"}', edited.id]);

      const all = await integrity.verify();
      expect(all.ok).toBe(false);
      expect(all.firstBroken).toMatchObject({ streamId: caseStream, revision: 1, eventId: edited.id, position: edited.position, problem: 'hash-mismatch' });
      const one = await integrity.verify(caseStream);
      expect(one.firstBroken).toMatchObject({ streamId: caseStream, revision: 1, eventId: edited.id });
      expect(await integrity.verify(otherStream)).toMatchObject({ ok: true });

      await expect(integrity.publishCheckpoint(actor, 'after the edit')).rejects.toThrow(IntegrityBrokenError);
      await expect(integrity.publishCheckpoint(actor, 'after the edit')).rejects.toThrow(new RegExp(`${caseStream} revision 1`));
      expect(await integrity.checkpoints()).toEqual([first, second]);

      const report = await integrity.proveConsistency(first, second);
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({ eventId: edited.id, revision: 1 });
      expect(report.problems.join('\n')).toMatch(/earlier checkpoint's root/);
    });

    it('fails the consistency proof when the editor also rewrote the hashes so the chain looks whole', async () => {
      const events = await subject.store.readStream(caseStream);
      const forged: RecordedEvent[] = events.map((e) => (e.revision === 1 ? { ...e, data: { flag: 'care-leaver' } } : e));
      let previous = Buffer.alloc(32);
      for (const e of forged) {
        const link = linkHash(previous, contentHash(e), e.revision, Date.parse(e.recordedAt));
        await subject.sql('UPDATE $table SET data = $1, hash = $2 WHERE event_id = $3', [JSON.stringify(e.data), link, e.id]);
        previous = link;
      }
      // The chain alone is fooled: every stored hash matches its recomputed link.
      expect(await integrity.verify()).toMatchObject({ ok: true });
      await subject.store.append(otherStream, [event('PersonOfInterestLinked', { to: caseStream })]);
      const second = (await integrity.publishCheckpoint(actor, 'after the forgery')).checkpoint;

      const report = await integrity.proveConsistency(first, second);
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toMatch(/history it covered was altered/);
      expect(checkConsistency(first, second, report.proof.proof)).toBe(false);
    });
  });
}

describeIntegrity('postgres', async () => {
  const db = await scratchPostgres();
  const dataSource: DataSource = await db.dataSource();
  const store = await PostgresEventStore.create({ dataSource, schema: db.schema });
  const files = scratchSqlite();
  return {
    store,
    dir: files.dir,
    sql: (statement, params) => dataSource.query(statement.replace('$table', `${db.schema}.es_events`), params),
    teardown: async () => {
      await store.close();
      await db.drop();
      await files.drop();
    },
  };
});

describeIntegrity('sqlite', async () => {
  const db = scratchSqlite();
  const dataSource = await db.dataSource('events.sqlite');
  const store = await SqliteEventStore.create({ dataSource });
  return {
    store,
    dir: db.dir,
    sql: (statement, params) => dataSource.query(statement.replace('$table', 'es_events').replace(/\$\d+/g, '?'), params),
    teardown: async () => {
      await store.close();
      await db.drop();
    },
  };
});
