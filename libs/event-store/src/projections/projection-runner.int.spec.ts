import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, EntityManager, In, PrimaryColumn } from 'typeorm';
import {
  EventStore,
  HeldWriter,
  PostgresEventStore,
  Projection,
  ProjectionCheckpointEntity,
  ProjectionRunner,
  RecordedEvent,
  SqliteEventStore,
} from '@app/event-store';
import { anEvent, scratchPostgres, scratchSqlite } from '@app/event-store-testing';

/** Counts events per stream and notices any event applied twice or out of order. */
@Entity({ name: 'test_stream_tally' })
class TallyEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  streamId: string;

  @Column({ type: 'integer' })
  count: number;

  @Column({ type: 'integer' })
  lastRevision: number;

  @Column({ type: 'integer' })
  outOfOrder: number;
}

class TallyProjection implements Projection {
  readonly name = 'tally';
  readonly entities = [TallyEntity];
  failOnType?: string;

  constructor(readonly version = 1) {}

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const ids = [...new Set(events.map((e) => e.streamId))];
    const rows = new Map((await manager.findBy(TallyEntity, { streamId: In(ids) })).map((r) => [r.streamId, r]));
    for (const event of events) {
      const row = rows.get(event.streamId) ?? { streamId: event.streamId, count: 0, lastRevision: -1, outOfOrder: 0 };
      if (event.revision !== row.lastRevision + 1) row.outOfOrder++;
      row.count++;
      row.lastRevision = event.revision;
      rows.set(event.streamId, row);
      // A write that then fails: it must be rolled back with the checkpoint.
      if (event.type === this.failOnType) {
        await manager.save(TallyEntity, [...rows.values()]);
        throw new Error('projection bug');
      }
    }
    await manager.save(TallyEntity, [...rows.values()]);
  }
}

/** Tallies as TallyProjection does, its live batches at least `liveBatchIntervalMs` apart; counts its batches. */
class SpacedTallyProjection extends TallyProjection {
  batches = 0;

  constructor(readonly liveBatchIntervalMs: number) {
    super();
  }

  override async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    this.batches++;
    return super.apply(events, manager);
  }
}

/** Tallies as TallyProjection does, but a rebuild holds the tallies in memory and writes them once, at its end. */
class HeldTallyProjection extends TallyProjection implements Projection<Map<string, TallyEntity>> {
  flushes = 0;

  holdWrites(): Map<string, TallyEntity> {
    return new Map();
  }

  async flushHeld(held: Map<string, TallyEntity>, manager: EntityManager): Promise<void> {
    this.flushes++;
    await manager.save(TallyEntity, [...held.values()]);
  }

  override async apply(events: readonly RecordedEvent[], manager: EntityManager, held?: Map<string, TallyEntity>): Promise<void> {
    if (!held) return super.apply(events, manager);
    for (const event of events) {
      if (event.type === this.failOnType) throw new Error('projection bug');
      const row = held.get(event.streamId) ?? { streamId: event.streamId, count: 0, lastRevision: -1, outOfOrder: 0 };
      if (event.revision !== row.lastRevision + 1) row.outOfOrder++;
      row.count++;
      row.lastRevision = event.revision;
      held.set(event.streamId, row);
    }
  }
}

interface Setup {
  store: EventStore;
  readModels: DataSource;
  openReadModels(): Promise<DataSource>;
  close(): Promise<void>;
}

const setups: Record<string, () => Promise<Setup>> = {
  sqlite: async () => {
    const db = scratchSqlite();
    const store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    const openReadModels = () => db.dataSource('read-models.sqlite', { entities: [TallyEntity, ProjectionCheckpointEntity], synchronize: true });
    const readModels = await openReadModels();
    return { store, readModels, openReadModels, close: async () => (await store.close(), await readModels.destroy(), await db.drop()) };
  },
  postgres: async () => {
    const events = await scratchPostgres();
    const models = await scratchPostgres();
    const store = await PostgresEventStore.create({ dataSource: await events.dataSource(), schema: events.schema });
    const openReadModels = () => models.dataSource({ entities: [TallyEntity, ProjectionCheckpointEntity], synchronize: true });
    const readModels = await openReadModels();
    return {
      store,
      readModels,
      openReadModels,
      close: async () => (await store.close(), await readModels.destroy(), await events.drop(), await models.drop()),
    };
  },
};

describe.each(Object.keys(setups))('projection runner (%s)', (database) => {
  let s: Setup;
  const runners: ProjectionRunner[] = [];
  const run = (projection: Projection, readModels = s.readModels, leaseMs = 2000) => {
    const runner = new ProjectionRunner(s.store, readModels, projection, { pollIntervalMs: 20, retryDelayMs: 20, leaseMs, batchSize: 25 });
    runners.push(runner);
    return runner;
  };
  const tallies = async (readModels = s.readModels) =>
    (await readModels.getRepository(TallyEntity).find({ order: { streamId: 'ASC' } })).map(({ streamId, count, lastRevision, outOfOrder }) => ({
      streamId,
      count,
      lastRevision,
      outOfOrder,
    }));
  const appendSome = async (streams: string[], perStream: number) => {
    let last = '';
    for (let i = 0; i < perStream; i++) for (const id of streams) last = (await s.store.append(id, [anEvent('Counted', { i })])).position;
    return last;
  };

  beforeEach(async () => {
    s = await setups[database]();
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop().catch(() => undefined)));
    await s.close();
  });

  it('applies each event exactly once and keeps its checkpoint with the rows', async () => {
    const streams = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    await appendSome(streams, 30);
    const runner = run(new TallyProjection());
    runner.start();
    const last = await appendSome(streams, 20);
    await runner.waitFor(last);
    expect(await tallies()).toEqual(
      streams.sort().map((streamId) => ({ streamId, count: 50, lastRevision: 49, outOfOrder: 0 })),
    );
    const checkpoint = await s.readModels.getRepository(ProjectionCheckpointEntity).findOneByOrFail({ name: 'tally' });
    expect(checkpoint.position).toBe(last);
  });

  it('spaces the live batches of a projection that asks for it, yet reads at once for someone waiting for a position', async () => {
    const stream = `a-${randomUUID()}`;
    const projection = new SpacedTallyProjection(5000);
    const runner = run(projection);
    runner.start();
    await runner.waitFor(await appendSome([stream], 1));
    // Appends for about a second, nobody waiting: no batch before the interval has passed.
    const before = projection.batches;
    const until = performance.now() + 1000;
    while (performance.now() < until) {
      await s.store.append(stream, [anEvent('Counted', {})]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(projection.batches - before).toBe(0);
    // Someone reading their own write is answered well within the interval...
    const last = (await s.store.append(stream, [anEvent('Counted', {})])).position;
    await runner.waitFor(last, 2000);
    // ...with every event applied once.
    const [tally] = await tallies();
    expect(tally).toMatchObject({ streamId: stream, lastRevision: tally.count - 1, outOfOrder: 0 });
    expect(tally.count).toBeGreaterThan(10);
  });

  it('hands a projection only the types it reads, live and in a rebuild, and checkpoints past the others', async () => {
    const counted = `a-${randomUUID()}`;
    const noise = `noise-${randomUUID()}`;
    for (let i = 0; i < 60; i++) await s.store.append(i % 3 === 0 ? counted : noise, [anEvent(i % 3 === 0 ? 'Counted' : 'Noise', { i })]);
    const projection = Object.assign(new TallyProjection(), { eventTypes: ['Counted'] });
    const stored = async () => (await s.readModels.getRepository(ProjectionCheckpointEntity).findOneByOrFail({ name: 'tally' })).position;
    const runner = new ProjectionRunner(s.store, s.readModels, projection, { pollIntervalMs: 20, leaseMs: 2000, batchSize: 25, idleCheckpointMs: 60_000 });
    runners.push(runner);
    runner.start();
    const sixtieth = (await s.store.readAll({ limit: 100 }))[59].position;
    await runner.waitFor(sixtieth);
    expect(await stored()).toBe(sixtieth);

    // Batches with nothing to apply move the runner on without a read-model transaction each...
    const last = (await s.store.append(noise, [anEvent('Noise'), anEvent('Noise')])).position;
    await runner.waitFor(last);
    expect(runner.checkpoint).toBe(last);
    expect(await stored()).toBe(sixtieth);
    await runner.stop();
    // ...so a runner that resumes passes over them again, and nothing is applied twice.
    const resumed = run(projection);
    resumed.start();
    await resumed.waitFor(last);
    expect(await tallies()).toEqual([{ streamId: counted, count: 20, lastRevision: 19, outOfOrder: 0 }]);
    // With no delay allowed, the stored checkpoint follows them.
    await resumed.stop();
    const eager = new ProjectionRunner(s.store, s.readModels, projection, { pollIntervalMs: 20, leaseMs: 2000, idleCheckpointMs: 0 });
    runners.push(eager);
    eager.start();
    await eager.waitFor(last);
    await eager.stop();
    expect(await stored()).toBe(last);

    const progress: number[] = [];
    const rebuilder = run(projection);
    // A rebuild's progress counts every event of the log it went over; it stores where the log ends.
    await rebuilder.rebuild(({ handled }) => progress.push(handled), 25);
    expect(progress).toEqual([0, 25, 50, 62]);
    expect(await tallies()).toEqual([{ streamId: counted, count: 20, lastRevision: 19, outOfOrder: 0 }]);
    expect(await stored()).toBe(last);
  });

  it('applies the events before one it cannot apply, stops at that one naming it, and applies the rest once when fixed', async () => {
    const stream = `s-${randomUUID()}`;
    const [poison] = [randomUUID()];
    await s.store.append(stream, [anEvent('Counted'), anEvent('Counted'), { ...anEvent('Poison'), id: poison }, anEvent('Counted')]);
    const [, second, stored] = await s.store.readStream(stream);
    const projection = new TallyProjection();
    projection.failOnType = 'Poison';
    const runner = run(projection);
    runner.start();
    const checkpoint = () => s.readModels.getRepository(ProjectionCheckpointEntity).findOneByOrFail({ name: 'tally' });
    const failure = async () => (await s.readModels.getRepository(ProjectionCheckpointEntity).findOneBy({ name: 'tally' }))?.failure;
    for (let i = 0; i < 100 && !(await failure()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    // The failed batch is rolled back, then applied one event at a time: the first two stay applied.
    expect(await tallies()).toEqual([{ streamId: stream, count: 2, lastRevision: 1, outOfOrder: 0 }]);
    const row = await checkpoint();
    expect(row.position).toBe(second.position);
    expect(row.failure).toMatchObject({ event: { id: poison, position: stored.position, type: 'Poison' }, error: 'Error: projection bug', attempts: expect.any(Number) });
    expect(runner.failure).toMatchObject({ event: { id: poison }, error: 'Error: projection bug' });

    projection.failOnType = undefined;
    const last = await s.store.append(stream, [anEvent('Counted')]);
    await runner.waitFor(last.position);
    expect(await tallies()).toEqual([{ streamId: stream, count: 5, lastRevision: 4, outOfOrder: 0 }]);
    // The failure is cleared with the next batch applied.
    expect((await checkpoint()).failure).toBeNull();
    expect(runner.failure).toBeUndefined();
  });

  it('lets one runner at a time hold a projection, and another take over when it stops', async () => {
    const streams = [`a-${randomUUID()}`, `b-${randomUUID()}`, `c-${randomUUID()}`];
    const other = await s.openReadModels();
    try {
      const first = run(new TallyProjection());
      const second = run(new TallyProjection(), other);
      first.start();
      const early = await appendSome(streams, 5);
      await first.waitFor(early);
      // The second runner waits for the lease; the first keeps applying alone.
      second.start();
      const mid = await appendSome(streams, 10);
      await first.waitFor(mid);
      expect(second.checkpoint).toBe('');
      await first.stop();
      const last = await appendSome(streams, 15);
      await second.waitFor(last, 15_000);
      expect(await tallies()).toEqual(streams.sort().map((streamId) => ({ streamId, count: 30, lastRevision: 29, outOfOrder: 0 })));
    } finally {
      await Promise.all(runners.splice(0).map((r) => r.stop().catch(() => undefined)));
      await other.destroy();
    }
  });

  it('lets a rebuild hold writes to its end, storing the checkpoint only with them, and begins again from the first event after a failed one', async () => {
    const streams = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const last = await appendSome(streams, 40);
    const stored = async () => (await s.readModels.getRepository(ProjectionCheckpointEntity).findOneByOrFail({ name: 'tally' })).position;
    const projection = new HeldTallyProjection();
    const during: Promise<string>[] = [];
    const handled = await run(projection).rebuild(({ handled }) => {
      // Read after each batch commits: nothing is written yet, and the checkpoint has not moved.
      if (handled > 0 && handled < 80) during.push(stored());
    }, 30);
    expect(handled).toBe(80);
    expect(await Promise.all(during)).toEqual(['', '']);
    expect(projection.flushes).toBe(1);
    expect(await tallies()).toEqual(streams.sort().map((streamId) => ({ streamId, count: 40, lastRevision: 39, outOfOrder: 0 })));
    expect(await stored()).toBe(last);

    // A rebuild that fails part way writes nothing of what it held and leaves the checkpoint at the start...
    const poisoned = `p-${randomUUID()}`;
    await s.store.append(poisoned, [anEvent('Counted'), anEvent('Poison'), anEvent('Counted')]);
    projection.failOnType = 'Poison';
    const rebuilder = run(projection);
    await expect(rebuilder.rebuild(undefined, 30)).rejects.toThrow('projection bug');
    expect(await stored()).toBe('');
    expect(await tallies()).toEqual([]);
    expect(projection.flushes).toBe(1);
    // ...so the runner, once the projection is fixed, builds it from the first event, each applied once.
    projection.failOnType = undefined;
    rebuilder.start();
    const end = (await s.store.append(poisoned, [anEvent('Counted')])).position;
    await rebuilder.waitFor(end);
    expect(await tallies()).toEqual(
      [...streams.map((streamId) => ({ streamId, count: 40, lastRevision: 39, outOfOrder: 0 })), { streamId: poisoned, count: 4, lastRevision: 3, outOfOrder: 0 }].sort((a, b) =>
        a.streamId.localeCompare(b.streamId),
      ),
    );
  });

  it('rebuilds from the first event when the projection version changes, and on demand with progress', async () => {
    const streams = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const last = await appendSome(streams, 40);
    const v1 = run(new TallyProjection(1));
    v1.start();
    await v1.waitFor(last);
    await v1.stop();
    const live = await tallies();

    // Corrupt the read model by hand: a new version must not trust it.
    await s.readModels.createQueryBuilder().update(TallyEntity).set({ count: 999 }).execute();
    const v2 = run(new TallyProjection(2));
    v2.start();
    await v2.waitFor(last);
    expect(await tallies()).toEqual(live);
    await v2.stop();

    await s.readModels.createQueryBuilder().update(TallyEntity).set({ count: 999 }).execute();
    const progress: number[] = [];
    const handled = await run(new TallyProjection(2)).rebuild((p) => {
      expect(p.total).toBe(80);
      progress.push(p.handled);
    }, 30);
    expect(handled).toBe(80);
    expect(progress).toEqual([0, 30, 60, 80]);
    expect(await tallies()).toEqual(live);
  });
});

/**
 * HeldTallyProjection that, given a writer (a rebuild on PostgreSQL), also stores its tallies so far
 * beside each batch, in the writer's transactions; the flush stores the final ones after those.
 */
class BesideTallyProjection extends HeldTallyProjection {
  private writer?: HeldWriter;
  private writing: Promise<void> = Promise.resolve();
  besideWrites = 0;

  override holdWrites(writer?: HeldWriter): Map<string, TallyEntity> {
    this.writer = writer;
    return super.holdWrites();
  }

  override async apply(events: readonly RecordedEvent[], manager: EntityManager, held?: Map<string, TallyEntity>): Promise<void> {
    await super.apply(events, manager, held);
    const writer = this.writer;
    if (!held || !writer) return;
    const rows = [...held.values()].map((row) => ({ ...row }));
    this.writing = this.writing.then(() => writer((beside) => beside.save(TallyEntity, rows).then(() => void this.besideWrites++)));
  }

  override async flushHeld(held: Map<string, TallyEntity>, manager: EntityManager): Promise<void> {
    await this.writing;
    await super.flushHeld(held, manager);
  }
}

describe('projection runner on PostgreSQL: how its batches commit', () => {
  it('commits each batch (live, and of a rebuild) without waiting for the WAL flush, and leaves the connection as it was', async () => {
    const events = await scratchPostgres();
    const models = await scratchPostgres();
    const store = await PostgresEventStore.create({ dataSource: await events.dataSource(), schema: events.schema });
    const readModels = await models.dataSource({ entities: [TallyEntity, ProjectionCheckpointEntity], synchronize: true });
    const runner = new ProjectionRunner(store, readModels, new TallyProjection(), { pollIntervalMs: 20, leaseMs: 2000, batchSize: 25 });
    try {
      // A deferred constraint trigger runs as the transaction commits: it notes the commit mode then.
      const s = `"${models.schema}"`;
      await readModels.query(`CREATE TABLE ${s}.commit_modes (mode text NOT NULL)`);
      await readModels.query(`CREATE FUNCTION ${s}.note_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO ${s}.commit_modes VALUES (current_setting('synchronous_commit')); RETURN NULL; END $$`);
      await readModels.query(`CREATE CONSTRAINT TRIGGER note_commit_mode AFTER UPDATE ON ${s}.projection_checkpoints
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${s}.note_commit_mode()`);
      const stream = `s-${randomUUID()}`;
      for (let i = 0; i < 3; i++) await store.append(stream, [anEvent('Counted', { i })]);
      runner.start();
      await runner.waitFor((await store.append(stream, [anEvent('Counted', { i: 3 })])).position);
      // The setting is the transaction's own: the pool's connections keep the server's default (on).
      const [other] = await readModels.query(`SELECT current_setting('synchronous_commit') AS mode`);
      const modes: { mode: string }[] = await readModels.query(`SELECT DISTINCT mode FROM ${s}.commit_modes`);
      expect(modes).toEqual([{ mode: 'off' }]);
      expect(other.mode).toBe('on');
      expect((await readModels.getRepository(TallyEntity).findOneByOrFail({ streamId: stream })).count).toBe(4);

      // A rebuild's batches (the projection holding its writes) commit the same way.
      await runner.stop();
      await readModels.query(`TRUNCATE ${s}.commit_modes`);
      const holding = new BesideTallyProjection();
      expect(await new ProjectionRunner(store, readModels, holding).rebuild(undefined, 2)).toBe(4);
      expect(holding.flushes).toBe(1);
      // Its writes beside the batches committed the same way too.
      expect(holding.besideWrites).toBe(2);
      expect(await readModels.query(`SELECT mode, count(*)::int AS commits FROM ${s}.commit_modes GROUP BY mode`)).toEqual([{ mode: 'off', commits: expect.any(Number) }]);
      expect((await readModels.getRepository(TallyEntity).findOneByOrFail({ streamId: stream })).count).toBe(4);
    } finally {
      await runner.stop();
      await store.close();
      await readModels.destroy();
      await events.drop();
      await models.drop();
    }
  });
});
