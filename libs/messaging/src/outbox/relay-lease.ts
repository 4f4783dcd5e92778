import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { LeaseLostError, LogPosition, ProjectionCheckpointEntity, START, withWriteLock } from '@app/event-store';

/** Where a subscription-derived outbox keeps its place in the global log. */
export interface OutboxCheckpoint {
  load(): Promise<LogPosition>;
  /** Fenced: refused (LeaseLostError) once another relay holds the lease. */
  save(position: LogPosition): Promise<void>;
}

/**
 * One active relay at a time, across processes: a lease in a row of the read-model database's
 * `projection_checkpoints` table (as a projection runner holds its projection), renewed while the
 * relay runs and taken over by another once it lapses. The same row keeps a subscription-derived
 * outbox's checkpoint, moved only by the lease holder.
 */
export class RelayLease implements OutboxCheckpoint {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private heldUntil = 0;

  constructor(
    private readonly dataSource: DataSource,
    readonly name = 'messaging:outbox-relay',
    readonly leaseMs = 15_000,
  ) {}

  /** Whether this relay holds the lease now (as far as it knows). */
  get held(): boolean {
    return this.heldUntil > Date.now();
  }

  /** Who held the lease while this relay stood by, and, once it took over, whose lease had lapsed and when. */
  holder: string | null = null;
  takenOverFrom?: { owner: string; lapsedMs: number };

  /** Takes the lease if it is free, lapsed or already ours. */
  async claim(): Promise<boolean> {
    // Look before writing: a waiting relay must not keep the holder's SQLite writes busy.
    const current = await this.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ name: this.name });
    if (current?.owner && current.owner !== this.owner && current.leaseUntil >= Date.now()) {
      this.holder = current.owner;
      return false;
    }
    this.takenOverFrom = current?.owner && current.owner !== this.owner ? { owner: current.owner, lapsedMs: Math.max(0, Date.now() - current.leaseUntil) } : undefined;
    const until = Date.now() + this.leaseMs;
    const claimed = await this.write(async (manager) => {
      const repo = manager.getRepository(ProjectionCheckpointEntity);
      await repo.createQueryBuilder().insert().values({ name: this.name, position: START, version: 1, owner: null, leaseUntil: 0 }).orIgnore().execute();
      const result = await repo
        .createQueryBuilder()
        .update()
        .set({ owner: this.owner, leaseUntil: until, updatedAt: new Date().toISOString() })
        .where('name = :name', { name: this.name })
        .andWhere('(owner IS NULL OR owner = :owner OR "leaseUntil" < :now)', { owner: this.owner, now: Date.now() })
        .execute();
      return result.affected === 1;
    });
    this.heldUntil = claimed ? until : 0;
    return claimed;
  }

  /** Extends the lease; false when another relay took it meanwhile. */
  async renew(): Promise<boolean> {
    const until = Date.now() + this.leaseMs;
    const result = await this.write((manager) => manager.update(ProjectionCheckpointEntity, { name: this.name, owner: this.owner }, { leaseUntil: until }));
    this.heldUntil = result.affected === 1 ? until : 0;
    return result.affected === 1;
  }

  async release(): Promise<void> {
    this.heldUntil = 0;
    await this.write((manager) => manager.update(ProjectionCheckpointEntity, { name: this.name, owner: this.owner }, { owner: null, leaseUntil: 0 }));
  }

  async load(): Promise<LogPosition> {
    return (await this.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ name: this.name }))?.position ?? START;
  }

  async save(position: LogPosition): Promise<void> {
    const until = Date.now() + this.leaseMs;
    const moved = await this.write((manager) =>
      manager.update(ProjectionCheckpointEntity, { name: this.name, owner: this.owner }, { position, leaseUntil: until, updatedAt: new Date().toISOString() }),
    );
    if (moved.affected !== 1) {
      this.heldUntil = 0;
      throw new LeaseLostError(`Relay ${this.owner} no longer holds ${this.name}`);
    }
    this.heldUntil = until;
  }

  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withWriteLock(this.dataSource, () => this.dataSource.transaction((manager) => work(manager)));
  }
}
