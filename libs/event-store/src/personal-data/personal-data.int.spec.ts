import { randomBytes, randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import {
  ERASED,
  EventIdConflictError,
  EventStore,
  HeldWriter,
  PersonalDataProtectedEventStore,
  PersonalDataRules,
  PostgresEventStore,
  Projection,
  ProjectionCheckpointEntity,
  ProjectionRunner,
  RecordedEvent,
  SqliteEventStore,
  SubjectErasedError,
  SharedLogTail,
  SubjectKeyStore,
  eraseSubject,
  verifyAll,
  verifyStream,
  WrongExpectedRevisionError,
} from '@app/event-store';

@Entity({ name: 'test_child_names' })
class ChildNameEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  caseId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;
}

class ChildNames implements Projection {
  readonly name: string = 'child-names';
  readonly version = 1;
  readonly entities = [ChildNameEntity];
  readonly eventTypes = ['ChildRecorded'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) await manager.save(ChildNameEntity, { caseId: String(event.data.caseId), name: String(event.data.name) });
  }
}

/**
 * ChildNames for a rebuild that holds its writes, and on PostgreSQL stores them beside its batches
 * (`writer`). Its first such write waits at `gate`, and its next batch at `second`: the test decides
 * what happens meanwhile.
 */
class HeldChildNames extends ChildNames implements Projection<{ names: Map<string, string>; writer?: HeldWriter; writing?: Promise<void>; waited?: boolean }> {
  override readonly name = 'held-child-names';
  constructor(private readonly gates: { gate: Promise<void>; second: Promise<void>; atSecond: () => void }) {
    super();
  }

  holdWrites(writer?: HeldWriter) {
    return { names: new Map<string, string>(), ...(writer ? { writer } : {}) };
  }

  async flushHeld(held: { names: Map<string, string>; writing?: Promise<void> }, manager: EntityManager): Promise<void> {
    await held.writing;
    for (const [caseId, name] of held.names) await manager.save(ChildNameEntity, { caseId, name });
  }

  override async apply(events: readonly RecordedEvent[], manager: EntityManager, held?: { names: Map<string, string>; writer?: HeldWriter; writing?: Promise<void>; waited?: boolean }): Promise<void> {
    if (!held) return super.apply(events, manager);
    for (const event of events) held.names.set(String(event.data.caseId), String(event.data.name));
    if (!held.writer) return;
    if (!held.writing) {
      // The names so far are let go: stored beside the next batches, once the gate opens.
      const going = [...held.names];
      held.names.clear();
      held.writing = held.writer(async (writing) => {
        await this.gates.gate;
        for (const [caseId, name] of going) await writing.save(ChildNameEntity, { caseId, name });
      });
      held.writing.catch(() => undefined);
    } else if (!held.waited) {
      held.waited = true;
      this.gates.atSecond();
      await this.gates.second;
    }
  }
}

const RULES: PersonalDataRules = {
  ChildRecorded: { subject: ({ data }) => `child:${String(data.caseId)}`, fields: ['name', 'age'] },
};
const actor = { userId: 'dpo-1', agencyId: 'bf-board' };
const recorded = (caseId: string, name: string) => ({ type: 'ChildRecorded', data: { caseId, name, age: 14, band: 'moderate' }, metadata: { actor } });

interface Setup {
  inner: EventStore;
  store: PersonalDataProtectedEventStore;
  readModels: DataSource;
  /** Every stored byte of the events, keys and read models, as text: where a name must not be. */
  everything(): Promise<string>;
  close(): Promise<void>;
}

const setups: Record<'sqlite' | 'postgres', () => Promise<Setup>> = {
  sqlite: async () => {
    const db = scratchSqlite();
    const eventsDs = await db.dataSource('events.sqlite');
    const keysDs = await db.dataSource('events.keys.sqlite');
    const inner = await SqliteEventStore.create({ dataSource: eventsDs });
    const store = new PersonalDataProtectedEventStore(inner, await SubjectKeyStore.open(keysDs, randomBytes(32)), RULES);
    const readModels = await db.dataSource('read-models.sqlite', { entities: [ChildNameEntity, ProjectionCheckpointEntity], synchronize: true });
    return {
      inner,
      store,
      readModels,
      everything: async () => JSON.stringify([await eventsDs.query('SELECT * FROM es_events'), await readModels.query('SELECT * FROM test_child_names')]),
      close: async () => (await store.close(), await keysDs.destroy(), await readModels.destroy(), await db.drop()),
    };
  },
  postgres: async () => {
    const events = await scratchPostgres();
    const models = await scratchPostgres();
    const eventsDs = await events.dataSource();
    const keysDs = await events.dataSource();
    const inner = await PostgresEventStore.create({ dataSource: eventsDs, schema: events.schema });
    const store = new PersonalDataProtectedEventStore(inner, await SubjectKeyStore.open(keysDs, randomBytes(32), events.schema), RULES);
    const readModels = await models.dataSource({ entities: [ChildNameEntity, ProjectionCheckpointEntity], synchronize: true });
    return {
      inner,
      store,
      readModels,
      everything: async () => JSON.stringify([await eventsDs.query(`SELECT data::text FROM ${events.schema}.es_events`), await readModels.query('SELECT * FROM test_child_names')]),
      close: async () => (await store.close(), await keysDs.destroy(), await readModels.destroy(), await events.drop(), await models.drop()),
    };
  },
};

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(['sqlite', 'postgres'] as const)('personal data encrypted per subject, and erased (%s)', (database) => {
  let setup: Setup;
  beforeEach(async () => {
    setup = await setups[database]();
  });
  afterEach(async () => {
    await setup.close();
  });

  it('stores personal fields encrypted, reads them back clear, and hashes what it stores', async () => {
    const caseId = randomUUID();
    await setup.store.append(`case-${caseId}`, [recorded(caseId, 'Zorabelle Quintrell')]);
    const [stored] = await setup.inner.readStream(`case-${caseId}`);
    expect(JSON.stringify(stored.data)).not.toMatch(/Zorabelle|Quintrell/);
    expect(stored.data).toMatchObject({ caseId, band: 'moderate' });
    const [read] = await setup.store.readStream(`case-${caseId}`);
    expect(read.data).toEqual({ caseId, name: 'Zorabelle Quintrell', age: 14, band: 'moderate' });
    expect((await setup.store.readAll()).map((e) => e.data.name)).toEqual(['Zorabelle Quintrell']);
    expect((await setup.store.readAllOfTypes([stored.type])).events.map((e) => e.data.name)).toEqual(['Zorabelle Quintrell']);
    expect(await verifyStream(setup.store, `case-${caseId}`)).toMatchObject({ ok: true, eventsChecked: 1 });
  });

  it("erases one child everywhere, keeps the other, still verifies, refuses more about them, and rebuilt read models bring nothing back", async () => {
    const [erased, kept] = [randomUUID(), randomUUID()];
    await setup.store.append(`case-${erased}`, [recorded(erased, 'Zorabelle Quintrell')]);
    await setup.store.append(`case-${kept}`, [recorded(kept, 'Amarantha Vell')]);
    const runner = new ProjectionRunner(setup.store, setup.readModels, new ChildNames(), { pollIntervalMs: 20 });
    runner.start();
    try {
      const names = async () => Object.fromEntries((await setup.readModels.getRepository(ChildNameEntity).find()).map((r) => [r.caseId, r.name]));
      await eventually(async () => Object.keys(await names()).length === 2, 'the read model has both children');

      const result = await eraseSubject(setup.store, { subject: `child:${erased}`, actor, reason: 'Retention review: no further safeguarding purpose' });
      // Whoever waits for the erasure (a list asked for `consistentWith` it) is released by the rebuild it causes.
      await runner.waitFor(result.position!, 5000);
      expect(result).toMatchObject({ erased: true, erasure: { userId: 'dpo-1', agencyId: 'bf-board', reason: 'Retention review: no further safeguarding purpose' } });
      expect((await eraseSubject(setup.store, { subject: `child:${erased}`, actor, reason: 'Again, by mistake' })).erased).toBe(false);
      const [erasureEvent] = await setup.store.readStream(`erasure-child:${erased}`);
      expect(erasureEvent).toMatchObject({ type: 'SubjectErased', data: { subject: `child:${erased}` }, metadata: { actor, reason: 'Retention review: no further safeguarding purpose' } });

      const [read] = await setup.store.readStream(`case-${erased}`);
      expect(read.data).toEqual({ caseId: erased, name: ERASED, age: null, band: 'moderate' });
      expect((await setup.store.readStream(`case-${kept}`))[0].data.name).toBe('Amarantha Vell');
      // PostgreSQL readers see the old rows until the rebuild commits; SQLite's one connection may show it under way.
      await eventually(async () => {
        const now = await names();
        return now[erased] === ERASED && now[kept] === 'Amarantha Vell';
      }, 'the read model rebuilt without the erased child');
      expect(await setup.everything()).not.toMatch(/Zorabelle|Quintrell/);

      expect(await verifyAll(setup.store)).toMatchObject({ ok: true, eventsChecked: 3 });
      await expect(setup.store.append(`case-${erased}`, [recorded(erased, 'Zorabelle Q')])).rejects.toBeInstanceOf(SubjectErasedError);
      expect(await setup.store.readStream(`case-${erased}`)).toHaveLength(1);

      // A full rebuild later reads the erasure from the events themselves.
      await runner.stop();
      await new ProjectionRunner(setup.store, setup.readModels, new ChildNames()).rebuild();
      expect(await names()).toEqual({ [erased]: ERASED, [kept]: 'Amarantha Vell' });
    } finally {
      await runner.stop();
    }
  });

  it('rebuilds a runner that began replaying in the moment between an erased key and its event, though it counted the erasure', async () => {
    const caseId = randomUUID();
    await setup.store.append(`case-${caseId}`, [recorded(caseId, 'Zorabelle Quintrell')]);
    // The shared tail has read the child's event, opened, before the key is destroyed...
    const tail = new SharedLogTail(setup.store);
    await tail.read('', 100);
    const subject = `child:${caseId}`;
    await setup.store.keys.erase({ subject, erasedAt: new Date().toISOString(), userId: actor.userId, agencyId: actor.agencyId, reason: 'Court order' });
    // ...and a runner starts from the first event now: it counts the erasure, and is handed the opened event.
    const runner = new ProjectionRunner(setup.store, setup.readModels, new ChildNames(), { pollIntervalMs: 20, reader: tail.read });
    runner.start();
    try {
      const name = async () => (await setup.readModels.getRepository(ChildNameEntity).findOneBy({ caseId }))?.name;
      await eventually(async () => (await name()) !== undefined, 'the runner applied the child');
      // The erasure's event arrives: the runner rebuilds, and the name is gone.
      const { position } = await eraseSubject(setup.store, { subject, actor, reason: 'Court order' });
      await runner.waitFor(position!, 5000);
      expect(await name()).toBe(ERASED);
      expect(await setup.everything()).not.toMatch(/Zorabelle|Quintrell/);
    } finally {
      await runner.stop();
    }
  });

  if (database === 'postgres') {
    it('rebuilds after an erasure that arrives while a rebuild stores views it made before it, and brings nothing back', async () => {
      const [erased, kept, later] = [randomUUID(), randomUUID(), randomUUID()];
      await setup.store.append(`case-${erased}`, [recorded(erased, 'Zorabelle Quintrell')]);
      await setup.store.append(`case-${kept}`, [recorded(kept, 'Amarantha Vell')]);
      // Read ahead while the second batch waits, before the erasure: the erasure comes the page after.
      await setup.store.append(`case-${later}`, [recorded(later, 'Corvina Ashdown')]);
      let openGate!: () => void;
      let openSecond!: () => void;
      let atSecond!: () => void;
      const gates = {
        gate: new Promise<void>((resolve) => (openGate = resolve)),
        second: new Promise<void>((resolve) => (openSecond = resolve)),
        atSecond: () => atSecond(),
      };
      const reachedSecond = new Promise<void>((resolve) => (atSecond = resolve));
      const rebuilding = new ProjectionRunner(setup.store, setup.readModels, new HeldChildNames(gates)).rebuild(undefined, 1);
      // The rebuild's first write (the erased child's name, opened) waits; its next batch too.
      await reachedSecond;
      await eraseSubject(setup.store, { subject: `child:${erased}`, actor, reason: 'Court order' });
      openSecond();
      // The rebuild reads the erasure and rebuilds in one transaction, while the write made before it
      // still waits: it must not store that rebuild before the write has ended (or the write, landing
      // after it, puts the erased name back). Once it has, or after 1.5 s, the write goes on.
      const checkpoints = setup.readModels.getRepository(ProjectionCheckpointEntity);
      const until = Date.now() + 1500;
      while (Date.now() < until && (await checkpoints.findOneBy({ name: 'held-child-names' }))?.erasuresSeen !== 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      openGate();
      await rebuilding;
      const names = Object.fromEntries((await setup.readModels.getRepository(ChildNameEntity).find()).map((r) => [r.caseId, r.name]));
      expect(names).toEqual({ [erased]: ERASED, [kept]: 'Amarantha Vell', [later]: 'Corvina Ashdown' });
      expect(await setup.everything()).not.toMatch(/Zorabelle|Quintrell/);
    });
  }
});

describe("a new case's events and its new child's key in one transaction (PostgreSQL, the keys beside the events)", () => {
  let db: Awaited<ReturnType<typeof scratchPostgres>>;
  let eventsDs: DataSource;
  let keysDs: DataSource;
  let inner: PostgresEventStore;
  let store: PersonalDataProtectedEventStore;
  const open = { expectedRevision: 'no-stream' } as const;
  /** The subject's stored key row, and whether it committed in the transaction of the stream's first event. */
  const keyRow = async (subject: string, streamId: string) =>
    (
      await eventsDs.query(
        `SELECT encode(k.wrapped_key, 'hex') AS wrapped, k.erased_at,
                EXISTS (SELECT 1 FROM "${db.schema}".es_events e WHERE e.stream_id = $2 AND e.revision = 0 AND xid(e.transaction_id) = k.xmin) AS with_events
           FROM "${db.schema}".pd_subject_keys k WHERE k.subject = $1`,
        [subject, streamId],
      )
    )[0] as { wrapped: string | null; erased_at: string | null; with_events: boolean } | undefined;

  beforeEach(async () => {
    db = await scratchPostgres();
    eventsDs = await db.dataSource();
    keysDs = await db.dataSource();
    inner = await PostgresEventStore.create({ dataSource: eventsDs, schema: db.schema });
    store = new PersonalDataProtectedEventStore(inner, await SubjectKeyStore.open(keysDs, randomBytes(32), db.schema), RULES);
    await inner.keepNewSubjectKeysBeside(2);
  });
  afterEach(async () => {
    await store.close();
    await keysDs.destroy();
    await db.drop();
  });

  it("stores a new child's key with the case's first events, and reads them back clear", async () => {
    const caseId = randomUUID();
    const result = await store.append(`case-${caseId}`, [recorded(caseId, 'Zorabelle Quintrell'), { type: 'CaseNoted', data: { caseId }, metadata: { actor } }], open);
    expect(result).toMatchObject({ nextExpectedRevision: 1, written: true });
    expect(await keyRow(`child:${caseId}`, `case-${caseId}`)).toMatchObject({ erased_at: null, with_events: true });
    const [stored] = await inner.readStream(`case-${caseId}`);
    expect(JSON.stringify(stored.data)).not.toMatch(/Zorabelle|Quintrell/);
    expect((await store.readStream(`case-${caseId}`)).map((e) => e.data.name)).toEqual(['Zorabelle Quintrell', undefined]);
    expect(await verifyStream(store, `case-${caseId}`)).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  it('opens a second case for a child who has a key with that key, unchanged', async () => {
    const caseId = randomUUID();
    await store.append(`case-${caseId}`, [recorded(caseId, 'Zorabelle Quintrell')], open);
    const before = await keyRow(`child:${caseId}`, `case-${caseId}`);
    await store.append(`case-${caseId}-again`, [recorded(caseId, 'Zorabelle Q')], open);
    expect(await keyRow(`child:${caseId}`, `case-${caseId}`)).toEqual(before);
    expect((await store.readStream(`case-${caseId}-again`))[0].data.name).toBe('Zorabelle Q');
    expect((await store.readStream(`case-${caseId}`))[0].data.name).toBe('Zorabelle Quintrell');
  });

  it('records nothing about an erased child in a new case, and gives it no key', async () => {
    const caseId = randomUUID();
    const subject = `child:${caseId}`;
    await store.keys.erase({ subject, erasedAt: new Date().toISOString(), userId: actor.userId, agencyId: actor.agencyId, reason: 'Recorded in error' });
    await expect(store.append(`case-${caseId}`, [recorded(caseId, 'Zorabelle Quintrell')], open)).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await inner.readStream(`case-${caseId}`)).toEqual([]);
    expect(await keyRow(subject, `case-${caseId}`)).toMatchObject({ wrapped: null, with_events: false });
    expect(await keyRow(subject, `case-${caseId}`)).toHaveProperty('erased_at', expect.any(String));
  });

  it('answers a retried opening as the first time, storing nothing twice', async () => {
    const caseId = randomUUID();
    const event = { ...recorded(caseId, 'Zorabelle Quintrell'), id: randomUUID() };
    const first = await store.append(`case-${caseId}`, [event], open);
    expect(await keyRow(`child:${caseId}`, `case-${caseId}`)).toMatchObject({ with_events: true });
    const retry = await store.append(`case-${caseId}`, [event], open);
    expect(retry).toEqual({ ...first, written: false });
    expect((await store.readStream(`case-${caseId}`)).map((e) => e.data.name)).toEqual(['Zorabelle Quintrell']);
    // The same id in another case is a conflict, and leaves no key for the child it did not record.
    const other = randomUUID();
    await expect(store.append(`case-${other}`, [{ ...recorded(other, 'Amarantha Vell'), id: event.id }], open)).rejects.toBeInstanceOf(EventIdConflictError);
    expect(await keyRow(`child:${other}`, `case-${other}`)).toBeUndefined();
  });

  it('gives one key to a new child whose two cases open at once, and both read clear', async () => {
    const caseId = randomUUID();
    const streams = Array.from({ length: 6 }, (_, i) => `case-${caseId}-${i}`);
    await Promise.all(streams.map((stream, i) => store.append(stream, [recorded(caseId, `Zorabelle ${i}`)], open)));
    const rows = await eventsDs.query(`SELECT count(*)::int AS n FROM "${db.schema}".pd_subject_keys WHERE subject = $1`, [`child:${caseId}`]);
    expect(rows[0].n).toBe(1);
    // The first stored the key with its events; the others found it and sealed with it.
    const stored = await Promise.all(streams.map((stream) => keyRow(`child:${caseId}`, stream)));
    expect(stored.filter((row) => row?.with_events)).toHaveLength(1);
    for (const [i, stream] of streams.entries()) expect((await store.readStream(stream))[0].data.name).toBe(`Zorabelle ${i}`);
  });

  it('refuses to open a case that exists, as any append does, and keeps no key for the child it did not record', async () => {
    const caseId = randomUUID();
    const other = randomUUID();
    await store.append(`case-${caseId}`, [recorded(caseId, 'Zorabelle Quintrell')], open);
    await expect(store.append(`case-${caseId}`, [recorded(other, 'Amarantha Vell')], open)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await store.readStream(`case-${caseId}`)).toHaveLength(1);
    expect(await keyRow(`child:${other}`, `case-${caseId}`)).toBeUndefined();
  });
});
