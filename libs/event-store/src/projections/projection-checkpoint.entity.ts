import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Why a projection is not moving on, stored with its checkpoint so that every process, the
 * `projections status` command and the auditor's check can see it (the runner may run elsewhere).
 * Ids, positions and an error's class and message only: never event data.
 */
export interface ProjectionFailure {
  /** The event it cannot apply, when the failure is an event's (not, say, the database's). */
  event?: { id: string; position: string; type: string };
  /** The error's class and message (a database driver's: class and code). */
  error: string;
  /** When it began failing (ISO). */
  since: string;
  /** Attempts so far; the runner backs off between them, up to a few seconds. */
  attempts: number;
}

/**
 * One row per projection, in the read-model database. `owner`/`leaseUntil` make sure one
 * runner at a time writes a projection, across processes: every batch's transaction moves the
 * checkpoint only while its runner still holds the lease (a fencing check).
 */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  position: string;

  @Column({ type: 'integer', default: 0 })
  version: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  owner: string | null;

  /** Epoch milliseconds. */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  leaseUntil: number;

  @Column({ type: 'varchar', length: 30, nullable: true })
  updatedAt: string | null;

  /** How many subjects were erased when this read model was last rebuilt: it rebuilds when more are. */
  @Column({ type: 'integer', default: 0 })
  erasuresSeen: number;

  /** Set while the runner holding it cannot move on; cleared by the next batch it applies. */
  @Column({ type: 'simple-json', nullable: true })
  failure: ProjectionFailure | null;
}
